import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import { legState } from '../../../src-shared/leg-state';
import { digitsOf } from '../../../src-shared/phone-numbers';
import { deriveLegs } from '../ringout/derive-legs';
import { recordLacksLeg } from '../ringout/match-record';
import { NOT_CALLED } from '../../../src-shared/legs';
import { mergeRingOutPair } from '../ringout/merge-records';
import { explainLiveLegs, explainOutcome, problemFact, problemWords, type ProblemFact } from '../ringout/explain';
import type { LegState } from '../../../src-shared/leg-state';
import type { HistoryRow } from '../../../src-shared/history-row';
import { decodeStoredJson, encodeStoredJson } from './stored-json';

/** The id of a call with no call-log record behind it (yet): Ringside's own call id after this. */
export const UNCONFIRMED_PREFIX = 'ringside:';

export interface Row {
  id: string;
  start_ms: number;
  direction: string | null;
  action: string | null;
  result: string | null;
  from_number: string | null;
  from_name: string | null;
  to_number: string | null;
  to_name: string | null;
  duration: number | null;
  ring_out: number;
  caller_status: string | null;
  callee_status: string | null;
  caller_state: string | null;
  callee_state: string | null;
  /** Words kept from before schema 7 that the facts could not reproduce (never written since). */
  explanation: string | null;
  /** Why the call failed or is not confirmed: a ProblemFact as JSON (absent before schema 7). */
  problem?: string | null;
  pending: number;
  tracked: number;
}

/**
 * A call's explanation, in words chosen now: from its legs, and for a call the call log has
 * not (completely) shown, from what was seen live and why it is not confirmed.
 */
export function explainRow(row: Row): string | null {
  if (row.explanation !== null) return row.explanation;
  const problem = row.problem ? problemWords(JSON.parse(row.problem) as ProblemFact) : null;
  if (problem && row.pending === 1) {
    const live = explainLiveLegs(
      { raw: row.caller_status, state: row.caller_state as LegState | null },
      { raw: row.callee_status, state: row.callee_state as LegState | null },
    );
    return `${live} ${problem}`;
  }
  return problem ?? (row.ring_out === 1 ? explainOutcome(row.caller_status, row.callee_status) : null);
}

/** The fact to store for a tracked call's problem (null: none). */
function storedProblem(problem: string | null | undefined): string | null {
  return problem ? JSON.stringify(problemFact(problem)) : null;
}

export function toHistoryRow(row: Row): HistoryRow {
  return {
    id: row.id,
    startTime: new Date(row.start_ms).toISOString(),
    direction: row.direction,
    action: row.action,
    result: row.result,
    fromNumber: row.from_number,
    fromName: row.from_name,
    toNumber: row.to_number,
    toName: row.to_name,
    duration: row.duration,
    ringOut: row.ring_out === 1,
    callerStatus: row.caller_status,
    calleeStatus: row.callee_status,
    callerState: (row.caller_state as HistoryRow['callerState']) ?? null,
    calleeState: (row.callee_state as HistoryRow['calleeState']) ?? null,
    // Derived here from stored facts, so a wording fix reaches old calls too.
    explanation: explainRow(row),
    tracked: row.tracked === 1,
    // Filled in by Annotations.enrich (names from the contacts cache, the user's notes).
    contactName: null,
    nameSource: null,
    otherNames: [],
    note: null,
    disposition: null,
    favourite: false,
  };
}

/** The distinct outcomes a call can be found by: either leg, or an ordinary call's result. */
function statesOf(values: Record<string, string | number | null>): string[] {
  const states = values['ring_out'] === 1 ? [values['caller_state'], values['callee_state']] : [values['result_state']];
  return [...new Set(states.filter((s): s is string => typeof s === 'string'))];
}

