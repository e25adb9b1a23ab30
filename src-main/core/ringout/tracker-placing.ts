import { randomUUID } from 'node:crypto';
import { isActive, isInProgress, type TrackedCall } from '../../../src-shared/calls';
import { ApiError } from '../ringcentral/api-error';
import type { ActiveCall } from '../ringcentral/api';
import { ringOutRefusal } from '../ringcentral/ringout-refusals';
import * as machine from './call-machine';
import { PROBLEM_WORDS } from './explain';
import { sameNumber, toE164 } from '../../../src-shared/phone-numbers';
import { COULD_NOT_END, type PlaceCallInput, TIMING, type TrackerContext, TrackerError } from './tracker-state';

/** How long after RingCentral answered an identical request is still the same click, while that call goes on (ms). */
export const DOUBLE_PLACE_MS = 2000;

interface Placement {
  call: Promise<TrackedCall>;
  /** When RingCentral answered (or the placement failed); null while in flight. */
  settledAt: number | null;
  /** The call placed, once it is. */
  callId: string | null;
}

/** Placing a call (one POST per click) and ending it (cancel or hang-up, confirmed or said plainly). */
export class CallPlacing {
  /** Placements by what was asked (number, ring-me-at, caller ID, prompt), kept a moment after they settle. */
  private readonly placements = new Map<string, Placement>();
  private readonly endingTimers = new Map<string, () => void>();

  constructor(private readonly ctx: TrackerContext) {}

  /**
   * Places a call. The same request again while it is being placed (then the same call or the
   * same refusal), or a moment after while that call goes on, gets that call: a double click
   * (or a link opened twice) sends one POST, so never two calls and never RingCentral's 429
   * CMN-304 "Duplicate concurrent request" (REALITY 23).
   */
  async place(input: PlaceCallInput): Promise<TrackedCall> {
    const to = toE164(input.to, input.defaultCountry);
    if (!to.ok) throw new TrackerError('INVALID_NUMBER', to.message);
    const from = toE164(input.from, input.defaultCountry);
    if (!from.ok) throw new TrackerError('INVALID_RING_ME_AT', `Ring-me-at number: ${from.message}`);
    const callerId = input.callerId ? toE164(input.callerId, input.defaultCountry) : null;
    const key = JSON.stringify([to.e164, from.e164, callerId?.ok ? callerId.e164 : input.callerId || null, input.playPrompt ?? false]);
    const now = this.ctx.deps.clock.now();
    for (const [other, placement] of this.placements) {
      if (placement.settledAt !== null && now - placement.settledAt >= DOUBLE_PLACE_MS) this.placements.delete(other);
    }
    const same = this.placements.get(key);
    if (same?.settledAt === null) return same.call;
    // Just placed and still going: the same click again. (Over, or refused: a new request is meant.)
    const placed = same?.callId ? this.ctx.calls.get(same.callId) : undefined;
    if (placed && isInProgress(placed)) return placed;
    const placement: Placement = { call: this.placeOnce(input, to.e164, from.e164), settledAt: null, callId: null };
    this.placements.set(key, placement);
    placement.call.then(
      (call) => Object.assign(placement, { settledAt: this.ctx.deps.clock.now(), callId: call.id }),
      () => Object.assign(placement, { settledAt: this.ctx.deps.clock.now() }),
    );
    return placement.call;
  }

  private async placeOnce(input: PlaceCallInput, to: string, from: string): Promise<TrackedCall> {
    const now = this.ctx.deps.clock.now();
    const call = machine.newCall(
      {
        id: randomUUID(),
        to,
        toName: input.toName ?? this.ctx.deps.nameFor?.(to) ?? null,
        from,
        callerId: input.callerId ?? null,
        playPrompt: input.playPrompt ?? false,
      },
      now,
    );
    this.ctx.apply({ call, changes: [], updated: true });
    let answer;
    try {
      answer = await this.ctx.deps.api.createRingOut({ from, to, callerId: input.callerId ?? undefined, playPrompt: call.playPrompt });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('network', String(error), null, null);
      if (apiError.kind === 'network') {
        // The request may have reached RingCentral: look for the call instead of calling it failed.
        const current = this.ctx.calls.get(call.id)!;
        this.ctx.apply(machine.ended({ ...current, problem: PROBLEM_WORDS.connectionDropped }, this.ctx.deps.clock.now()));
        this.ctx.queueReconcile(call.id, this.ctx.window() * TIMING.firstReconcile);
        throw new TrackerError('PLACE_FAILED', apiError.message);
      }
      // A refusal RingCentral explains with a specific code gets its own sentence (REALITY 18).
      const problem = ringOutRefusal(apiError.errorCode, apiError.parameterName) ?? apiError.message;
      this.ctx.apply(machine.placementFailed(this.ctx.calls.get(call.id)!, problem, this.ctx.deps.clock.now()));
      throw new TrackerError('PLACE_FAILED', problem);
    }
    this.ctx.apply(machine.placed(this.ctx.calls.get(call.id)!, answer.id, answer.status, this.ctx.deps.clock.now()));
    const current = this.ctx.calls.get(call.id)!;
    if (current.phase === 'live') this.ctx.schedulePoll(call.id, this.ctx.pollInterval(current));
    else if (current.phase === 'ended') this.ctx.queueReconcile(call.id, this.ctx.window() * TIMING.firstReconcile);
    return current;
  }

