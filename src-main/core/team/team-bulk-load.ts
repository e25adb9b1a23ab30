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
 * security; migration 6 lets the collector write partitions), built while they stream, a page of
 * rows at a time (no volatile default left to COPY); a month new to the archive is filled detached,
 * its rows frozen (COPY FREEZE), and attached after (migration 9: its indexes built at once); the
 * roll-ups counted here and added as counts. Only when a call of the load is
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
import { CALL_COLUMNS, callRow, ensurePartitions, modifiedMs, utcMonth, utcMonthStart, writeTeamRecord, type TeamRecord } from './team-calls';

/** Where each column is in callRow's values. */
const AT = Object.fromEntries(CALL_COLUMNS.map((column, i) => [column, i])) as Record<(typeof CALL_COLUMNS)[number], number>;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value as a field of COPY's text format (\N is NULL; backslash, tab and line ends escaped). */
function copyField(value: string | number | boolean | null): string {
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
  if (value === null) return '\\N';
  // Numbers and booleans hold none of the characters to escape.
  return typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
}

/** A call of the load with its merged caller half, if any. */
interface PairedCall {
  extensionId: string;
  record: CallLogRecord;
  callerHalf: CallLogRecord | null;
  /** The record's start, read once. */
  start: number;
}

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

/** Leg states a roll-up numbers (legState has about a dozen). */
const STATES = 1024;

/** Adds one to counts[i] (a list of counts by the pair of states' number). */
function increment(counts: number[], i: number): void {
  counts[i] = (counts[i] ?? 0) + 1;
}

/**
 * The load's RingOut calls counted as the roll-ups count them (per UTC day and person, per
 * quarter hour, per UTC month and number; both legs' states), so PostgreSQL adds some
 * thousands of counts rather than grouping every call of the load sent to it as arrays
 * (sending 170k calls' columns as arrays took longer than grouping them). Keyed by small
 * integers (days, quarter hours, months; both legs' states as one number) rather than strings
 * made for every call.
 */
class RollupCounts {
  private readonly states: Array<string | null> = [];
  private readonly stateNumbers = new Map<string | null, number>();
  /** The pairs of (caller, callee) states seen, by caller × STATES + callee. */
  private readonly pairs: Array<[caller: string | null, callee: string | null]> = [];
  private readonly pairNumbers = new Map<number, number>();
  /** Per extension and UTC day: counts by pair. */
  private readonly people = new Map<string, Map<number, number[]>>();
  /** Per quarter hour: counts by pair. */
  private readonly quarters = new Map<number, number[]>();
  /** Per month × STATES + the callee's state: counts by number. */
  private readonly numbers = new Map<number, Map<string, number>>();
  /** The last call's extension, day and month: calls come by extension and time, so the next call often shares them. */
  private last = { extensionId: '', day: NaN, ofDay: [] as number[], monthFrom: Infinity, monthTo: -Infinity, month: 0 };

  private stateNumber(state: string | null): number {
    let n = this.stateNumbers.get(state);
    if (n === undefined) {
      n = this.states.length;
      if (n >= STATES) throw new Error(`More than ${STATES} leg states in one load`);
      this.states.push(state);
      this.stateNumbers.set(state, n);
    }
    return n;
  }

  add(start: number, extensionId: string, caller: string | null, callee: string | null, number: string | null): void {
    const last = this.last;
    const calleeState = this.stateNumber(callee);
    const states = this.stateNumber(caller) * STATES + calleeState;
    let pair = this.pairNumbers.get(states);
    if (pair === undefined) {
      pair = this.pairs.push([caller, callee]) - 1;
      this.pairNumbers.set(states, pair);
    }
    const day = Math.floor(start / DAY_MS);
    if (extensionId !== last.extensionId || day !== last.day) {
      let own = this.people.get(extensionId);
      if (!own) this.people.set(extensionId, (own = new Map()));
      let ofDay = own.get(day);
      if (!ofDay) own.set(day, (ofDay = []));
      last.extensionId = extensionId;
      last.day = day;
      last.ofDay = ofDay;
    }
    increment(last.ofDay, pair);
    const quarter = Math.floor(start / QUARTER_MS);
    let ofQuarter = this.quarters.get(quarter);
    if (!ofQuarter) this.quarters.set(quarter, (ofQuarter = []));
    increment(ofQuarter, pair);
    if (number === null) return;
    if (start < last.monthFrom || start >= last.monthTo) {
      const month = utcMonth(start);
      last.month = month.index;
      last.monthFrom = month.from;
      last.monthTo = month.to;
    }
    const key = last.month * STATES + calleeState;
    let ofMonth = this.numbers.get(key);
    if (!ofMonth) this.numbers.set(key, (ofMonth = new Map()));
    ofMonth.set(number, (ofMonth.get(number) ?? 0) + 1);
  }

