import { isActive, type TrackedCall } from '../../../src-shared/calls';
import * as machine from './call-machine';
import { PROBLEM_WORDS } from './explain';
import { sameNumber } from '../../../src-shared/phone-numbers';
import { pollIntervalMs } from './poll-plan';
import type { TelephonyEvent } from './telephony-push';
import { TIMING, type TrackerContext } from './tracker-state';

/**
 * What feeds a live call's state machine: rate-planned RingOut status polls and telephony
 * push events (the status asked first when a push event alone cannot say why a leg ended).
 */
export class StatusFeeds {
  private readonly pollTimers = new Map<string, () => void>();
  private readonly pollBackoff = new Map<string, number>();
  readonly statusJustRead = new Set<string>();

  constructor(private readonly ctx: TrackerContext) {}

  /** Reads the status of every live call at once (after push came back, events may be missing). */
  catchUp(): void {
    for (const call of this.ctx.calls.values()) if (call.phase === 'live' && call.ringOutId) this.schedulePoll(call.id, 0);
  }

  pollInterval(call: TrackedCall): number {
    const answered = (state: string) => state === 'connected' || state === 'voicemail';
    return pollIntervalMs({
      windowMs: this.ctx.window(),
      limit: this.ctx.deps.api.planner.limit('Light'),
      remaining: this.ctx.deps.api.planner.remaining('Light'),
      liveCalls: [...this.ctx.calls.values()].filter((c) => c.phase === 'live').length,
      settled: answered(call.caller.state) && answered(call.callee.state) && !call.ending,
    });
  }

  /** The call ended on weak evidence (push, inference): the status may still say why. */
  needsRefining(call: TrackedCall): boolean {
    if (!call.ringOutId) return false;
    const weak = (leg: TrackedCall['caller']) =>
      leg.state !== 'notCalled' && (leg.evidence === 'push' || leg.evidence === 'pushReason' || leg.evidence === 'local' || leg.state === 'ended');
    return weak(call.caller) || weak(call.callee);
  }

  /** One status read after an end seen by push: a reason-less "Disconnected" becomes "busy" here. */
  async refineFromStatus(id: string): Promise<void> {
    const call = this.ctx.calls.get(id);
    if (!call?.ringOutId) return;
    try {
      const answer = await this.ctx.deps.api.ringOutStatus(call.ringOutId);
      const current = this.ctx.calls.get(id);
      if (answer && current) this.ctx.apply(machine.applyStatus(current, answer.status, this.ctx.deps.clock.now()));
    } catch (error) {
      this.ctx.deps.logger.warn('RingOut status after the end could not be read; the call log will tell', { callId: id, error: (error as Error).message });
    }
  }

  schedulePoll(id: string, delay: number): void {
    if (this.ctx.stopped()) return;
    this.pollTimers.get(id)?.();
    this.pollTimers.set(
      id,
      this.ctx.deps.clock.setTimeout(() => void this.poll(id), delay),
    );
  }

  stopPolling(id: string): void {
    this.pollTimers.get(id)?.();
    this.pollTimers.delete(id);
    this.pollBackoff.delete(id);
  }

  private async poll(id: string): Promise<void> {
    this.pollTimers.delete(id);
    const call = this.ctx.calls.get(id);
    if (!call || call.phase !== 'live' || !call.ringOutId) return;
    try {
      const answer = await this.ctx.deps.api.ringOutStatus(call.ringOutId);
      this.pollBackoff.delete(id);
      const current = this.ctx.calls.get(id);
      if (!current || current.phase !== 'live') return;
      if (answer === null) {
        this.ctx.apply(machine.ended(current, this.ctx.deps.clock.now(), Boolean(current.ending)));
        return;
      }
      this.ctx.apply(machine.applyStatus(current, answer.status, this.ctx.deps.clock.now()));
    } catch (error) {
      const current = this.ctx.calls.get(id);
      if (!current) return;
      const backoff = Math.min((this.pollBackoff.get(id) ?? this.pollInterval(current)) * 2, this.ctx.window() * TIMING.maxPollBackoff);
      this.pollBackoff.set(id, backoff);
      this.ctx.deps.logger.warn('RingOut status poll failed', { callId: id, error: (error as Error).message });
      if (this.ctx.deps.clock.now() - current.lastContactAt > this.ctx.window() * TIMING.staleAfter) {
        this.ctx.apply(machine.ended({ ...current, problem: PROBLEM_WORDS.lostContact }, this.ctx.deps.clock.now()));
        return;
      }
      this.schedulePoll(id, backoff);
      return;
    }
    const after = this.ctx.calls.get(id);
    if (after?.phase === 'live') this.schedulePoll(id, this.pollInterval(after));
  }

