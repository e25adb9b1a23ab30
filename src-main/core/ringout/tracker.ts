import { randomUUID } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { isActive, isInProgress, type LegChange, type TrackedCall } from '../../../src-shared/calls';
import { Emitter, type Disposable, type Event } from '../../../src-shared/emitter';
import { ApiError } from '../ringcentral/api-error';
import type { ActiveCall, RingCentralApi } from '../ringcentral/api';
import { ringOutRefusal } from '../ringcentral/ringout-refusals';
import type { Clock, Logger } from '../ports';
import * as machine from './call-machine';
import type { InFlightStore } from './in-flight-store';
import { matchCallRecord, recordLacksLeg } from './match-record';
import { groupCallLogRecords } from './merge-records';
import { sameNumber, toE164 } from './phone-numbers';
import { pollIntervalMs } from './poll-plan';
import type { PushSource, TelephonyEvent } from './telephony-push';
import { PROBLEM_WORDS } from './explain';

export type TrackerErrorCode = 'INVALID_NUMBER' | 'INVALID_RING_ME_AT' | 'PLACE_FAILED' | 'NOT_FOUND' | 'TOO_LATE' | 'CANCEL_FAILED';

/** What the user is told when RingCentral will not (or did not) end a call. */
export const COULD_NOT_END = PROBLEM_WORDS.couldNotEnd;

export class TrackerError extends Error {
  constructor(
    readonly code: TrackerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrackerError';
  }
}

export interface PlaceCallInput {
  to: string;
  toName?: string | null;
  /** The user's own phone to ring first. */
  from: string;
  callerId?: string | null;
  playPrompt?: boolean;
  defaultCountry?: CountryCode;
}

export interface TrackerDeps {
  api: RingCentralApi;
  push: PushSource | null;
  clock: Clock;
  store: InFlightStore;
  logger: Logger;
  /** Receives each call once its outcome is final, with its call-log record when confirmed. */
  onFinal?: (call: TrackedCall, record: CallLogRecord | null) => Promise<void>;
  /** The name a number goes by (contacts, directory, call log), for calls placed without one. */
  nameFor?: (e164: string) => string | null;
}

/** Poll and retry timings, as fractions of the rate-limit window (60 s real, less in the simulator). */
const TIMING = {
  ringingPoll: 1 / 40,
  maxPollBackoff: 1 / 2,
  /** An end request RingCentral has not confirmed after this long did not work. */
  endingTimeout: 1 / 4,
  /** Records typically appear ~30 s after the end. */
  firstReconcile: 1 / 2,
  reconcileBackoff: [1 / 2, 1, 1, 2, 2, 3],
  /** A live call with no news from RingCentral for this long is checked in the call log. */
  staleAfter: 10,
  /**
   * How long a hang-up without push looks for the call in the active calls (REALITY 28: up to
   * 10 s late): 15 s of a minute's window, so a slow answer or two still leaves room.
   */
  activeCallsWait: 1 / 4,
  activeCallsRetry: 1 / 15,
};

const RECENT_LIMIT = 20;

/** How long after RingCentral answered an identical request is still the same click, while that call goes on (ms). */
export const DOUBLE_PLACE_MS = 2000;

interface Placement {
  call: Promise<TrackedCall>;
  /** When RingCentral answered (or the placement failed); null while in flight. */
  settledAt: number | null;
  /** The call placed, once it is. */
  callId: string | null;
}

/**
 * Places RingOut calls and follows both legs until the call log confirms them: push events
 * and rate-planned status polling feed each call's state machine; the end of a call (404,
 * failure status, hang-up event or cancel) switches to reconciliation with the Detailed
 * call log, retried with backoff and bounded, so no call stays "in progress" forever.
 * In-flight calls are saved after every change and resumed after a restart.
 */
