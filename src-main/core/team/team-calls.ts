/**
 * Writing call-log records into the team archive with the local archive's call model: upserted
 * by record id keeping the newest lastModifiedTime (late and modified records), a two-record
 * RingOut merged into one call by the same pure rule the local archive and the sync use
 * (groupCallLogRecords over the records near it), both legs' status and state derived by
 * deriveLegs. Runs on a connection the caller holds in a transaction (the collector's).
 */
import type pg from 'pg';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { legState } from '../../../src-shared/leg-state';
import { deriveLegs } from '../ringout/derive-legs';
import { CALLER_HALF_WINDOW_MS, groupCallLogRecords, mergeRingOutPair } from '../ringout/merge-records';

/** One record of the account's call log and whose call it is. */
export interface TeamRecord {
  extensionId: string;
  record: CallLogRecord;
}

interface StoredCall {
  id: string;
  record: CallLogRecord;
  caller_half: CallLogRecord | null;
}

export const modifiedMs = (record: CallLogRecord) => Date.parse(record.lastModifiedTime ?? record.startTime) || 0;

/** Writes records; the caller holds the transaction (all or nothing per batch). */
export async function writeTeamRecords(client: pg.ClientBase, records: readonly TeamRecord[]): Promise<void> {
  await ensurePartitions(client, records);
  for (const entry of records) await writeTeamRecord(client, entry);
}

/** The month partitions these records need, made where missing. */
export async function ensurePartitions(client: pg.ClientBase, records: readonly TeamRecord[]): Promise<void> {
  const months = new Set(records.map(({ record }) => monthOf(record.startTime)).filter((m): m is string => m !== null));
  for (const month of months) await client.query('SELECT ringside_calls_partition($1)', [month]);
}

/** The first instant of a record's UTC month (null: no readable start time). */
function monthOf(startTime: string): string | null {
  const ms = Date.parse(startTime);
  return Number.isNaN(ms) ? null : new Date(utcMonth(ms).from).toISOString();
}

/** The first instant of UTC month `index` (year × 12 + month, as utcMonth numbers them). */
export function utcMonthStart(index: number): number {
  const year = Math.floor(index / 12);
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: that one reads the years 0–99 as 1900–1999.
  at.setUTCFullYear(year, index - year * 12, 1);
  return at.getTime();
}

/** The UTC month an instant falls in: its number (year × 12 + month) and its bounds, [from, to). */
export function utcMonth(ms: number): { index: number; from: number; to: number } {
  const at = new Date(ms);
  const index = at.getUTCFullYear() * 12 + at.getUTCMonth();
  return { index, from: utcMonthStart(index), to: utcMonthStart(index + 1) };
}

export async function writeTeamRecord(client: pg.ClientBase, { extensionId, record }: TeamRecord): Promise<void> {
  if (record.deleted === true) {
    // A call deleted in RingCentral leaves the archive (a merged half's deletion leaves its call as it is).
    await client.query('DELETE FROM calls WHERE id = $1', [record.id]);
    return;
  }
  const start = Date.parse(record.startTime);
  if (!Number.isFinite(start)) throw new Error(`Call-log record ${record.id} has no readable startTime`);
  // A half whose call was deleted went with it.
  const owner = await client.query<{ call_id: string; alive: boolean }>(
    'SELECT call_id, EXISTS (SELECT 1 FROM calls WHERE id = call_id) AS alive FROM merged_halves WHERE half_id = $1',
    [record.id],
  );
  if (owner.rows[0] && !owner.rows[0].alive) return;
  const near = await client.query<StoredCall>('SELECT id, record, caller_half FROM calls WHERE extension_id = $1 AND start_time BETWEEN $2 AND $3 FOR UPDATE', [
    extensionId,
    new Date(start - CALLER_HALF_WINDOW_MS),
    new Date(start + CALLER_HALF_WINDOW_MS),
  ]);
  const stored = near.rows.flatMap((row) => (row.caller_half ? [row.record, row.caller_half] : [row.record]));
  const previous = stored.find((r) => r.id === record.id);
  // An older version of a record already archived changes nothing.
  if (previous && modifiedMs(previous) > modifiedMs(record)) return;
  const records = [...stored.filter((r) => r.id !== record.id), record];
  const pairedBefore = new Map(near.rows.map((row) => [row.id, row.caller_half?.id ?? null]));
  for (const group of groupCallLogRecords(records)) {
    const id = group.record.id;
    const halfId = group.callerHalf?.id ?? null;
    const touched = id === record.id || halfId === record.id;
    if (!touched && pairedBefore.has(id) && pairedBefore.get(id) === halfId) continue;
    const own = records.find((r) => r.id === id)!;
    await upsertCall(client, extensionId, own, group.callerHalf);
    if (group.callerHalf) {
      await client.query('DELETE FROM calls WHERE id = $1', [halfId]);
      await client.query('INSERT INTO merged_halves (half_id, call_id) VALUES ($1, $2) ON CONFLICT (half_id) DO UPDATE SET call_id = excluded.call_id', [
        halfId,
        id,
      ]);
    }
  }
}