  /** The arguments of ringside_rollup_add_counts: each roll-up's key columns and counts. */
  arguments(): unknown[] {
    const people: Array<Array<string | number | null>> = [[], [], [], [], []];
    const quarters: Array<Array<string | number | null>> = [[], [], [], []];
    const numbers: Array<Array<string | number | null>> = [[], [], [], []];
    for (const [extensionId, days] of this.people)
      for (const [day, counts] of days)
        counts.forEach((n, pair) => {
          const [caller, callee] = this.pairs[pair]!;
          [new Date(day * DAY_MS).toISOString(), extensionId, caller, callee, n].forEach((value, i) => people[i]!.push(value));
        });
    for (const [quarter, counts] of this.quarters)
      counts.forEach((n, pair) => {
        const [caller, callee] = this.pairs[pair]!;
        [new Date(quarter * QUARTER_MS).toISOString(), caller, callee, n].forEach((value, i) => quarters[i]!.push(value));
      });
    for (const [key, ofMonth] of this.numbers) {
      const month = Math.floor(key / STATES);
      const monthStart = new Date(utcMonthStart(month)).toISOString();
      const callee = this.states[key - month * STATES]!;
      for (const [number, n] of ofMonth) [monthStart, number, callee, n].forEach((value, i) => numbers[i]!.push(value));
    }
    return [...people, ...quarters, ...numbers];
  }
}

/** Lines of COPY text sent in one piece: large enough to keep the stream's overhead small, small enough to interleave with PostgreSQL's parsing. */
const LINES_PER_CHUNK = 200;

/**
 * The columns COPY fills: the call's, and when it was written, given (one time for the load)
 * rather than left to the column's default: clock_timestamp() is volatile, and a volatile default
 * makes COPY insert its rows one at a time instead of a page of rows at a time (less WAL).
 */
const COPY_COLUMNS = [...CALL_COLUMNS, 'written_at'].join(', ');

/**
 * The calls' rows as COPY text, built as the stream asks for them: Node builds the next lines
 * (deriveLegs, the records as JSON) while PostgreSQL parses and stores the last ones (two cores
 * at work rather than one after the other). Notes each RingOut call's roll-up columns.
 */
