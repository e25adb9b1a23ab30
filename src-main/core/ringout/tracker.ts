import { randomUUID } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { isActive, type LegChange, type TrackedCall } from '../../../src-shared/calls';
import { Emitter, type Disposable, type Event } from '../../../src-shared/emitter';
import { ApiError } from '../ringcentral/api-error';
import type { RingCentralApi } from '../ringcentral/api';
import type { Clock, Logger } from '../ports';
import * as machine from './call-machine';
import { isRingOutRecord } from './derive-legs';
import type { InFlightStore } from './in-flight-store';
import { digitsOf, toE164 } from './phone-numbers';
import type { PushSource, TelephonyEvent } from './telephony-push';

export type TrackerErrorCode = 'INVALID_NUMBER' | 'INVALID_RING_ME_AT' | 'PLACE_FAILED' | 'NOT_FOUND' | 'TOO_LATE' | 'CANCEL_FAILED';

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
}

/** Poll and retry timings, as fractions of the rate-limit window (60 s real, less in the simulator). */
const TIMING = {
  ringingPoll: 1 / 40,
  connectedPoll: 1 / 12,
  maxPollBackoff: 1 / 2,
  /** Records typically appear ~30 s after the end. */
  firstReconcile: 1 / 2,
  reconcileBackoff: [1 / 2, 1, 1, 2, 2, 3],
  /** A live call with no news from RingCentral for this long is checked in the call log. */
  staleAfter: 10,
  /** Share of the Light budget live polling may plan for. */
  pollBudgetShare: 0.6,
};

const RECENT_LIMIT = 20;

/**
 * Places RingOut calls and follows both legs until the call log confirms them: push events
 * and rate-planned status polling feed each call's state machine; the end of a call (404,
 * failure status, hang-up event or cancel) switches to reconciliation with the Detailed
 * call log, retried with backoff and bounded, so no call stays "in progress" forever.
 * In-flight calls are saved after every change and resumed after a restart.
 */
export class RingOutTracker {
  private readonly calls = new Map<string, TrackedCall>();
  private readonly recent: TrackedCall[] = [];
  private readonly pollTimers = new Map<string, () => void>();
  private readonly pollBackoff = new Map<string, number>();
  private readonly nextReconcile = new Map<string, number>();
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

