import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import { legSentence } from '../../../src-shared/leg-labels';
import { isLegFailure, type LegState } from '../../../src-shared/leg-state';
import { formatForDisplay } from '../ringout/phone-numbers';
import type { Clock } from '../ports';

export interface CallNotification {
  callId: string;
  title: string;
  body: string;
  /** A failed or missed leg (shown even when leg-by-leg notifications are off). */
  failure: boolean;
}

export interface NotificationSettings {
  /** Nothing at all. */
  muted: boolean;
  /** One notification per leg change; off leaves only failures. */
  legChanges: boolean;
  failures: boolean;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { muted: false, legChanges: true, failures: true };

/** Changes this close together become one notification ("You answered · Ringing them now"). */
export const COALESCE_MS = 1200;

interface Pending {
  call: TrackedCall;
  legs: Map<'caller' | 'callee', LegState>;
  flush: () => void;
}

/**
 * Decides which leg changes deserve a notification: each real change of a call the user
 * placed, bursts merged into one, never the same leg state twice for a call, and failures
 * even when leg-by-leg notifications are off. The shell only shows what comes out.
 */
export class NotificationPolicy {
  private readonly pending = new Map<string, Pending>();
  private readonly shown = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: (notification: CallNotification) => void,
    private readonly settings: () => NotificationSettings,
    /** Simulated time runs faster in demo mode and tests; bursts are judged in the same time. */
    private readonly coalesceMs: number = COALESCE_MS,
  ) {}

  onLegChanged(change: LegChange, call: TrackedCall): void {
    if (change.to === 'waiting' || change.to === 'unknown') return;
    const key = `${change.callId}:${change.leg}:${change.to}`;
    if (this.shown.has(key)) return;
    const settings = this.settings();
    if (settings.muted) return;
    const failure = isLegFailure(change.to);
    if (!(settings.legChanges || (failure && settings.failures))) return;
    this.shown.add(key);
    let pending = this.pending.get(change.callId);
    if (!pending) {
      const cancel = this.clock.setTimeout(() => this.flush(change.callId), this.coalesceMs);
      pending = { call, legs: new Map(), flush: cancel };
      this.pending.set(change.callId, pending);
    }
    pending.call = call;
    pending.legs.set(change.leg, change.to);
  }

  private flush(callId: string): void {
    const pending = this.pending.get(callId);
    if (!pending) return;
    this.pending.delete(callId);
    const order: Array<'caller' | 'callee'> = ['caller', 'callee'];
    const parts = order.filter((leg) => pending.legs.has(leg)).map((leg) => legSentence(leg, pending.legs.get(leg)!));
    const failure = [...pending.legs.values()].some(isLegFailure);
    const call = pending.call;
    const who = call.toName ? `${call.toName} (${formatForDisplay(call.to)})` : formatForDisplay(call.to);
    this.emit({ callId, title: `Call to ${who}`, body: parts.join(' · '), failure });
  }

  /** Sends what is waiting at once (app quitting). */
  flushAll(): void {
    for (const [callId, pending] of [...this.pending]) {
      pending.flush();
      this.flush(callId);
    }
  }
}