/** The columns of a call's row, in the order callRow gives them. */
export const CALL_COLUMNS = [
  'id',
  'start_time',
  'extension_id',
  'modified_time',
  'session_id',
  'telephony_session_id',
  'direction',
  'action',
  'result',
  'result_state',
  'from_number',
  'from_name',
  'to_number',
  'to_name',
  'duration',
  'ring_out',
  'caller_status',
  'callee_status',
  'caller_state',
  'callee_state',
  'record',
  'caller_half',
] as const;

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
/** The last day utcIsoText formatted: a load's calls come day by day. */
let isoDay = { day: NaN, prefix: '' };

/**
 * An instant as toISOString() writes it (what PostgreSQL reads as timestamptz), without a Date
 * per value: the date part is kept per day, the time of day made from the number (a bulk load
 * writes two times for each of its calls).
 */
export function utcIsoText(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay.day) {
    const iso = new Date(ms).toISOString();
    // Years outside 0000–9999 (a six-digit year) as toISOString writes them.
    if (iso.length !== 24 || !Number.isInteger(ms)) return iso;
    isoDay = { day, prefix: iso.slice(0, 11) };
  }
  const inDay = ms - day * DAY_MS;
  const milli = inDay % 1000;
  const seconds = (inDay - milli) / 1000;
  const minutes = Math.floor(seconds / 60);
  return `${isoDay.prefix}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}:${TWO_DIGITS[seconds % 60]}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/**
 * One call's row: the record as RingCentral sent it (merged with its caller half for the legs).
 * Times are given as UTC ISO text (`start`: the record's start already read, if the caller has it).
 */
export function callRow(
  extensionId: string,
  record: CallLogRecord,
  callerHalf: CallLogRecord | null,
  start = Date.parse(record.startTime),
): Array<string | number | boolean | null> {
  const merged = callerHalf ? mergeRingOutPair(record, callerHalf) : record;
  const legs = deriveLegs(merged);
  return [
    record.id,
    // (A merged pair starts when its RingOut record does.)
    utcIsoText(start),
    extensionId,
    utcIsoText(modifiedMs(record)),
    merged.sessionId ?? null,
    merged.telephonySessionId ?? null,
    merged.direction ?? null,
    merged.action ?? null,
    merged.result ?? null,
    legState(merged.result),
    merged.from?.phoneNumber ?? merged.from?.extensionNumber ?? null,
    merged.from?.name ?? null,
    merged.to?.phoneNumber ?? merged.to?.extensionNumber ?? null,
    merged.to?.name ?? null,
    merged.duration ?? null,
    legs.ringOut,
    legs.callerStatus,
    legs.calleeStatus,
    legs.ringOut ? legState(legs.callerStatus) : null,
    legs.ringOut ? legState(legs.calleeStatus) : null,
    JSON.stringify(record),
    callerHalf ? JSON.stringify(callerHalf) : null,
  ];
}

const UPDATE_ALL = CALL_COLUMNS.filter((c) => c !== 'id' && c !== 'start_time')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

async function upsertCall(client: pg.ClientBase, extensionId: string, record: CallLogRecord, callerHalf: CallLogRecord | null): Promise<void> {
  const values = callRow(extensionId, record, callerHalf);
  // A record whose start moved (never seen, but an id is one call): the old row goes.
  await client.query('DELETE FROM calls WHERE id = $1 AND start_time <> $2', [values[0], values[1]]);
  await client.query(
    `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (id, start_time) DO UPDATE SET ${UPDATE_ALL}, written_at = clock_timestamp()`,
    values,
  );
}
