import type { Annotation } from '../../../src-shared/annotations';
import { isOver, type TrackedCall } from '../../../src-shared/calls';
import { Emitter, type Event } from '../../../src-shared/emitter';
import type { WrapUpMode, WrapUpView } from '../../../src-shared/webhooks';
import { RingsideError } from '../errors';
import type { Clock } from '../ports';

export interface WrapUpSettings {
  mode: WrapUpMode;
  seconds: number;
}

export interface WrapUpDeps {
  clock: Clock;
  settings: () => WrapUpSettings;
  /** Saves the note and disposition and lets the call's `call.completed` go, in one transaction. */
  finish: (callId: string, annotation: Annotation) => void;
  /** Lets the call's `call.completed` go as it is. */
  release: (callId: string) => void;
}

/**
 * `core.wrapUp`: the step after a call in which the user writes a note and picks a
 * disposition. While a call waits for it, its `call.completed` is held (the outbox row waits
 * until `until`, so a restart mid-wrap-up still sends it then). Ask mode may be skipped;
 * require mode needs a disposition.
 */
export class WrapUpHold {
  private readonly holds = new Map<string, { view: WrapUpView; cancel: () => void }>();
  /** Calls seen live in this session: only they get a wrap-up (not a call resumed long after it ended). */
  private readonly seenLive = new Set<string>();
  private readonly changedEmitter = new Emitter<WrapUpView[]>();
  readonly onChanged: Event<WrapUpView[]> = this.changedEmitter.event;

  constructor(private readonly deps: WrapUpDeps) {}

  /** Follows the tracker: a call that was live and is now over starts its wrap-up (unless off). */
  callUpdated(call: TrackedCall): void {
    if (!isOver(call)) {
      this.seenLive.add(call.id);
      return;
    }
    if (!this.seenLive.delete(call.id) || call.phase === 'failed') return;
    const { mode, seconds } = this.deps.settings();
    if (mode === 'off' || this.holds.has(call.id)) return;
    const until = this.deps.clock.now() + seconds * 1000;
    const cancel = this.deps.clock.setTimeout(() => this.end(call.id, () => this.deps.release(call.id)), seconds * 1000);
    this.holds.set(call.id, { view: { callId: call.id, mode, until }, cancel });
    this.fire();
  }

  /** When the call's wrap-up ends, while it lasts (its `call.completed` waits until then). */
  heldUntil(callId: string): number | null {
    return this.holds.get(callId)?.view.until ?? null;
  }

  list(): WrapUpView[] {
    return [...this.holds.values()].map((h) => h.view);
  }

  finish(callId: string, annotation: Annotation): { finished: boolean } {
    const hold = this.holds.get(callId);
    if (hold?.view.mode === 'require' && !annotation.disposition?.trim())
      throw new RingsideError('WRAP_UP_REQUIRED', 'Choose a disposition to finish the wrap-up: your settings require one after every call.');
    // Saved even after the countdown ended (then it reaches receivers as call.updated).
    this.deps.finish(callId, annotation);
    return { finished: this.end(callId) };
  }

  skip(callId: string): { skipped: boolean } {
    const hold = this.holds.get(callId);
    if (!hold) return { skipped: false };
    if (hold.view.mode === 'require') throw new RingsideError('WRAP_UP_REQUIRED');
    return { skipped: this.end(callId, () => this.deps.release(callId)) };
  }

  stop(): void {
    for (const hold of this.holds.values()) hold.cancel();
    this.holds.clear();
    this.changedEmitter.dispose();
  }

  private end(callId: string, before?: () => void): boolean {
    const hold = this.holds.get(callId);
    if (!hold) return false;
    before?.();
    hold.cancel();
    this.holds.delete(callId);
    this.fire();
    return true;
  }

  private fire(): void {
    this.changedEmitter.fire(this.list());
  }
}