/** The rows of calls: one call's row written (keeping the newest version), one removed. */
export class CallRows {
  private upsertCallStatement: StatementSync | null = null;
  private readonly upsertDetails: StatementSync;
  private readonly upsertParty: StatementSync;
  readonly existing: StatementSync;
  readonly statesDelete: StatementSync;
  private readonly stateInsert: StatementSync;
  private readonly trackedOf: StatementSync;
  private readonly rowDelete: StatementSync;
  private readonly detailsDelete: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.upsertDetails = db.prepare(`
      INSERT INTO call_details (id, record, tracked, caller_half) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET record = COALESCE(excluded.record, call_details.record), tracked = COALESCE(excluded.tracked, call_details.tracked),
        caller_half = COALESCE(excluded.caller_half, call_details.caller_half)`);
    this.upsertParty = db.prepare(`
      INSERT INTO parties (digits, name) VALUES (?, ?)
      ON CONFLICT (digits) DO UPDATE SET name = COALESCE(excluded.name, parties.name)
      RETURNING id`);
    this.existing = db.prepare('SELECT modified_ms, pending FROM calls WHERE id = ?');
    this.statesDelete = db.prepare('DELETE FROM call_states WHERE call_rowid = ?');
    this.stateInsert = db.prepare('INSERT OR IGNORE INTO call_states (state, start_ms, call_rowid) VALUES (?, ?, ?)');
    this.trackedOf = db.prepare('SELECT tracked FROM call_details WHERE id = ?');
    this.rowDelete = db.prepare('DELETE FROM calls WHERE id = ? RETURNING rowid');
    this.detailsDelete = db.prepare('DELETE FROM call_details WHERE id = ?');
  }

  /** Prepared at the first write: an older archive opened read-only has no `problem` column to write. */
  private get upsertCall(): StatementSync {
    return (this.upsertCallStatement ??= this.db.prepare(`
      INSERT INTO calls (id, start_ms, modified_ms, direction, action, result, result_state, from_number, from_name, to_number, to_name,
        party_id, duration, ring_out, caller_status, callee_status, caller_state, callee_state, problem, session_id, tracked, pending)
      VALUES (:id, :start_ms, :modified_ms, :direction, :action, :result, :result_state, :from_number, :from_name, :to_number, :to_name,
        :party_id, :duration, :ring_out, :caller_status, :callee_status, :caller_state, :callee_state, :problem, :session_id, :tracked, :pending)
      ON CONFLICT (id) DO UPDATE SET
        start_ms = excluded.start_ms, modified_ms = excluded.modified_ms, direction = excluded.direction, action = excluded.action,
        result = excluded.result, result_state = excluded.result_state, from_number = excluded.from_number, from_name = excluded.from_name,
        to_number = excluded.to_number, to_name = excluded.to_name, party_id = excluded.party_id, duration = excluded.duration,
        ring_out = excluded.ring_out, caller_status = excluded.caller_status, callee_status = excluded.callee_status,
        caller_state = excluded.caller_state, callee_state = excluded.callee_state, explanation = NULL, problem = excluded.problem,
        session_id = excluded.session_id, tracked = max(excluded.tracked, calls.tracked), pending = excluded.pending
      RETURNING rowid`));
  }

  /** Writes one call unless the archive already holds a newer version (a timeline or a caller half always goes in). */
  write(
    values: Record<string, string | number | null>,
    details: { record: Uint8Array | null; tracked: Uint8Array | null; callerHalf?: Uint8Array | null },
    party: { number: string | null; name: string | null },
  ): void {
    const id = String(values['id']);
    const current = this.existing.get(id) as { modified_ms: number } | undefined;
    if (current && Number(values['modified_ms']) < current.modified_ms && !details.tracked && !details.callerHalf) return;
    const digits = digitsOf(party.number);
    const partyId = digits ? (this.upsertParty.get(digits, party.name) as { id: number }).id : null;
    const { rowid } = this.upsertCall.get({ ...values, party_id: partyId }) as { rowid: number };
    this.upsertDetails.run(id, details.record, details.tracked, details.callerHalf ?? null);
    this.statesDelete.run(rowid);
    for (const state of statesOf(values)) this.stateInsert.run(state, Number(values['start_ms']), rowid);
  }

  /** Removes a row whose call now lives in another row (a merged half, an adopted pending call). */
  removeRow(id: string): void {
    const removed = this.rowDelete.get(id) as { rowid: number } | undefined;
    if (removed) this.statesDelete.run(removed.rowid);
    this.detailsDelete.run(id);
  }

  storedTracked(id: string): TrackedCall | null {
    const row = this.trackedOf.get(id) as { tracked: Uint8Array | string | null } | undefined;
    return decodeStoredJson<TrackedCall>(row?.tracked);
  }

  /** The row of one call: a record (merged with its caller half), and what Ringside saw when it tracked it. */
  writeRow(record: CallLogRecord, callerHalf: CallLogRecord | null, tracked: TrackedCall | null): void {
    const merged = callerHalf ? mergeRingOutPair(record, callerHalf) : record;
    const legs = deriveLegs(merged);
    let caller = { status: legs.callerStatus, state: legs.ringOut ? legState(legs.callerStatus) : null };
    let callee = { status: legs.calleeStatus, state: legs.ringOut ? legState(legs.calleeStatus) : null };
    // Null: the legs tell it when shown (explainRow).
    let problem: string | null = null;
    const pending = Boolean(tracked?.callLogPending);
    if (pending && tracked && recordLacksLeg(tracked, merged)) {
      // The record does not have every leg yet: what was seen live stands for the missing ones.
      if (legs.callerStatus === null) caller = { status: tracked.caller.raw, state: tracked.caller.state };
      if (legs.calleeStatus === null || legs.calleeStatus === NOT_CALLED) callee = { status: tracked.callee.raw, state: tracked.callee.state };
      problem = storedProblem(tracked.problem);
    }
    const other = merged.direction === 'Inbound' ? merged.from : merged.to;
    this.write(
      {
        id: record.id,
        start_ms: Date.parse(merged.startTime),
        modified_ms: Date.parse(merged.lastModifiedTime ?? merged.startTime) || 0,
        direction: merged.direction ?? null,
        action: merged.action ?? null,
        result: merged.result ?? null,
        result_state: legState(merged.result),
        from_number: merged.from?.phoneNumber ?? merged.from?.extensionNumber ?? null,
        from_name: merged.from?.name ?? null,
        to_number: merged.to?.phoneNumber ?? merged.to?.extensionNumber ?? null,
        to_name: merged.to?.name ?? tracked?.toName ?? null,
        duration: merged.duration ?? null,
        ring_out: legs.ringOut ? 1 : 0,
        caller_status: caller.status,
        callee_status: callee.status,
        caller_state: caller.state,
        callee_state: callee.state,
        problem,
        session_id: merged.sessionId ?? null,
        tracked: tracked ? 1 : 0,
        pending: pending ? 1 : 0,
      },
      { record: encodeStoredJson(record), tracked: encodeStoredJson(tracked), callerHalf: encodeStoredJson(callerHalf) },
      { number: other?.phoneNumber ?? other?.extensionNumber ?? null, name: other?.name ?? (merged.direction === 'Inbound' ? null : tracked?.toName) ?? null },
    );
  }

  /** A call without a call-log record (outcome unknown, or refused): what Ringside saw, under its own id. */
  writeUnconfirmed(call: TrackedCall): void {
    this.write(
      {
        id: `${UNCONFIRMED_PREFIX}${call.id}`,
        start_ms: call.createdAt,
        modified_ms: call.endedAt ?? call.createdAt,
        direction: 'Outbound',
        action: 'RingOut',
        result: call.phase === 'failed' ? 'Call Failed' : 'Unknown',
        result_state: call.phase === 'failed' ? 'failed' : 'unknown',
        from_number: call.from,
        from_name: null,
        to_number: call.to,
        to_name: call.toName,
        duration: call.endedAt ? Math.round((call.endedAt - call.createdAt) / 1000) : null,
        ring_out: 1,
        caller_status: call.caller.raw,
        callee_status: call.callee.raw,
        caller_state: call.caller.state,
        callee_state: call.callee.state,
        problem: storedProblem(call.problem),
        session_id: call.sessionId,
        tracked: 1,
        pending: call.callLogPending ? 1 : 0,
      },
      { record: null, tracked: encodeStoredJson(call) },
      { number: call.to, name: call.toName },
    );
  }
}