  /**
   * Ends a call in any phase: before your phone has answered, DELETE ring-out; after, Call
   * Control on the telephony session (DELETE ring-out may answer 204 and let the call go on).
   * Neither answer ends the tracking: the call shows "ending" until status, push or the call
   * log confirms the end, and says plainly when RingCentral did not end it.
   */
  async cancel(id: string): Promise<TrackedCall> {
    const call = this.ctx.calls.get(id);
    if (!call || !isActive(call)) throw new TrackerError('NOT_FOUND', 'That call is not in progress any more.');
    if (call.phase === 'ended') return call;
    if (!call.ringOutId) throw new TrackerError('TOO_LATE', 'The call is still being placed; try again in a moment.');
    const hangUp = call.caller.state === 'connected' || call.caller.state === 'voicemail';
    let telephonySessionId = call.telephonySessionId;
    if (hangUp && !telephonySessionId) {
      // No push has named the session: RingCentral's active calls can (REALITY 28), a few seconds late.
      this.ctx.apply(machine.endRequested(call, 'hangUp', this.ctx.deps.clock.now()));
      this.armEndingTimeout(id, this.ctx.deps.clock.now());
      telephonySessionId = await this.sessionFromActiveCalls(id);
      const current = this.ctx.calls.get(id);
      if (!current || current.phase !== 'live') return current ?? call;
      if (!telephonySessionId) {
        this.ctx.apply(machine.endFailed(current, COULD_NOT_END));
        throw new TrackerError('CANCEL_FAILED', COULD_NOT_END);
      }
      if (!current.telephonySessionId) this.ctx.apply(machine.sessionFound(current, telephonySessionId));
    }
    let answer: 'cancelled' | 'ended' | 'gone';
    try {
      if (hangUp && telephonySessionId) answer = await this.ctx.deps.api.deleteCallSession(telephonySessionId);
      else answer = await this.ctx.deps.api.cancelRingOut(call.ringOutId);
    } catch (error) {
      const current = this.ctx.calls.get(id);
      if (current && isActive(current)) this.ctx.apply(machine.endFailed(current, COULD_NOT_END));
      this.ctx.deps.logger.warn('RingCentral refused to end a call', { callId: id, error: (error as Error).message });
      throw new TrackerError('CANCEL_FAILED', COULD_NOT_END);
    }
    const current = this.ctx.calls.get(id);
    if (!current || current.phase !== 'live') return current ?? call;
    if (answer === 'gone') {
      // RingCentral no longer knows the call: it was over before this request, so it ended by
      // itself (busy, no answer…), not by this cancel: the status or the call log says how.
      this.ctx.apply(machine.ended(current, this.ctx.deps.clock.now()));
      return this.ctx.calls.get(id) ?? current;
    }
    this.ctx.apply(machine.endRequested(current, hangUp ? 'hangUp' : 'cancel', this.ctx.deps.clock.now()));
    this.armEndingTimeout(id, this.ctx.deps.clock.now());
    // Look at once: the end usually shows in the next status answer.
    this.ctx.schedulePoll(id, 0);
    return this.ctx.calls.get(id)!;
  }

  /**
   * The telephony session of a connected call push has not named, from the active-calls list:
   * the newest outbound call to the same number that started after this one was placed and is
   * no other call's (an ended call lingers there ~2 min). The list is 3-10 s behind (REALITY 28),
   * so an empty answer is asked again a few times; null when it never shows the call.
   */
  private async sessionFromActiveCalls(id: string): Promise<string | null> {
    const deadline = this.ctx.deps.clock.now() + this.ctx.window() * TIMING.activeCallsWait;
    for (;;) {
      const call = this.ctx.calls.get(id);
      if (!call || call.phase !== 'live') return null;
      if (call.telephonySessionId) return call.telephonySessionId;
      try {
        const found = this.pickActiveCall(call, await this.ctx.deps.api.activeCalls());
        if (found) return found;
      } catch (error) {
        this.ctx.deps.logger.warn('Active calls could not be read', { callId: id, error: (error as Error).message });
      }
      const step = this.ctx.window() * TIMING.activeCallsRetry;
      if (this.ctx.deps.clock.now() + step > deadline || this.ctx.stopped()) return null;
      await new Promise<void>((resolve) => this.ctx.deps.clock.setTimeout(resolve, step));
    }
  }

  private pickActiveCall(call: TrackedCall, active: ActiveCall[]): string | null {
    const taken = new Set([...this.ctx.calls.values(), ...this.ctx.recent].filter((c) => c.id !== call.id).map((c) => c.telephonySessionId));
    // Two seconds of slack: RingCentral stamps the start once it has the request.
    const placedAt = this.ctx.deps.api.planner.serverTime.toServer(call.createdAt) - 2000;
    const match = active
      .filter((a) => (a.direction ?? 'Outbound') === 'Outbound' && sameNumber(a.to ?? undefined, call.to) && !taken.has(a.telephonySessionId))
      .filter((a) => a.startTime === null || a.startTime >= placedAt)
      .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
    return match[0]?.telephonySessionId ?? null;
  }

  armEndingTimeout(id: string, requestedAt: number): void {
    this.endingTimers.get(id)?.();
    const left = Math.max(0, requestedAt + this.ctx.window() * TIMING.endingTimeout - this.ctx.deps.clock.now());
    this.endingTimers.set(
      id,
      this.ctx.deps.clock.setTimeout(() => this.endingTimedOut(id), left),
    );
  }

  private endingTimedOut(id: string): void {
    this.endingTimers.delete(id);
    const current = this.ctx.calls.get(id);
    if (current?.phase === 'live' && current.ending) this.ctx.apply(machine.endFailed(current, COULD_NOT_END));
  }

  /** The end of a call's ending watch: it is no longer live, or the tracker stops. */
  clearEndingTimer(id: string): void {
    this.endingTimers.get(id)?.();
    this.endingTimers.delete(id);
  }

  stop(): void {
    for (const cancel of this.endingTimers.values()) cancel();
    this.endingTimers.clear();
  }
}