export class RingOutTracker {
  private readonly calls = new Map<string, TrackedCall>();
  /** Placements by what was asked (number, ring-me-at, caller ID, prompt), kept a moment after they settle. */
  private readonly placements = new Map<string, Placement>();
  private readonly recent: TrackedCall[] = [];
  private readonly pollTimers = new Map<string, () => void>();
  private readonly pollBackoff = new Map<string, number>();
  private readonly endingTimers = new Map<string, () => void>();
  private readonly nextReconcile = new Map<string, number>();
  private readonly statusJustRead = new Set<string>();
  private reconcileTimer: (() => void) | null = null;
  private reconciling = false;
  private readonly claimedRecords = new Set<string>();
  private readonly confirmedRecords = new Map<string, CallLogRecord>();
  private readonly updated = new Emitter<TrackedCall>();
  private readonly legChanged = new Emitter<{ change: LegChange; call: TrackedCall }>();
  /** Every change of a tracked call. */
  readonly onUpdated: Event<TrackedCall> = this.updated.event;
  private saving: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly pushSubscription: Disposable | null;
  private readonly reconnectSubscription: Disposable | null;

  constructor(private readonly deps: TrackerDeps) {
    this.pushSubscription = deps.push?.onEvent((event) => this.onPushEvent(event)) ?? null;
    // Events may have been lost while push was away (a failed recovery): look at every live call now.
    this.reconnectSubscription = deps.push?.onReconnected?.(() => this.catchUp()) ?? null;
  }

  /** Reads the status of every live call at once (after push came back, events may be missing). */
  private catchUp(): void {
    for (const call of this.calls.values()) if (call.phase === 'live' && call.ringOutId) this.schedulePoll(call.id, 0);
  }

  /** Each leg that really moved, with the call it belongs to. */
  onLegChanged(listener: (change: LegChange, call: TrackedCall) => void): Disposable {
    return this.legChanged.event(({ change, call }) => listener(change, call));
  }

  /** Calls still being tracked, then the most recent finished ones, newest first. */
  list(): TrackedCall[] {
    return [...this.calls.values(), ...this.recent].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): TrackedCall | undefined {
    return this.calls.get(id) ?? this.recent.find((c) => c.id === id);
  }

