import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import { legSentence, legUpdateSentence } from '../../../src-shared/leg-labels';
import { isLegFailure, isLegFinal, type LegState } from '../../../src-shared/leg-state';
import { formatForDisplay } from '../../../src-shared/phone-numbers';
import type { Clock } from '../ports';
import type { NotificationMode } from '../../../src-shared/outbound-rules';

export interface CallNotification {
  callId: string;
  title: string;
  body: string;
  /** A failed or missed leg (shown even when leg-by-leg notifications are off). */
  failure: boolean;
  /** Stays on screen until clicked (a failed leg, when the user asked for that). */
  persistent?: boolean;
  /** Names a reminder that can be taken back (Notifier.withdraw) once its moment has passed. */
  tag?: string;
}

export interface NotificationSettings {
  /** Nothing at all. */
  muted: boolean;
  /** One notification per leg change; off leaves only failures. */
  legChanges: boolean;
  failures: boolean;
  /**
   * When set, decides instead of legChanges/failures (muted still silences everything):
   * `every` leg change, only `outcomes` (how each leg ended, not "ringing" nor "you answered"), or `none`.
   */
  mode?: NotificationMode;
  /** Failed legs' notifications stay until clicked. */
  persistentFailures?: boolean;
}

/** An outcome: how a leg ended. Your phone answering is only the middle of the call. */
export function isLegOutcome(leg: 'caller' | 'callee', state: LegState): boolean {
  return isLegFinal(state) && !(leg === 'caller' && state === 'connected');
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { muted: false, legChanges: true, failures: true };

/** Changes this close together become one notification ("You answered · Ringing them now"). */
export const COALESCE_MS = 1200;

interface Pending {
  call: TrackedCall;
  legs: Map<'caller' | 'callee', LegState>;
  /** Better evidence changed an outcome after the call ended: said as one "Update: …". */
  update: boolean;
  flush: () => void;
}

/**
 * Decides which leg changes deserve a notification: each real change of a call the user
 * placed, bursts merged into one, never the same leg state twice for a call, and failures
 * even when leg-by-leg notifications are off. The shell only shows what comes out.
 */
export class NotificationPolicy {
  private readonly pending = new Map<string, Pending>();
  /** The last state said of each leg ("callId:leg"): never said twice, and a correction of it is always said. */
  private readonly said = new Map<string, LegState>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: (notification: CallNotification) => void,
    private readonly settings: () => NotificationSettings,
    /** Simulated time runs faster in demo mode and tests; bursts are judged in the same time. */
    private readonly coalesceMs: number = COALESCE_MS,
  ) {}

  onLegChanged(change: LegChange, call: TrackedCall): void {
    if (change.to === 'waiting' || change.to === 'unknown') return;
    // An update that only says "it stopped" adds nothing to what was shown.
    if (change.update && change.to === 'ended') return;
    const key = `${change.callId}:${change.leg}`;
    const said = this.said.get(key);
    if (said === change.to) return;
    const settings = this.settings();
    if (settings.muted || settings.mode === 'none') return;
    const failure = isLegFailure(change.to);
    // The call log corrected what a notification said of this leg: the user is told, whatever
    // the filter (the last word on screen must not be the wrong one).
    const correction = Boolean(change.update) && said !== undefined;
    const filtered =
      settings.mode === 'outcomes'
        ? !isLegOutcome(change.leg, change.to)
        : settings.mode === undefined && !(settings.legChanges || (failure && settings.failures));
    if (filtered && !correction) return;
    this.said.set(key, change.to);
    // Updates and live changes are said apart; updates of one call together, as one notice.
    const pendingKey = change.update ? `${change.callId}:update` : change.callId;
    let pending = this.pending.get(pendingKey);
    if (!pending) {
      const cancel = this.clock.setTimeout(() => this.flush(pendingKey), this.coalesceMs);
      pending = { call, legs: new Map(), update: Boolean(change.update), flush: cancel };
      this.pending.set(pendingKey, pending);
    }
    pending.call = call;
    pending.legs.set(change.leg, change.to);
  }

  private flush(key: string): void {
    const pending = this.pending.get(key);
    if (!pending) return;
    this.pending.delete(key);
    const order: Array<'caller' | 'callee'> = ['caller', 'callee'];
    const legs = order.filter((leg) => pending.legs.has(leg));
    const body = pending.update
      ? `Update: ${legs.map((leg) => legUpdateSentence(leg, pending.legs.get(leg)!)).join(' · ')}`
      : legs.map((leg) => legSentence(leg, pending.legs.get(leg)!)).join(' · ');
    const failure = [...pending.legs.values()].some(isLegFailure);
    const call = pending.call;
    const who = call.toName ? `${call.toName} (${formatForDisplay(call.to)})` : formatForDisplay(call.to);
    const persistent = failure && this.settings().persistentFailures === true;
    this.emit({ callId: call.id, title: `Call to ${who}`, body, failure, ...(persistent ? { persistent } : {}) });
  }

  /** Sends what is waiting at once (app quitting). */
  flushAll(): void {
    for (const [key, pending] of [...this.pending]) {
      pending.flush();
      this.flush(key);
    }
  }
}
