import type { Annotation } from '../../../src-shared/annotations';
import type { WrapUpView } from '../../../src-shared/webhooks';
import { integrationMessages as m } from '../lib/integration-messages';
import type { RingsideClient } from '../lib/ringside-client';

/** The time a countdown reads, and its tick: the system's, or a test's (advanced by hand). */
export interface Clock {
  now(): number;
  /** Calls `tick` every `ms`; returns the stop. */
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

/** Often enough that "0:42 left" never lags a second behind. */
const TICK_MS = 250;

/**
 * The wrap-up after a call (issue 30): which calls wait for one, the countdown to each one's
 * `until`, the disposition and note being written, and Done / Skip. In require mode it also
 * blocks the next call until the wrap-up is done or its time is up.
 */
export class WrapUpState {
  /** The calls waiting for a wrap-up, as main last said. */
  pending = $state<WrapUpView[]>([]);
  now = $state(0);
  disposition = $state('');
  note = $state('');
  busy = $state(false);
  /** Why Done was refused (a missing disposition, or main's words). */
  error = $state<string | null>(null);
  /** Said once a wrap-up went away by itself (time up), until the next one starts. */
  notice = $state<string | null>(null);
  /** The call the draft is written for. */
  private draftFor: string | null = null;
  private stopTicking: (() => void) | null = null;

  constructor(
    private readonly client: RingsideClient,
    private readonly clock: Clock = systemClock,
  ) {
    this.now = clock.now();
  }

  /** Main's list of calls waiting (the snapshot's, then each `wrapUp.changed`). */
  set(views: WrapUpView[]): void {
    this.now = this.clock.now();
    const before = this.current;
    this.pending = views;
    this.follow(before);
  }

  /** The wrap-up on screen: the oldest call whose countdown is still running. */
  get current(): WrapUpView | null {
    return this.pending.find((view) => view.until > this.now) ?? null;
  }

  /** The wrap-up that holds the next call back (require mode), or null. */
  get blocking(): WrapUpView | null {
    const current = this.current;
    return current?.mode === 'require' ? current : null;
  }

  /** Milliseconds left of the current wrap-up (0 when none). */
  get remaining(): number {
    const current = this.current;
    return current ? Math.max(0, current.until - this.now) : 0;
  }

  /** Something is written that main has not got yet. */
  get dirty(): boolean {
    return this.draftFor !== null && (this.note.trim() !== '' || this.disposition !== '');
  }

  /** Reads the clock; a countdown that ended takes its wrap-up off the screen. */
  tick(): void {
    const before = this.current;
    this.now = this.clock.now();
    this.follow(before);
  }

  stop(): void {
    this.stopTicking?.();
    this.stopTicking = null;
  }

  setDisposition(value: string): void {
    this.disposition = value;
    this.error = null;
  }

  setNote(value: string): void {
    this.note = value;
    this.error = null;
  }

  /** Done: saves the note and disposition and lets the call be reported. Require mode needs a disposition. */
  async finish(): Promise<boolean> {
    const current = this.current;
    if (!current || this.busy) return false;
    if (current.mode === 'require' && !this.disposition) {
      this.error = m.wrapUp.needsDisposition;
      return false;
    }
    this.busy = true;
    const answer = await this.client.ask('wrapUp.finish', { callId: current.callId, annotation: this.annotation() });
    this.busy = false;
    if (!answer.ok) {
      this.error = answer.error.message;
      return false;
    }
    this.done(current.callId);
    return true;
  }

  /** Skip (ask mode only): the call is reported now, without a wrap-up. */
  async skip(): Promise<boolean> {
    const current = this.current;
    if (!current || current.mode !== 'ask' || this.busy) return false;
    this.busy = true;
    const answer = await this.client.ask('wrapUp.skip', { callId: current.callId });
    this.busy = false;
    if (!answer.ok) {
      this.error = answer.error.message;
      return false;
    }
    this.done(current.callId);
    return true;
  }

  private annotation(): Annotation {
    return { note: this.note.trim() ? this.note : null, disposition: this.disposition || null };
  }

  private done(callId: string): void {
    this.pending = this.pending.filter((view) => view.callId !== callId);
    this.clearDraft();
    this.follow(null);
  }

  private clearDraft(): void {
    this.draftFor = null;
    this.note = '';
    this.disposition = '';
    this.error = null;
  }

  /**
   * After the list or the clock moved: a new wrap-up starts a fresh draft; one that ran out
   * with something written saves it to the call (reported then as a `call.updated`), so
   * nothing typed is lost. The clock ticks only while a wrap-up is waiting.
   */
  private follow(before: WrapUpView | null): void {
    const current = this.current;
    if (before && before.callId !== current?.callId && this.draftFor === before.callId) {
      // Gone without Done (time up, or main ended it first): what was written still reaches the call.
      if (this.dirty) {
        this.client.send('call.annotate', { ref: { callId: before.callId }, annotation: this.annotation() });
        this.notice = m.wrapUp.savedLate;
      } else if (before.until <= this.now) {
        this.notice = m.wrapUp.timeUp;
      }
      this.clearDraft();
    }
    if (current && this.draftFor !== current.callId) {
      this.clearDraft();
      this.draftFor = current.callId;
      this.notice = null;
    }
    const waiting = this.pending.some((view) => view.until > this.now);
    if (waiting && !this.stopTicking) this.stopTicking = this.clock.every(TICK_MS, () => this.tick());
    else if (!waiting) this.stop();
  }
}
