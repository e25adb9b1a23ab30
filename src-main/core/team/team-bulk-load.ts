/**
 * A large load into the team archive (a first collection, a backfill): the calls streamed in
 * with COPY (pg-copy-streams) instead of a statement per record. The records of one extension
 * are paired in memory by the same rule as one at a time (groupCallLogRecords); an extension
 * that already has calls near the load's period, and any deletion, goes through the
 * record-by-record writer instead, so the result is the same either way. The caller holds the
 * transaction (the collector's batch).
 *
 * Speed (bench/team-archive-bench.ts): which extensions have calls near the load is asked in
 * one query for all of them; the rows go as COPY's text format (no quoting of every field)
 * straight into each month's partition (COPY refuses `calls` itself, which has row-level
 * security; migration 6 lets the collector write partitions), built while they stream; a month
 * new to the archive is filled detached and attached after (migration 9: its indexes built at
 * once); the roll-ups counted here and added as counts. Only when a call of the load is
 * already stored (COPY stops at the key) does the load go round a temporary table and
 * `ON CONFLICT DO NOTHING`, as it always did, under a savepoint so nothing half-written stays.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { isRingOutRecord } from '../ringout/derive-legs';
import { CALLER_HALF_WINDOW_MS, groupCallLogRecords } from '../ringout/merge-records';
import { CALL_COLUMNS, callRow, ensurePartitions, modifiedMs, writeTeamRecord, type TeamRecord } from './team-calls';

/** Where each column is in callRow's values. */
const AT = Object.fromEntries(CALL_COLUMNS.map((column, i) => [column, i])) as Record<(typeof CALL_COLUMNS)[number], number>;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value as a field of COPY's text format (\N is NULL; backslash, tab and line ends escaped). */
function copyField(value: string | number | boolean | Date | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
  // Numbers, booleans and times hold none of the characters to escape.
  return value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
}

/** A call of the load with its merged caller half, if any. */
interface PairedCall {
  extensionId: string;
  record: CallLogRecord;
  callerHalf: CallLogRecord | null;
}

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
/** Separates the parts of a roll-up's key (no id or state holds it). */
const SEP = '\u0001';

/**
 * The load's RingOut calls counted as the roll-ups count them (per UTC day and person, per
 * quarter hour, per UTC month and number; both legs' states), so PostgreSQL adds some
 * thousands of counts rather than grouping every call of the load sent to it as arrays
 * (sending 170k calls' columns as arrays took longer than grouping them).
 */
class RollupCounts {
  private readonly people = new Map<string, number>();
  private readonly quarters = new Map<string, number>();
  private readonly numbers = new Map<string, number>();
  /** The last call's keys: calls come by extension and time, so the next call often shares them. */
  private last = { day: NaN, quarter: NaN, month: NaN, extensionId: '', states: '', peopleKey: '', quarterKey: '', monthKey: '' };

  add(start: Date, extensionId: string, caller: string | null, callee: string | null, number: string | null): void {
    // Keys of small integers (days, quarters, months since 1970), which turn into strings fast.
    const ms = start.getTime();
    const last = this.last;
    const day = Math.floor(ms / DAY_MS);
    const quarter = Math.floor(ms / QUARTER_MS);
    const states = `${caller ?? ''}${SEP}${callee ?? ''}`;
    if (day !== last.day || extensionId !== last.extensionId || states !== last.states) last.peopleKey = `${day}${SEP}${extensionId}${SEP}${states}`;
    if (quarter !== last.quarter || states !== last.states) last.quarterKey = `${quarter}${SEP}${states}`;
    if (day !== last.day) {
      last.month = start.getUTCFullYear() * 12 + start.getUTCMonth();
      last.monthKey = `${last.month}${SEP}`;
    }
    last.day = day;
    last.quarter = quarter;
    last.extensionId = extensionId;
    last.states = states;
    this.people.set(last.peopleKey, (this.people.get(last.peopleKey) ?? 0) + 1);
    this.quarters.set(last.quarterKey, (this.quarters.get(last.quarterKey) ?? 0) + 1);
    if (number !== null) {
      const numbers = `${last.monthKey}${number}${SEP}${callee ?? ''}`;
      this.numbers.set(numbers, (this.numbers.get(numbers) ?? 0) + 1);
    }
  }