function* copyChunks(calls: readonly PairedCall[], rollup: RollupCounts, writtenAt: string): Generator<string> {
  let chunk = '';
  let lines = 0;
  const lineEnd = '\t' + copyField(writtenAt) + '\n';
  for (const { extensionId, record, callerHalf, start } of calls) {
    const values = callRow(extensionId, record, callerHalf, start);
    let line = copyField(values[0]!);
    for (let i = 1; i < values.length; i++) line += '\t' + copyField(values[i]!);
    chunk += line + lineEnd;
    if (values[AT.ring_out] === true)
      rollup.add(start, extensionId, values[AT.caller_state] as string | null, values[AT.callee_state] as string | null, values[AT.to_number] as string | null);
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
  // Each record with its start, read once (parsing times is a good part of the load's own work).
  const byExtension = new Map<string, Map<string, { record: CallLogRecord; start: number }>>();
  const oneByOne: TeamRecord[] = [];
  for (const entry of records) {
    const start = entry.record.deleted === true ? NaN : Date.parse(entry.record.startTime);
    if (!Number.isFinite(start)) {
      oneByOne.push(entry);
      continue;
    }
    let own = byExtension.get(entry.extensionId);
    if (!own) byExtension.set(entry.extensionId, (own = new Map()));
    // The same record twice in one load: its newest version.
    const seen = own.get(entry.record.id);
    if (!seen || modifiedMs(entry.record) >= modifiedMs(seen.record)) own.set(entry.record.id, { record: entry.record, start });
  }
  const periods = new Map<string, { from: Date; to: Date }>();
  // Only a caller half (an Inbound record, not a RingOut) is ever merged into a call: only those are asked about.
  const halfIds: string[] = [];
  for (const [extensionId, own] of byExtension) {
    let first = Infinity;
    let last = -Infinity;
    for (const { record, start } of own.values()) {
      if (start < first) first = start;
      if (start > last) last = start;
      if (record.direction === 'Inbound' && !isRingOutRecord(record)) halfIds.push(record.id);
    }
    periods.set(extensionId, { from: new Date(first - CALLER_HALF_WINDOW_MS), to: new Date(last + CALLER_HALF_WINDOW_MS) });
  }
  const near = await extensionsWithCallsNear(client, periods);
  const mergedBefore = await client.query<{ half_id: string }>('SELECT half_id FROM merged_halves WHERE half_id = ANY($1)', [halfIds]);
  const halvesBefore = new Set(mergedBefore.rows.map((row) => row.half_id));
  // The calls of each month, paired; their rows are built while COPY streams them (below).
  const byMonth = new Map<string, PairedCall[]>();
  const halves: Array<[halfId: string, callId: string]> = [];
  // The month of the last call (calls come by time): its bounds, so the next call's month is a comparison.
  let month = { from: Infinity, to: -Infinity, calls: [] as PairedCall[] };
  for (const [extensionId, own] of byExtension) {
    if (near.has(extensionId) || (halvesBefore.size > 0 && [...own.keys()].some((id) => halvesBefore.has(id)))) {
      // Calls already there may pair with these: one at a time, against them.
      for (const { record } of own.values()) oneByOne.push({ extensionId, record });
      continue;
    }
    for (const group of groupCallLogRecords(Array.from(own.values(), (loaded) => loaded.record))) {
      // (A merged pair starts when its RingOut record does: the row's start_time.)
      const { record, start } = own.get(group.record.id)!;
      if (start < month.from || start >= month.to) {
        const bounds = utcMonth(start);
        const key = new Date(bounds.from).toISOString().slice(0, 7);
        let calls = byMonth.get(key);
        if (!calls) byMonth.set(key, (calls = []));
        month = { from: bounds.from, to: bounds.to, calls };
      }
      month.calls.push({ extensionId, record, callerHalf: group.callerHalf, start });
      if (group.callerHalf) halves.push([group.callerHalf.id, record.id]);
    }
  }
  let streamed = 0;
  if (byMonth.size > 0) {
    // The RingOut calls' roll-up counts, counted as rows are built.
    const rollup = new RollupCounts();
    // A lost commit of a load is fetched again (the collector's cursor commits with it): no need to wait for the disk.
    // COPY FREEZE needs no snapshot held from before it (READ COMMITTED takes one per statement).
    const settings = await client.query<{ isolation: string; now: string }>(
      "SELECT set_config('synchronous_commit', 'off', true), current_setting('transaction_isolation') AS isolation, clock_timestamp()::text AS now",
    );
    const freeze = settings.rows[0]!.isolation === 'read committed';
    const writtenAt = settings.rows[0]!.now;
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
        // A month made in this load's own subtransaction takes its rows frozen and all-visible: no pass of VACUUM or
        // autovacuum later to mark them. (MVCC's caveat: a transaction whose snapshot predates the load sees them.)
        const freezing = detached && freeze ? ' (FREEZE)' : '';
        await pipeline(Readable.from(copyChunks(calls, rollup, writtenAt)), client.query(copyFrom(`COPY ${name} (${COPY_COLUMNS}) FROM STDIN${freezing}`)));
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
      await pipeline(Readable.from(copyChunks(all, new RollupCounts(), writtenAt)), client.query(copyFrom(`COPY calls_load (${COPY_COLUMNS}) FROM STDIN`)));
      await client.query(`INSERT INTO calls (${COPY_COLUMNS}) SELECT ${COPY_COLUMNS} FROM calls_load ON CONFLICT (id, start_time) DO NOTHING`);
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