  constructor(private readonly deps: TrackerDeps) {
    this.pushSubscription = deps.push?.onEvent((event) => this.onPushEvent(event)) ?? null;
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
      } else if (call.phase === 'placing' || (call.phase === 'live' && !call.ringOutId)) {
        // Closed mid-placement: RingCentral may or may not have placed it. The call log knows.
        this.apply(machine.ended({ ...call, problem: 'Ringside was closed while placing this call.' }, this.deps.clock.now()));
        this.queueReconcile(call.id, 0);
      } else {
        this.queueReconcile(call.id, 0);
      }
    }
    return saved;
  }

  async place(input: PlaceCallInput): Promise<TrackedCall> {
    const to = toE164(input.to, input.defaultCountry);
    if (!to.ok) throw new TrackerError('INVALID_NUMBER', to.message);
    const from = toE164(input.from, input.defaultCountry);
    if (!from.ok) throw new TrackerError('INVALID_RING_ME_AT', `Ring-me-at number: ${from.message}`);
    const now = this.deps.clock.now();
    const call = machine.newCall(
      { id: randomUUID(), to: to.e164, toName: input.toName ?? null, from: from.e164, callerId: input.callerId ?? null, playPrompt: input.playPrompt ?? false },
      now,
    );
    this.apply({ call, changes: [], updated: true });
    let answer;
    try {
      answer = await this.deps.api.createRingOut({ from: from.e164, to: to.e164, callerId: input.callerId ?? undefined, playPrompt: call.playPrompt });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('network', String(error), null, null);
      if (apiError.kind === 'network') {
        // The request may have reached RingCentral: look for the call instead of calling it failed.
        const current = this.calls.get(call.id)!;
        this.apply(machine.ended({ ...current, problem: 'The connection dropped while placing the call; checking whether it went through.' }, this.deps.clock.now()));
        this.queueReconcile(call.id, this.window() * TIMING.firstReconcile);
        throw new TrackerError('PLACE_FAILED', apiError.message);
      }
      this.apply(machine.placementFailed(this.calls.get(call.id)!, apiError.message, this.deps.clock.now()));
      throw new TrackerError('PLACE_FAILED', apiError.message);
    }
    this.apply(machine.placed(this.calls.get(call.id)!, answer.id, answer.status, this.deps.clock.now()));
    const current = this.calls.get(call.id)!;
    if (current.phase === 'live') this.schedulePoll(call.id, this.pollInterval(current));
    else if (current.phase === 'ended') this.queueReconcile(call.id, this.window() * TIMING.firstReconcile);
    return current;
  }

  async cancel(id: string): Promise<TrackedCall> {
    const call = this.calls.get(id);
    if (!call || !isActive(call)) throw new TrackerError('NOT_FOUND', 'That call is not in progress any more.');
    if (call.phase === 'ended') return call;
    if (call.caller.state === 'connected' && call.callee.state === 'connected') {
      throw new TrackerError('TOO_LATE', 'The call is already connected. Hang up on your phone to end it.');
    }
    if (!call.ringOutId) throw new TrackerError('TOO_LATE', 'The call is still being placed; try again in a moment.');
    try {
      await this.deps.api.cancelRingOut(call.ringOutId);
    } catch (error) {
      const message = error instanceof ApiError && error.status === 400 ? 'The call is already connected. Hang up on your phone to end it.' : (error as Error).message;
      throw new TrackerError('CANCEL_FAILED', message);
    }
    this.stopPolling(id);
    this.apply(machine.ended(this.calls.get(id)!, this.deps.clock.now(), true));
    this.queueReconcile(id, this.window() * TIMING.firstReconcile);
    return this.calls.get(id)!;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.pollTimers.values()) cancel();
    this.pollTimers.clear();
    this.reconcileTimer?.();
    this.reconcileTimer = null;
    this.pushSubscription?.dispose();
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
    if (call.phase === 'ended' && !this.nextReconcile.has(call.id) && !final) {
      this.stopPolling(call.id);
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
    const bothConnected = call.caller.state === 'connected' && (call.callee.state === 'connected' || call.callee.state === 'voicemail');
    const base = this.window() * (bothConnected ? TIMING.connectedPoll : TIMING.ringingPoll);
    const live = [...this.calls.values()].filter((c) => c.phase === 'live').length;
    const budget = this.deps.api.planner.limit('Light') * TIMING.pollBudgetShare;
    return Math.max(base, (live * this.window()) / budget);
  }

  private schedulePoll(id: string, delay: number): void {
    if (this.stopped) return;
    this.pollTimers.get(id)?.();
    this.pollTimers.set(id, this.deps.clock.setTimeout(() => void this.poll(id), delay));
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
        this.apply(machine.ended(current, this.deps.clock.now()));
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
        this.apply(machine.ended({ ...current, problem: 'Ringside lost contact with RingCentral during the call.' }, this.deps.clock.now()));
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
    for (const party of event.parties) {
      const role = party.ringOutRole === 'Initiator' ? 'caller' : party.ringOutRole === 'Target' ? 'callee' : party.extensionId ? 'caller' : 'callee';
      const step = machine.applyParty(
        current,
        { partyId: party.id, sequence: event.sequence, role, code: party.status.code, reason: party.status.reason, sessionId: event.sessionId, telephonySessionId: event.telephonySessionId },
        this.deps.clock.now(),
      );
      this.apply(step);
      current = this.calls.get(call.id) ?? step.call;
    }
    // A leg change seen by push is worth an early status check (the other leg may follow).
    if (current.phase === 'live' && this.pollTimers.has(current.id)) this.schedulePoll(current.id, Math.min(this.pollInterval(current), this.window() * TIMING.ringingPoll));
  }

  private callForEvent(event: TelephonyEvent): TrackedCall | undefined {
    const active = [...this.calls.values()].filter(isActive);
    const known = active.find((c) => c.telephonySessionId === event.telephonySessionId);
    if (known) return known;
    const eventTime = event.eventTime ? Date.parse(event.eventTime) : this.deps.clock.now();
    const candidates = active
      .filter((c) => c.telephonySessionId === null && c.phase !== 'ended' && c.createdAt <= eventTime + 5000)
      .filter((c) =>
        event.parties.some((p) => {
          const to = digitsOf(p.to?.phoneNumber);
          return (p.ringOutRole !== 'Initiator' && to === digitsOf(c.to)) || (p.ringOutRole !== 'Target' && to === digitsOf(c.from));
        }),
      )
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
    this.reconcileTimer = this.deps.clock.setTimeout(() => {
      this.reconcileTimer = null;
      void this.reconcileRound();
    }, Math.max(0, at - this.deps.clock.now()));
  }

  /** One call-log query (Detailed, one date window) serves every call that is due. */
  private async reconcileRound(): Promise<void> {
    const now = this.deps.clock.now();
    const due = [...this.nextReconcile.entries()].filter(([, at]) => at <= now).map(([id]) => this.calls.get(id)).filter((c): c is TrackedCall => !!c);
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
        if (record) {
          this.claimedRecords.add(record.id);
          this.confirmedRecords.set(call.id, record);
          this.apply(machine.confirmed(current, record));
          continue;
        }
        const attempted = machine.reconcileAttempted(current);
        this.calls.set(call.id, attempted);
        const delays = TIMING.reconcileBackoff;
        if (attempted.reconcileAttempts > delays.length) {
          const minutes = Math.max(1, Math.round((now - (attempted.endedAt ?? attempted.createdAt)) / 60_000));
          const problem = attempted.problem ?? `RingCentral's call log has not shown this call (checked ${attempted.reconcileAttempts} times over ${minutes} min), so the outcome is what Ringside saw live.`;
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
    const from = Math.min(...due.map((c) => c.createdAt)) - 120_000;
    const records: CallLogRecord[] = [];
    try {
      for (let page = 1; page <= 10; page++) {
        const answer = await this.deps.api.callLogPage(
          { dateFrom: new Date(from).toISOString(), dateTo: new Date(this.deps.clock.now() + 60_000).toISOString(), direction: 'Outbound', perPage: 1000, page },
          'live',
        );
        records.push(...answer.records);
        if (!answer.hasNextPage) break;
      }
      return records;
    } catch (error) {
      this.deps.logger.warn('Call-log check failed; will retry', { error: (error as Error).message });
      return null;
    }
  }

  private match(call: TrackedCall, records: CallLogRecord[]): CallLogRecord | null {
    const to = digitsOf(call.to);
    const candidates = records.filter(
      (r) =>
        isRingOutRecord(r) &&
        !this.claimedRecords.has(r.id) &&
        (call.sessionId ? r.sessionId === call.sessionId : digitsOf(r.to?.phoneNumber) === to && Math.abs(Date.parse(r.startTime) - call.createdAt) < 5 * 60_000),
    );
    candidates.sort((a, b) => Math.abs(Date.parse(a.startTime) - call.createdAt) - Math.abs(Date.parse(b.startTime) - call.createdAt));
    return candidates[0] ?? null;
  }
}
