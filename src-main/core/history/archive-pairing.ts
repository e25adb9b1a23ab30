import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import { isRingOutRecord } from '../ringout/derive-legs';
import * as machine from '../ringout/call-machine';
import { MATCH_WINDOW_MS, matchCallRecord, recordLacksLeg } from '../ringout/match-record';
import { CALLER_HALF_WINDOW_MS, callerHalfSessionFits, isRingOutCallerHalf, mergeRingOutPair } from '../ringout/merge-records';
import type { CallRows } from './archive-rows';
import { decodeStoredJson } from './stored-json';

/** How far apart two records' numeric sessionIds are (the closest caller half wins). */
function sessionDistance(a: CallLogRecord, b: CallLogRecord): number {
  const gap = Math.abs(Number(a.sessionId) - Number(b.sessionId));
  return Number.isFinite(gap) ? gap : Number.POSITIVE_INFINITY;
}

/**
 * RingOut pairing and reconciliation: a two-record RingOut's Inbound caller half goes into its
 * RingOut's row, and a call saved "not yet in the call log" is adopted by its record.
 */
export class RingOutPairing {
  readonly storedHalf: StatementSync;
  readonly halfOwner: StatementSync;
  private readonly halfOwnerInsert: StatementSync;
  private readonly inboundNear: StatementSync;
  private readonly ringOutNear: StatementSync;
  private readonly pendingNear: StatementSync;

  constructor(
    db: DatabaseSync,
    private readonly rows: CallRows,
    /** A pending call's row gave way to its record's: what the user wrote on it follows (a wrap-up note). */
    private readonly adopted: (fromId: string, toId: string) => void = () => undefined,
  ) {
    this.storedHalf = db.prepare('SELECT caller_half FROM call_details WHERE id = ?');
    this.halfOwner = db.prepare('SELECT call_id FROM merged_halves WHERE half_id = ?');
    this.halfOwnerInsert = db.prepare(
      'INSERT INTO merged_halves (half_id, call_id) VALUES (?, ?) ON CONFLICT (half_id) DO UPDATE SET call_id = excluded.call_id',
    );
    // Both by start time (an index range): the candidates for the other record of a two-record RingOut.
    this.inboundNear = db.prepare(
      "SELECT calls.id, calls.session_id, call_details.record FROM calls JOIN call_details USING (id) WHERE start_ms BETWEEN ? AND ? AND ring_out = 0 AND direction = 'Inbound' AND call_details.record IS NOT NULL",
    );
    this.ringOutNear = db.prepare(
      'SELECT calls.id, calls.session_id, call_details.record, call_details.tracked, call_details.caller_half FROM calls JOIN call_details USING (id) WHERE start_ms BETWEEN ? AND ? AND ring_out = 1 AND call_details.record IS NOT NULL',
    );
    this.pendingNear = db.prepare(
      'SELECT calls.id, call_details.tracked FROM calls JOIN call_details USING (id) WHERE pending = 1 AND record IS NULL AND start_ms BETWEEN ? AND ?',
    );
  }

  /**
   * Stores one call-log record. A RingOut's Inbound caller half (REALITY 12) goes into its
   * RingOut's row whichever comes first; a call Ringside tracked but could not confirm in time
   * ("not yet in the call log") is refined by its record here, when a sync brings it.
   */
  writeRecord(record: CallLogRecord, tracked: TrackedCall | null): void {
    // A call the user deleted in RingCentral leaves the history (a merged caller half leaves its call as it is).
    if (record.deleted === true) return this.rows.removeRow(record.id);
    if (!isRingOutRecord(record)) {
      if (record.direction === 'Inbound' && this.mergeIntoRingOut(record)) return;
      this.rows.writeRow(record, null, tracked);
      return;
    }
    const half = this.callerHalfFor(record);
    const merged = half ? mergeRingOutPair(record, half) : record;
    let call = tracked;
    if (!call && (this.rows.existing.get(record.id) as { pending: number } | undefined)?.pending) call = this.rows.storedTracked(record.id);
    call ??= this.adoptPending(merged);
    if (call?.callLogPending && !recordLacksLeg(call, merged)) call = machine.confirmed(call, merged).call;
    this.rows.writeRow(record, half, call);
  }