  /** Picks up calls that were in flight when the app last stopped. */
  async resume(): Promise<TrackedCall[]> {
    const saved = await this.deps.store.load();
    for (const call of saved) {
      this.calls.set(call.id, call);
      if (call.recordId) this.claimedRecords.add(call.recordId);
      if (call.phase === 'live' && call.ringOutId) {
        this.schedulePoll(call.id, 0);
        if (call.ending) this.armEndingTimeout(call.id, call.ending.at);
      } else if (call.phase === 'placing' || (call.phase === 'live' && !call.ringOutId)) {
        // Closed mid-placement: RingCentral may or may not have placed it. The call log knows.
        this.apply(machine.ended({ ...call, problem: PROBLEM_WORDS.closedWhilePlacing }, this.deps.clock.now()));
        this.queueReconcile(call.id, 0);
      } else {
        this.queueReconcile(call.id, 0);
      }
    }
    return saved;
  }

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
    const now = this.deps.clock.now();
    for (const [other, placement] of this.placements) {
      if (placement.settledAt !== null && now - placement.settledAt >= DOUBLE_PLACE_MS) this.placements.delete(other);
    }
    const same = this.placements.get(key);
    if (same?.settledAt === null) return same.call;
    // Just placed and still going: the same click again. (Over, or refused: a new request is meant.)
    const placed = same?.callId ? this.calls.get(same.callId) : undefined;
    if (placed && isInProgress(placed)) return placed;
    const placement: Placement = { call: this.placeOnce(input, to.e164, from.e164), settledAt: null, callId: null };
    this.placements.set(key, placement);
    placement.call.then(
      (call) => Object.assign(placement, { settledAt: this.deps.clock.now(), callId: call.id }),
      () => Object.assign(placement, { settledAt: this.deps.clock.now() }),
    );
    return placement.call;
  }

  private async placeOnce(input: PlaceCallInput, to: string, from: string): Promise<TrackedCall> {
    const now = this.deps.clock.now();
    const call = machine.newCall(
      {
        id: randomUUID(),
        to,
        toName: input.toName ?? this.deps.nameFor?.(to) ?? null,
        from,
        callerId: input.callerId ?? null,
        playPrompt: input.playPrompt ?? false,
      },
      now,
    );
    this.apply({ call, changes: [], updated: true });
    let answer;
    try {
      answer = await this.deps.api.createRingOut({ from, to, callerId: input.callerId ?? undefined, playPrompt: call.playPrompt });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('network', String(error), null, null);
      if (apiError.kind === 'network') {
        // The request may have reached RingCentral: look for the call instead of calling it failed.
        const current = this.calls.get(call.id)!;
        this.apply(machine.ended({ ...current, problem: PROBLEM_WORDS.connectionDropped }, this.deps.clock.now()));
        this.queueReconcile(call.id, this.window() * TIMING.firstReconcile);
        throw new TrackerError('PLACE_FAILED', apiError.message);
      }
      // A refusal RingCentral explains with a specific code gets its own sentence (REALITY 18).
      const problem = ringOutRefusal(apiError.errorCode, apiError.parameterName) ?? apiError.message;
      this.apply(machine.placementFailed(this.calls.get(call.id)!, problem, this.deps.clock.now()));
      throw new TrackerError('PLACE_FAILED', problem);
    }
    this.apply(machine.placed(this.calls.get(call.id)!, answer.id, answer.status, this.deps.clock.now()));
    const current = this.calls.get(call.id)!;
    if (current.phase === 'live') this.schedulePoll(call.id, this.pollInterval(current));
    else if (current.phase === 'ended') this.queueReconcile(call.id, this.window() * TIMING.firstReconcile);
    return current;
  }

  /**
   * Ends a call in any phase: before your phone has answered, DELETE ring-out; after, Call
   * Control on the telephony session (DELETE ring-out may answer 204 and let the call go on).
   * Neither answer ends the tracking: the call shows "ending" until status, push or the call
   * log confirms the end, and says plainly when RingCentral did not end it.
   */
  async cancel(id: string): Promise<TrackedCall> {
    const call = this.calls.get(id);
    if (!call || !isActive(call)) throw new TrackerError('NOT_FOUND', 'That call is not in progress any more.');
    if (call.phase === 'ended') return call;
    if (!call.ringOutId) throw new TrackerError('TOO_LATE', 'The call is still being placed; try again in a moment.');
    const hangUp = call.caller.state === 'connected' || call.caller.state === 'voicemail';
    let telephonySessionId = call.telephonySessionId;
    if (hangUp && !telephonySessionId) {
      // No push has named the session: RingCentral's active calls can (REALITY 28), a few seconds late.
      this.apply(machine.endRequested(call, 'hangUp', this.deps.clock.now()));
      this.armEndingTimeout(id, this.deps.clock.now());
      telephonySessionId = await this.sessionFromActiveCalls(id);
      const current = this.calls.get(id);
      if (!current || current.phase !== 'live') return current ?? call;
      if (!telephonySessionId) {
        this.apply(machine.endFailed(current, COULD_NOT_END));
        throw new TrackerError('CANCEL_FAILED', COULD_NOT_END);
      }
      if (!current.telephonySessionId) this.apply(machine.sessionFound(current, telephonySessionId));
    }
    let answer: 'cancelled' | 'ended' | 'gone';
    try {
      if (hangUp && telephonySessionId) answer = await this.deps.api.deleteCallSession(telephonySessionId);
      else answer = await this.deps.api.cancelRingOut(call.ringOutId);
    } catch (error) {
      const current = this.calls.get(id);
      if (current && isActive(current)) this.apply(machine.endFailed(current, COULD_NOT_END));
      this.deps.logger.warn('RingCentral refused to end a call', { callId: id, error: (error as Error).message });
      throw new TrackerError('CANCEL_FAILED', COULD_NOT_END);
    }
    const current = this.calls.get(id);
    if (!current || current.phase !== 'live') return current ?? call;
    if (answer === 'gone') {
      // RingCentral no longer knows the call: it was over before this request, so it ended by
      // itself (busy, no answer…), not by this cancel: the status or the call log says how.
      this.apply(machine.ended(current, this.deps.clock.now()));
      return this.calls.get(id) ?? current;
    }
    this.apply(machine.endRequested(current, hangUp ? 'hangUp' : 'cancel', this.deps.clock.now()));
    this.armEndingTimeout(id, this.deps.clock.now());
    // Look at once: the end usually shows in the next status answer.
    this.schedulePoll(id, 0);
    return this.calls.get(id)!;
  }

  /**
   * The telephony session of a connected call push has not named, from the active-calls list:
   * the newest outbound call to the same number that started after this one was placed and is
   * no other call's (an ended call lingers there ~2 min). The list is 3-10 s behind (REALITY 28),
   * so an empty answer is asked again a few times; null when it never shows the call.
   */
  private async sessionFromActiveCalls(id: string): Promise<string | null> {
    const deadline = this.deps.clock.now() + this.window() * TIMING.activeCallsWait;
    for (;;) {
      const call = this.calls.get(id);
      if (!call || call.phase !== 'live') return null;
      if (call.telephonySessionId) return call.telephonySessionId;
      try {
        const found = this.pickActiveCall(call, await this.deps.api.activeCalls());
        if (found) return found;
      } catch (error) {
        this.deps.logger.warn('Active calls could not be read', { callId: id, error: (error as Error).message });
      }
      const step = this.window() * TIMING.activeCallsRetry;
      if (this.deps.clock.now() + step > deadline || this.stopped) return null;
      await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, step));
    }
  }

  private pickActiveCall(call: TrackedCall, active: ActiveCall[]): string | null {
    const taken = new Set([...this.calls.values(), ...this.recent].filter((c) => c.id !== call.id).map((c) => c.telephonySessionId));
    // Two seconds of slack: RingCentral stamps the start once it has the request.
    const placedAt = this.deps.api.planner.serverTime.toServer(call.createdAt) - 2000;
    const match = active
      .filter((a) => (a.direction ?? 'Outbound') === 'Outbound' && sameNumber(a.to ?? undefined, call.to) && !taken.has(a.telephonySessionId))
      .filter((a) => a.startTime === null || a.startTime >= placedAt)
      .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
    return match[0]?.telephonySessionId ?? null;
  }

  private armEndingTimeout(id: string, requestedAt: number): void {
    this.endingTimers.get(id)?.();
    const left = Math.max(0, requestedAt + this.window() * TIMING.endingTimeout - this.deps.clock.now());
    this.endingTimers.set(
      id,
      this.deps.clock.setTimeout(() => this.endingTimedOut(id), left),
    );
  }

  private endingTimedOut(id: string): void {
    this.endingTimers.delete(id);
    const current = this.calls.get(id);
    if (current?.phase === 'live' && current.ending) this.apply(machine.endFailed(current, COULD_NOT_END));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.pollTimers.values()) cancel();
    this.pollTimers.clear();
    for (const cancel of this.endingTimers.values()) cancel();
    this.endingTimers.clear();
    this.reconcileTimer?.();
    this.reconcileTimer = null;
    this.pushSubscription?.dispose();
    this.reconnectSubscription?.dispose();
    await this.saving;
  }

  // ── state changes ──────────────────────────────────────────────────────────

  private apply(step: machine.Step): void {
    if (!step.updated) {
      // Bookkeeping only (last contact, event sequences): keep it, report nothing.
      if (this.calls.has(step.call.id)) this.calls.set(step.call.id, step.call);
      return;
    }
    const call = step.call;
    const final = !isActive(call);
    if (final) {
      this.calls.delete(call.id);
      this.stopPolling(call.id);
      this.nextReconcile.delete(call.id);
      this.recent.unshift(call);
      if (this.recent.length > RECENT_LIMIT) this.recent.pop();
      if (call.recordId) this.claimedRecords.add(call.recordId);
    } else {
      this.calls.set(call.id, call);
    }
    this.persist(call, final);
    this.updated.fire(call);
    for (const change of step.changes) this.legChanged.fire({ change, call });
    if (call.phase !== 'live') {
      this.endingTimers.get(call.id)?.();
      this.endingTimers.delete(call.id);
    }
    if (call.phase === 'ended' && !this.nextReconcile.has(call.id) && !final) {
      this.stopPolling(call.id);
      if (this.needsRefining(call) && !this.statusJustRead.has(call.id)) void this.refineFromStatus(call.id);
      const sinceEnd = this.deps.clock.now() - (call.endedAt ?? this.deps.clock.now());
      this.queueReconcile(call.id, Math.max(0, this.window() * TIMING.firstReconcile - sinceEnd));
    }
  }

  /** Saves in order; a final call goes to the archive first, then leaves the in-flight store. */
  private persist(call: TrackedCall, final: boolean): void {
    this.saving = this.saving
      .then(async () => {
        if (final) {
          const record = this.confirmedRecords.get(call.id) ?? null;
          this.confirmedRecords.delete(call.id);
          await this.deps.onFinal?.(call, record);
          await this.deps.store.remove(call.id);
        } else {
          await this.deps.store.save(call);
        }
      })
      .catch((error: unknown) => this.deps.logger.error('Could not save a tracked call', { callId: call.id, error: (error as Error).message }));
  }

  // ── polling ────────────────────────────────────────────────────────────────

  private window(): number {
    return this.deps.api.planner.windowMs('Light');
  }

  private pollInterval(call: TrackedCall): number {
    const answered = (state: string) => state === 'connected' || state === 'voicemail';
    return pollIntervalMs({
      windowMs: this.window(),
      limit: this.deps.api.planner.limit('Light'),
      remaining: this.deps.api.planner.remaining('Light'),
      liveCalls: [...this.calls.values()].filter((c) => c.phase === 'live').length,
      settled: answered(call.caller.state) && answered(call.callee.state) && !call.ending,
    });
  }

  /** The call ended on weak evidence (push, inference): the status may still say why. */
  private needsRefining(call: TrackedCall): boolean {
    if (!call.ringOutId) return false;
    const weak = (leg: TrackedCall['caller']) =>
      leg.state !== 'notCalled' && (leg.evidence === 'push' || leg.evidence === 'pushReason' || leg.evidence === 'local' || leg.state === 'ended');
    return weak(call.caller) || weak(call.callee);
  }

  /** One status read after an end seen by push: a reason-less "Disconnected" becomes "busy" here. */
  private async refineFromStatus(id: string): Promise<void> {
    const call = this.calls.get(id);
    if (!call?.ringOutId) return;
    try {
      const answer = await this.deps.api.ringOutStatus(call.ringOutId);
      const current = this.calls.get(id);
      if (answer && current) this.apply(machine.applyStatus(current, answer.status, this.deps.clock.now()));
    } catch (error) {
      this.deps.logger.warn('RingOut status after the end could not be read; the call log will tell', { callId: id, error: (error as Error).message });
    }
  }

  private schedulePoll(id: string, delay: number): void {
    if (this.stopped) return;
    this.pollTimers.get(id)?.();
    this.pollTimers.set(
      id,
      this.deps.clock.setTimeout(() => void this.poll(id), delay),
    );
  }

  private stopPolling(id: string): void {
    this.pollTimers.get(id)?.();
    this.pollTimers.delete(id);
    this.pollBackoff.delete(id);
  }

  private async poll(id: string): Promise<void> {
    this.pollTimers.delete(id);
    const call = this.calls.get(id);
    if (!call || call.phase !== 'live' || !call.ringOutId) return;
    try {
      const answer = await this.deps.api.ringOutStatus(call.ringOutId);
      this.pollBackoff.delete(id);
      const current = this.calls.get(id);
      if (!current || current.phase !== 'live') return;
      if (answer === null) {
        this.apply(machine.ended(current, this.deps.clock.now(), Boolean(current.ending)));
        return;
      }
      this.apply(machine.applyStatus(current, answer.status, this.deps.clock.now()));
    } catch (error) {
      const current = this.calls.get(id);
      if (!current) return;
      const backoff = Math.min((this.pollBackoff.get(id) ?? this.pollInterval(current)) * 2, this.window() * TIMING.maxPollBackoff);
      this.pollBackoff.set(id, backoff);
      this.deps.logger.warn('RingOut status poll failed', { callId: id, error: (error as Error).message });
      if (this.deps.clock.now() - current.lastContactAt > this.window() * TIMING.staleAfter) {
        this.apply(machine.ended({ ...current, problem: PROBLEM_WORDS.lostContact }, this.deps.clock.now()));
        return;
      }
      this.schedulePoll(id, backoff);
      return;
    }
    const after = this.calls.get(id);
    if (after?.phase === 'live') this.schedulePoll(id, this.pollInterval(after));
  }

  // ── push ───────────────────────────────────────────────────────────────────

  private onPushEvent(event: TelephonyEvent): void {
    if (event.origin?.type && event.origin.type !== 'RingOut') return;
    const call = this.callForEvent(event);
    if (!call) return;
    let current = call;
    const deferred: machine.PartyInput[] = [];
    for (const party of event.parties) {
      const role = party.ringOutRole === 'Initiator' ? 'caller' : party.ringOutRole === 'Target' ? 'callee' : party.extensionId ? 'caller' : 'callee';
      const input: machine.PartyInput = {
        partyId: party.id,
        sequence: event.sequence,
        role,
        code: party.status.code,
        reason: party.status.reason,
        sessionId: event.sessionId,
        telephonySessionId: event.telephonySessionId,
        phoneNumber: role === 'caller' ? party.to?.phoneNumber : undefined,
      };
      const leg = current[role].state;
      if (input.code === 'Disconnected' && !input.reason && leg !== 'connected' && leg !== 'voicemail' && current.ringOutId) {
        // A reason-less Disconnected (REALITY 8) says only that the leg stopped: ask the status
        // why first (Busy, NoAnswer…), so the user sees "busy" rather than "ended" then an update.
        deferred.push(input);
        continue;
      }
      this.apply(machine.applyParty(current, input, this.deps.clock.now()));
      current = this.calls.get(call.id) ?? current;
    }
    if (deferred.length > 0) void this.applyAfterStatus(call.id, deferred);
    // A leg change seen by push is worth an early status check (the other leg may follow).
    if (current.phase === 'live' && this.pollTimers.has(current.id))
      this.schedulePoll(current.id, Math.min(this.pollInterval(current), this.window() * TIMING.ringingPoll));
  }

  /** Reads the status now, then applies the held push events (weaker: they only add what the status did not say). */
  private async applyAfterStatus(id: string, inputs: machine.PartyInput[]): Promise<void> {
    await this.refineFromStatus(id);
    // The status was just read: the end these events may cause needs no second read.
    this.statusJustRead.add(id);
    for (const input of inputs) {
      const current = this.calls.get(id);
      if (!current || this.stopped) return;
      this.apply(machine.applyParty(current, input, this.deps.clock.now()));
    }
    this.statusJustRead.delete(id);
  }

  /**
   * The tracked call an event belongs to: by telephonySessionId once known. A new session is
   * matched only through your own party (the Initiator, or one with an extensionId) ringing
   * your ring-me-at number: on the account-level filter, another user's RingOut to the same
   * number must never be taken for yours, so a Target party alone never matches.
   */
  private callForEvent(event: TelephonyEvent): TrackedCall | undefined {
    const active = [...this.calls.values()].filter(isActive);
    const known = active.find((c) => c.telephonySessionId === event.telephonySessionId);
    if (known) return known;
    // A session already over says nothing about a new call: a finished call's session, or one
    // first seen by its end (a lone Disconnected, REALITY 19), is never adopted.
    if (this.recent.some((c) => c.telephonySessionId === event.telephonySessionId)) return undefined;
    if (event.parties.every((p) => p.status.code === 'Disconnected')) return undefined;
    const serverTime = this.deps.api.planner.serverTime;
    const eventTime = event.eventTime ? Date.parse(event.eventTime) : serverTime.now();
    const own = event.parties.filter((p) => p.ringOutRole === 'Initiator' || (p.ringOutRole !== 'Target' && p.extensionId));
    const candidates = active
      .filter((c) => c.telephonySessionId === null && c.phase !== 'ended' && serverTime.toServer(c.createdAt) <= eventTime + 5000)
      .filter((c) => own.some((p) => sameNumber(p.to?.phoneNumber, c.from) || sameNumber(p.from?.phoneNumber, c.from)))
      .sort((a, b) => b.createdAt - a.createdAt);
    return candidates[0];
  }

  // ── reconciliation ─────────────────────────────────────────────────────────

  private queueReconcile(id: string, delay: number): void {
    this.nextReconcile.set(id, this.deps.clock.now() + delay);
    this.scheduleReconcileRound();
  }

  private scheduleReconcileRound(): void {
    if (this.stopped || this.reconciling) return;
    this.reconcileTimer?.();
    this.reconcileTimer = null;
    if (this.nextReconcile.size === 0) return;
    const at = Math.min(...this.nextReconcile.values());
    this.reconcileTimer = this.deps.clock.setTimeout(
      () => {
        this.reconcileTimer = null;
        void this.reconcileRound();
      },
      Math.max(0, at - this.deps.clock.now()),
    );
  }

  /** One call-log query (Detailed, one date window) serves every call that is due. */
  private async reconcileRound(): Promise<void> {
    const now = this.deps.clock.now();
    const due = [...this.nextReconcile.entries()]
      .filter(([, at]) => at <= now)
      .map(([id]) => this.calls.get(id))
      .filter((c): c is TrackedCall => !!c);
    if (due.length === 0) {
      this.scheduleReconcileRound();
      return;
    }
    this.reconciling = true;
    try {
      const records = await this.fetchCandidates(due);
      for (const call of due) {
        const record = records === null ? null : this.match(call, records);
        const current = this.calls.get(call.id);
        if (!current) continue;
        // A record that lacks a leg the call had is not final yet: RingCentral fills it in later.
        if (record && !recordLacksLeg(current, record)) {
          this.claimedRecords.add(record.id);
          this.confirmedRecords.set(call.id, record);
          this.apply(machine.confirmed(current, record));
          continue;
        }
        const attempted = machine.reconcileAttempted(current);
        this.calls.set(call.id, attempted);
        const delays = TIMING.reconcileBackoff;
        if (attempted.reconcileAttempts > delays.length) {
          if (record) {
            // Shown, but not whole: keep what was seen live; the next history sync completes it.
            this.claimedRecords.add(record.id);
            this.confirmedRecords.set(call.id, record);
            this.apply(machine.notYetLogged(attempted, record, now));
            continue;
          }
          const minutes = Math.max(1, Math.round((now - (attempted.endedAt ?? attempted.createdAt)) / 60_000));
          const problem = attempted.problem ?? PROBLEM_WORDS.callLogSilent(attempted.reconcileAttempts, minutes);
          this.apply(machine.outcomeUnknown(attempted, problem, now));
        } else {
          this.deps.store.save(attempted).catch(() => undefined);
          this.nextReconcile.set(call.id, now + this.window() * delays[attempted.reconcileAttempts - 1]!);
        }
      }
    } finally {
      this.reconciling = false;
      this.scheduleReconcileRound();
    }
  }

  private async fetchCandidates(due: TrackedCall[]): Promise<CallLogRecord[] | null> {
    // Record times are RingCentral's: the window is in server time (a skewed local clock still finds them).
    const serverTime = this.deps.api.planner.serverTime;
    const from = serverTime.toServer(Math.min(...due.map((c) => c.createdAt))) - 120_000;
    const records: CallLogRecord[] = [];
    try {
      for (let page = 1; page <= 10; page++) {
        const answer = await this.deps.api.callLogPage(
          // Both directions: the caller half of a two-record RingOut is logged as Inbound.
          { dateFrom: new Date(from).toISOString(), dateTo: new Date(serverTime.now() + 60_000).toISOString(), perPage: 1000, page },
          'live',
        );
        records.push(...answer.records);
        if (!answer.hasNextPage) break;
      }
      return groupCallLogRecords(records).map((group) => group.record);
    } catch (error) {
      this.deps.logger.warn('Call-log check failed; will retry', { error: (error as Error).message });
      return null;
    }
  }

  private match(call: TrackedCall, records: CallLogRecord[]): CallLogRecord | null {
    const placedAt = this.deps.api.planner.serverTime.toServer(call.createdAt);
    return matchCallRecord({ telephonySessionId: call.telephonySessionId, sessionId: call.sessionId, to: call.to, placedAt }, records, {
      claimed: this.claimedRecords,
    });
  }
}