  /** The arguments of ringside_rollup_add_counts: each roll-up's key columns and counts (a state given as '' is none: NULL). */
  arguments(): unknown[] {
    /** `states`: which of the key's parts after the time are states. */
    const columns = (counts: Map<string, number>, toMs: (time: number) => number, states: readonly boolean[]) => {
      const out: Array<Array<string | number | null>> = Array.from({ length: states.length + 2 }, () => []);
      for (const [key, n] of counts) {
        const [time, ...parts] = key.split(SEP);
        out[0]!.push(new Date(toMs(Number(time))).toISOString());
        parts.forEach((part, i) => out[i + 1]!.push(states[i] && part === '' ? null : part));
        out[states.length + 1]!.push(n);
      }
      return out;
    };
    return [
      ...columns(this.people, (day) => day * DAY_MS, [false, true, true]),
      ...columns(this.quarters, (quarter) => quarter * QUARTER_MS, [true, true]),
      ...columns(this.numbers, (month) => Date.UTC(Math.floor(month / 12), month % 12, 1), [false, true]),
    ];
  }
}

/** Lines of COPY text sent in one piece: large enough to keep the stream's overhead small, small enough to interleave with PostgreSQL's parsing. */
const LINES_PER_CHUNK = 200;

/**
 * The calls' rows as COPY text, built as the stream asks for them: Node builds the next lines
 * (deriveLegs, the records as JSON) while PostgreSQL parses and stores the last ones (two cores
 * at work rather than one after the other). Notes each RingOut call's roll-up columns.
 */
function* copyChunks(calls: readonly PairedCall[], rollup: RollupCounts): Generator<string> {
  let chunk = '';
  let lines = 0;
  for (const { extensionId, record, callerHalf } of calls) {
    const values = callRow(extensionId, record, callerHalf);
    for (let i = 0; i < values.length; i++) chunk += (i === 0 ? '' : '\t') + copyField(values[i]!);
    chunk += '\n';
    if (values[AT.ring_out] === true)
      rollup.add(
        values[AT.start_time] as Date,
        extensionId,
        values[AT.caller_state] as string | null,
        values[AT.callee_state] as string | null,
        values[AT.to_number] as string | null,
      );
    if (++lines === LINES_PER_CHUNK) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk) yield chunk;
}

/** The extensions (of those given with the load's period each) that have a call stored within it. */
async function extensionsWithCallsNear(client: pg.ClientBase, periods: ReadonlyMap<string, { from: Date; to: Date }>): Promise<Set<string>> {
  const ids = [...periods.keys()];
  const result = await client.query<{ extension_id: string }>(
    `SELECT w.extension_id FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS w(extension_id, from_time, to_time)
     WHERE EXISTS (SELECT 1 FROM calls c WHERE c.extension_id = w.extension_id AND c.start_time BETWEEN w.from_time AND w.to_time)`,
    [ids, ids.map((id) => periods.get(id)!.from), ids.map((id) => periods.get(id)!.to)],
  );
  return new Set(result.rows.map((row) => row.extension_id));
}

