import { Notification } from 'electron';
import type { Notifier } from '../../app/app-ports';
import type { CallNotification } from '../../core/index';

/** Native notifications; a click opens the call in the popover. */
export class ElectronNotifier implements Notifier {
  // Notifications must stay referenced until dismissed, or their click handler is lost.
  private readonly live = new Set<Notification>();
  private readonly tagged = new Map<string, Notification>();

  constructor(private readonly onClick: (callId: string) => void) {}

  show(notification: CallNotification): void {
    if (!Notification.isSupported()) return;
    // A persistent alert stays until clicked where the OS lets an app ask (Windows, Linux:
    // timeoutType and critical urgency); on macOS the user's alert style decides. Do Not
    // Disturb / Focus is left to the OS, which holds these back while it is on.
    const persistent = notification.persistent === true;
    const native = new Notification({
      title: notification.title,
      body: notification.body,
      silent: !notification.failure,
      ...(persistent ? { timeoutType: 'never' as const, urgency: 'critical' as const } : {}),
    });
    const tag = notification.tag;
    native.on('click', () => this.onClick(notification.callId));
    native.on('close', () => {
      this.live.delete(native);
      if (tag !== undefined && this.tagged.get(tag) === native) this.tagged.delete(tag);
    });
    this.live.add(native);
    if (this.live.size > 20) this.live.delete(this.live.values().next().value!);
    if (tag !== undefined) this.tagged.set(tag, native);
    native.show();
  }

  withdraw(tag: string): void {
    const native = this.tagged.get(tag);
    this.tagged.delete(tag);
    native?.close();
  }
}