  // ── push ───────────────────────────────────────────────────────────────────

  onPushEvent(event: TelephonyEvent): void {
    if (event.origin?.type && event.origin.type !== 'RingOut') return;
    const call = this.callForEvent(event);
    if (!call) return;
    let current = call;
    const deferred: machine.PartyInput[] = [];
    for (const party of event.parties) {
      const input = machine.partyInputOf(event, party);
      const leg = current[input.role].state;
      if (input.code === 'Disconnected' && !input.reason && leg !== 'connected' && leg !== 'voicemail' && current.ringOutId) {
        // A reason-less Disconnected (REALITY 8) says only that the leg stopped: ask the status
        // why first (Busy, NoAnswer…), so the user sees "busy" rather than "ended" then an update.
        deferred.push(input);
        continue;
      }
      this.ctx.apply(machine.applyParty(current, input, this.ctx.deps.clock.now()));
      current = this.ctx.calls.get(call.id) ?? current;
    }
    if (deferred.length > 0) void this.applyAfterStatus(call.id, deferred);
    // A leg change seen by push is worth an early status check (the other leg may follow).
    if (current.phase === 'live' && this.pollTimers.has(current.id))
      this.schedulePoll(current.id, Math.min(this.pollInterval(current), this.ctx.window() * TIMING.ringingPoll));
  }

  /** Reads the status now, then applies the held push events (weaker: they only add what the status did not say). */
  private async applyAfterStatus(id: string, inputs: machine.PartyInput[]): Promise<void> {
    await this.refineFromStatus(id);
    // The status was just read: the end these events may cause needs no second read.
    this.statusJustRead.add(id);
    for (const input of inputs) {
      const current = this.ctx.calls.get(id);
      if (!current || this.ctx.stopped()) return;
      this.ctx.apply(machine.applyParty(current, input, this.ctx.deps.clock.now()));
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
    const active = [...this.ctx.calls.values()].filter(isActive);
    const known = active.find((c) => c.telephonySessionId === event.telephonySessionId);
    if (known) return known;
    // A session already over says nothing about a new call: a finished call's session, or one
    // first seen by its end (a lone Disconnected, REALITY 19), is never adopted.
    if (this.ctx.recent.some((c) => c.telephonySessionId === event.telephonySessionId)) return undefined;
    if (event.parties.every((p) => p.status.code === 'Disconnected')) return undefined;
    const serverTime = this.ctx.deps.api.planner.serverTime;
    const eventTime = event.eventTime ? Date.parse(event.eventTime) : serverTime.now();
    const own = event.parties.filter((p) => p.ringOutRole === 'Initiator' || (p.ringOutRole !== 'Target' && p.extensionId));
    const candidates = active
      .filter((c) => c.telephonySessionId === null && c.phase !== 'ended' && serverTime.toServer(c.createdAt) <= eventTime + 5000)
      .filter((c) => own.some((p) => sameNumber(p.to?.phoneNumber, c.from) || sameNumber(p.from?.phoneNumber, c.from)))
      .sort((a, b) => b.createdAt - a.createdAt);
    return candidates[0];
  }

  stop(): void {
    for (const cancel of this.pollTimers.values()) cancel();
    this.pollTimers.clear();
  }
}
