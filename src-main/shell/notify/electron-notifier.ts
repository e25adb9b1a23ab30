import { Notification } from 'electron';
import type { Notifier } from '../../app/app-ports';
import type { CallNotification } from '../../core/notify/notification-policy';

/** Native notifications; a click opens the history window at that call. */
export class ElectronNotifier implements Notifier {
  // Notifications must stay referenced until dismissed, or their click handler is lost.
  private readonly live = new Set<Notification>();

  constructor(private readonly onClick: (callId: string) => void) {}

  show(notification: CallNotification): void {
    if (!Notification.isSupported()) return;
    const native = new Notification({ title: notification.title, body: notification.body, silent: !notification.failure });
    native.on('click', () => this.onClick(notification.callId));
    native.on('close', () => this.live.delete(native));
    this.live.add(native);
    if (this.live.size > 20) this.live.delete(this.live.values().next().value!);
    native.show();
  }
}