/** Loads the records; returns how many calls were streamed by COPY (the rest went record by record). */
export async function bulkLoadTeamRecords(client: pg.ClientBase, records: readonly TeamRecord[]): Promise<number> {
  const byExtension = new Map<string, Map<string, CallLogRecord>>();
  const oneByOne: TeamRecord[] = [];
  // Each record's start, read once (parsing times is a good part of the load's own work).
  const startOf = new Map<CallLogRecord, number>();
  for (const entry of records) {
    const start = entry.record.deleted === true ? NaN : Date.parse(entry.record.startTime);
    if (!Number.isFinite(start)) {
      oneByOne.push(entry);
      continue;
    }
    startOf.set(entry.record, start);
    const own = byExtension.get(entry.extensionId) ?? new Map<string, CallLogRecord>();
    byExtension.set(entry.extensionId, own);
    // The same record twice in one load: its newest version.
    const seen = own.get(entry.record.id);
    if (!seen || modifiedMs(entry.record) >= modifiedMs(seen)) own.set(entry.record.id, entry.record);
  }
  const periods = new Map<string, { from: Date; to: Date }>();
  for (const [extensionId, own] of byExtension) {
    let first = Infinity;
    let last = -Infinity;
    for (const record of own.values()) {
      const start = startOf.get(record)!;
      if (start < first) first = start;
      if (start > last) last = start;
    }
    periods.set(extensionId, { from: new Date(first - CALLER_HALF_WINDOW_MS), to: new Date(last + CALLER_HALF_WINDOW_MS) });
  }
  const near = await extensionsWithCallsNear(client, periods);
  // Only a caller half (an Inbound record, not a RingOut) is ever merged into a call: only those are asked about.
  const halfIds = [...byExtension.values()].flatMap((own) =>
    [...own.values()].filter((r) => r.direction === 'Inbound' && !isRingOutRecord(r)).map((r) => r.id),
  );
  const mergedBefore = await client.query<{ half_id: string }>('SELECT half_id FROM merged_halves WHERE half_id = ANY($1)', [halfIds]);
  const halvesBefore = new Set(mergedBefore.rows.map((row) => row.half_id));
  // The calls of each month, paired; their rows are built while COPY streams them (below).
  const byMonth = new Map<string, PairedCall[]>();
  const halves: Array<[halfId: string, callId: string]> = [];
  for (const [extensionId, own] of byExtension) {
    if (near.has(extensionId) || [...own.keys()].some((id) => halvesBefore.has(id))) {
      // Calls already there may pair with these: one at a time, against them.
      oneByOne.push(...[...own.values()].map((record) => ({ extensionId, record })));
      continue;
    }
    for (const group of groupCallLogRecords([...own.values()])) {
      const record = own.get(group.record.id)!;
      // (A merged pair starts when its RingOut record does: the row's start_time.)
      const month = new Date(startOf.get(record)!).toISOString().slice(0, 7);
      const ofMonth = byMonth.get(month);
      const call = { extensionId, record, callerHalf: group.callerHalf };
      if (ofMonth) ofMonth.push(call);
      else byMonth.set(month, [call]);
      if (group.callerHalf) halves.push([group.callerHalf.id, record.id]);
    }
  }
  let streamed = 0;
  if (byMonth.size > 0) {
    // The RingOut calls' roll-up counts, counted as rows are built.
    const rollup = new RollupCounts();
    const columns = CALL_COLUMNS.join(', ');
    // A lost commit of a load is fetched again (the collector's cursor commits with it): no need to wait for the disk.
    await client.query("SELECT set_config('synchronous_commit', 'off', true)");
    await client.query('SAVEPOINT ringside_bulk_load');
    try {
      await client.query("SELECT set_config('ringside.rollup_by_loader', 'on', true)");
      for (const [month, calls] of byMonth) {
        const monthStart = `${month}-01T00:00:00Z`;
        // A month new to the archive is filled detached (no index to keep up row by row), then attached (its indexes built at once).
        const partition = await client.query<{ name: string; detached: boolean }>('SELECT name, detached FROM ringside_calls_partition_for_load($1)', [
          monthStart,
        ]);
        const { name, detached } = partition.rows[0]!;
        await pipeline(Readable.from(copyChunks(calls, rollup)), client.query(copyFrom(`COPY ${name} (${columns}) FROM STDIN`)));
        if (detached) await client.query('SELECT ringside_calls_partition_attach($1)', [monthStart]);
        streamed += calls.length;
      }
      // The roll-ups of the whole batch in one statement, rather than the trigger's one per row.
      await client.query("SELECT set_config('ringside.rollup_by_loader', 'off', true)");
      await client.query('SELECT ringside_rollup_add_counts($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)', rollup.arguments());
      await client.query('RELEASE SAVEPOINT ringside_bulk_load');
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      // A call of the load is stored already (same id and start): the rest go in, that one stays as it is.
      // (which also undoes the loader's setting: the trigger counts the rows that go in.)
      await client.query('ROLLBACK TO SAVEPOINT ringside_bulk_load');
      const all = [...byMonth.values()].flat();
      for (const month of byMonth.keys()) await client.query('SELECT ringside_calls_partition($1)', [`${month}-01T00:00:00Z`]);
      await client.query(`CREATE TEMP TABLE calls_load (LIKE calls INCLUDING DEFAULTS) ON COMMIT DROP`);
      await pipeline(Readable.from(copyChunks(all, new RollupCounts())), client.query(copyFrom(`COPY calls_load (${columns}) FROM STDIN`)));
      await client.query(`INSERT INTO calls (${columns}) SELECT ${columns} FROM calls_load ON CONFLICT (id, start_time) DO NOTHING`);
      await client.query('DROP TABLE calls_load');
      streamed = all.length;
    }
    if (halves.length > 0)
      await client.query(
        'INSERT INTO merged_halves (half_id, call_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (half_id) DO UPDATE SET call_id = excluded.call_id',
        [halves.map(([half]) => half), halves.map(([, call]) => call)],
      );
  }
  await ensurePartitions(client, oneByOne);
  for (const entry of oneByOne) await writeTeamRecord(client, entry);
  return streamed;
}