  /** The caller half of a RingOut record: merged before, or a phantom Inbound row stored on its own. */
  private callerHalfFor(ringOut: CallLogRecord): CallLogRecord | null {
    const stored = this.storedHalf.get(ringOut.id) as { caller_half: Uint8Array | string | null } | undefined;
    if (stored?.caller_half) return decodeStoredJson<CallLogRecord>(stored.caller_half);
    const start = Date.parse(ringOut.startTime);
    let best: CallLogRecord | null = null;
    type Near = { id: string; session_id: string | null; record: Uint8Array | string };
    for (const row of this.inboundNear.all(start - CALLER_HALF_WINDOW_MS, start + CALLER_HALF_WINDOW_MS) as Near[]) {
      // Reading a record means inflating it: rule out most neighbours by their sessionId first.
      if (!callerHalfSessionFits(ringOut.sessionId, row.session_id)) continue;
      const candidate = decodeStoredJson<CallLogRecord>(row.record)!;
      if (!isRingOutCallerHalf(candidate, ringOut)) continue;
      if (!best || sessionDistance(ringOut, candidate) < sessionDistance(ringOut, best)) best = candidate;
    }
    if (!best) return null;
    this.rows.removeRow(best.id);
    this.halfOwnerInsert.run(best.id, ringOut.id);
    return best;
  }

  /** Folds an Inbound caller half into its RingOut's row; false when it is an ordinary call. */
  private mergeIntoRingOut(half: CallLogRecord): boolean {
    const sessionId = Number(half.sessionId);
    if (!half.sessionId || !Number.isFinite(sessionId)) return false;
    const owner = (this.halfOwner.get(half.id) as { call_id: string } | undefined)?.call_id ?? null;
    // Its call was deleted in RingCentral (only a deletion removes a call that took a half): the half went with it.
    if (owner && !this.rows.existing.get(owner)) return true;
    const start = Date.parse(half.startTime);
    type Stored = Uint8Array | string;
    type Near = { id: string; session_id: string | null; record: Stored; tracked: Stored | null; caller_half: Stored | null };
    let best: { row: Near; record: CallLogRecord } | null = null;
    for (const row of this.ringOutNear.all(start - CALLER_HALF_WINDOW_MS, start + CALLER_HALF_WINDOW_MS) as Near[]) {
      if (owner && row.id !== owner) continue;
      if (!callerHalfSessionFits(row.session_id, half.sessionId)) continue;
      const ringOut = decodeStoredJson<CallLogRecord>(row.record)!;
      // A RingOut already merged with another half is another call.
      if (row.caller_half && decodeStoredJson<CallLogRecord>(row.caller_half)!.id !== half.id) continue;
      if (!isRingOutCallerHalf(half, ringOut)) continue;
      if (!best || sessionDistance(ringOut, half) < sessionDistance(best.record, half)) best = { row, record: ringOut };
    }
    if (!best) return false;
    this.rows.removeRow(half.id);
    this.halfOwnerInsert.run(half.id, best.row.id);
    this.rows.writeRow(best.record, half, decodeStoredJson<TrackedCall>(best.row.tracked));
    return true;
  }

  /** A call Ringside saved as "not yet in the call log" that this record is: its row gives way to the record's. */
  private adoptPending(record: CallLogRecord): TrackedCall | null {
    const start = Date.parse(record.startTime);
    for (const row of this.pendingNear.all(start - MATCH_WINDOW_MS, start + MATCH_WINDOW_MS) as Array<{ id: string; tracked: Uint8Array | string | null }>) {
      const call = decodeStoredJson<TrackedCall>(row.tracked);
      if (!call) continue;
      const identity = { telephonySessionId: call.telephonySessionId, sessionId: call.sessionId, to: call.to, placedAt: call.createdAt };
      if (!matchCallRecord(identity, [record])) continue;
      this.rows.removeRow(row.id);
      this.adopted(row.id, record.id);
      return { ...call, recordId: record.id };
    }
    return null;
  }
}
