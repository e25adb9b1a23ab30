import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import * as machine from './call-machine';
import { PROBLEM_WORDS } from './explain';
import { matchCallRecord, recordLacksLeg } from './match-record';
import { groupCallLogRecords } from './merge-records';
import { TIMING, type TrackerContext } from './tracker-state';

/**
 * Reconciliation with the Detailed call log once a call ended: one query serves every call
 * due, retried with backoff and bounded, so no call stays unconfirmed without saying so.
 */
export class CallLogReconciler {
  /** When each ended call is next looked for in the call log. */
  readonly nextReconcile = new Map<string, number>();
  private reconcileTimer: (() => void) | null = null;
  private reconciling = false;
  readonly claimedRecords = new Set<string>();
  readonly confirmedRecords = new Map<string, CallLogRecord>();

  constructor(private readonly ctx: TrackerContext) {}

  queueReconcile(id: string, delay: number): void {
    this.nextReconcile.set(id, this.ctx.deps.clock.now() + delay);
    this.scheduleReconcileRound();
  }

  private scheduleReconcileRound(): void {
    if (this.ctx.stopped() || this.reconciling) return;
    this.reconcileTimer?.();
    this.reconcileTimer = null;
    if (this.nextReconcile.size === 0) return;
    const at = Math.min(...this.nextReconcile.values());
    this.reconcileTimer = this.ctx.deps.clock.setTimeout(
      () => {
        this.reconcileTimer = null;
        void this.reconcileRound();
      },
      Math.max(0, at - this.ctx.deps.clock.now()),
    );
  }

  /** One call-log query (Detailed, one date window) serves every call that is due. */
  private async reconcileRound(): Promise<void> {
    const now = this.ctx.deps.clock.now();
    const due = [...this.nextReconcile.entries()]
      .filter(([, at]) => at <= now)
      .map(([id]) => this.ctx.calls.get(id))
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
        const current = this.ctx.calls.get(call.id);
        if (!current) continue;
        // A record that lacks a leg the call had is not final yet: RingCentral fills it in later.
        if (record && !recordLacksLeg(current, record)) {
          this.claimedRecords.add(record.id);
          this.confirmedRecords.set(call.id, record);
          this.ctx.apply(machine.confirmed(current, record));
          continue;
        }
        const attempted = machine.reconcileAttempted(current);
        this.ctx.calls.set(call.id, attempted);
        const delays = TIMING.reconcileBackoff;
        if (attempted.reconcileAttempts > delays.length) {
          if (record) {
            // Shown, but not whole: keep what was seen live; the next history sync completes it.
            this.claimedRecords.add(record.id);
            this.confirmedRecords.set(call.id, record);
            this.ctx.apply(machine.notYetLogged(attempted, record, now));
            continue;
          }
          const minutes = Math.max(1, Math.round((now - (attempted.endedAt ?? attempted.createdAt)) / 60_000));
          const problem = attempted.problem ?? PROBLEM_WORDS.callLogSilent(attempted.reconcileAttempts, minutes);
          this.ctx.apply(machine.outcomeUnknown(attempted, problem, now));
        } else {
          this.ctx.deps.store.save(attempted).catch(() => undefined);
          this.nextReconcile.set(call.id, now + this.ctx.window() * delays[attempted.reconcileAttempts - 1]!);
        }
      }
    } finally {
      this.reconciling = false;
      this.scheduleReconcileRound();
    }
  }

  private async fetchCandidates(due: TrackedCall[]): Promise<CallLogRecord[] | null> {
    // Record times are RingCentral's: the window is in server time (a skewed local clock still finds them).
    const serverTime = this.ctx.deps.api.planner.serverTime;
    const from = serverTime.toServer(Math.min(...due.map((c) => c.createdAt))) - 120_000;
    const records: CallLogRecord[] = [];
    try {
      for (let page = 1; page <= 10; page++) {
        const answer = await this.ctx.deps.api.callLogPage(
          // Both directions: the caller half of a two-record RingOut is logged as Inbound.
          { dateFrom: new Date(from).toISOString(), dateTo: new Date(serverTime.now() + 60_000).toISOString(), perPage: 1000, page },
          'live',
        );
        records.push(...answer.records);
        if (!answer.hasNextPage) break;
      }
      return groupCallLogRecords(records).map((group) => group.record);
    } catch (error) {
      this.ctx.deps.logger.warn('Call-log check failed; will retry', { error: (error as Error).message });
      return null;
    }
  }

  private match(call: TrackedCall, records: CallLogRecord[]): CallLogRecord | null {
    const placedAt = this.ctx.deps.api.planner.serverTime.toServer(call.createdAt);
    return matchCallRecord({ telephonySessionId: call.telephonySessionId, sessionId: call.sessionId, to: call.to, placedAt }, records, {
      claimed: this.claimedRecords,
    });
  }

  stop(): void {
    this.reconcileTimer?.();
    this.reconcileTimer = null;
  }
}
