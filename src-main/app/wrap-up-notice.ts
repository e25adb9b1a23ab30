import type { TrackedCall } from '../../src-shared/calls';
import { countdownClock } from '../../src-shared/clock-duration';
import { formatForDisplay } from '../../src-shared/phone-numbers';
import type { WrapUpView } from '../../src-shared/webhooks';
import type { CallNotification } from '../core/index';
import type { Notifier } from './app-ports';

/** The notification a starting wrap-up shows: worded when shown, with the time left then. */
export function wrapUpNotification(view: WrapUpView, call: TrackedCall | undefined, now: number): CallNotification {
  const who = call ? (call.toName ?? formatForDisplay(call.to)) : null;
  const left = countdownClock(view.until - now);
  return {
    callId: view.callId,
    title: who ? `Wrap up your call with ${who} — ${left}` : `Wrap up your last call — ${left}`,
    body:
      view.mode === 'require' ? 'Choose a disposition and write a note: required before your next call.' : 'Choose a disposition and write a note, or skip it.',
    failure: false,
    tag: wrapUpTag(view.callId),
  };
}

/** The tag of a call's wrap-up reminder: taken back when the wrap-up ends. */
const wrapUpTag = (callId: string) => `wrap-up:${callId}`;

/**
 * Brings each wrap-up to the user's attention once, as it starts (the popover may be closed
 * when a call ends): a click opens the popover on that call, which shows the step. Muted
 * notifications show nothing, as for legs. A wrap-up that ends (finished, skipped, timed out)
 * takes its reminder back, so no stale countdown stays on screen.
 */
export class WrapUpNotices {
  private readonly announced = new Set<string>();

  constructor(
    private readonly notifier: Notifier,
    private readonly callOf: (callId: string) => TrackedCall | undefined,
    private readonly muted: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** The core's list of wrap-ups changed (one started, ended, or was finished). */
  changed(wrapUps: readonly WrapUpView[]): void {
    const running = new Set(wrapUps.map((w) => w.callId));
    for (const callId of this.announced) {
      if (running.has(callId)) continue;
      this.announced.delete(callId);
      this.notifier.withdraw(wrapUpTag(callId));
    }
    for (const view of wrapUps) {
      if (this.announced.has(view.callId)) continue;
      this.announced.add(view.callId);
      if (!this.muted()) this.notifier.show(wrapUpNotification(view, this.callOf(view.callId), this.now()));
    }
  }
}
