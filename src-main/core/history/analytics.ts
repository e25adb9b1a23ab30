import type { DatabaseSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';
import {
  ANALYTICS_OUTCOMES,
  emptyCounts,
  type AnalyticsBucket,
  type AnalyticsOutcome,
  type AnalyticsReport,
  type AnalyticsRequest,
  type OutcomeCounts,
} from '../../../src-shared/annotations';
import { LEG_STATES, isLegFailure, type LegState } from '../../../src-shared/leg-state';
import type { ContactNames } from './contacts-cache';
import { csvCell } from './export';

/**
 * Schema 5: RingOut calls by start time with both legs' outcomes and the party, so each chart's
 * query reads only this index (a covering range scan), never the call rows.
 */
export const ANALYTICS_SCHEMA = `
CREATE INDEX IF NOT EXISTS calls_for_analytics ON calls (ring_out, start_ms, caller_state, callee_state, party_id);
`;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/**
 * Most days one report draws: ten years, the deepest history (settings' historyDepthDays) and
 * the longest custom range the window offers. Longer periods are cut to their last days (the
 * report's `from` says where it starts).
 */
export const MAX_DAYS = 3700;
const TOP_FAILED = 10;

const FAILED_STATES = LEG_STATES.filter((s) => isLegFailure(s));
const FAILED_SQL = FAILED_STATES.map((s) => `'${s}'`).join(', ');

/** A leg's state in the analytics' buckets. */
export function analyticsOutcome(state: string | null): AnalyticsOutcome {
  switch (state as LegState | null) {
    case 'connected':
      return 'answered';
    case 'busy':
      return 'busy';
    case 'noAnswer':
      return 'noAnswer';
    case 'rejected':
      return 'declined';
    case 'voicemail':
      return 'voicemail';
    case 'notCalled':
      return 'notCalled';
    default:
      return 'other';
  }
}

interface GroupRow {
  k: number;
  caller_state: string | null;
  callee_state: string | null;
  n: number;
}

function add(bucket: { calls: number; yours: OutcomeCounts; theirs: OutcomeCounts }, row: GroupRow): void {
  bucket.calls += row.n;
  bucket.yours[analyticsOutcome(row.caller_state)] += row.n;
  bucket.theirs[analyticsOutcome(row.callee_state)] += row.n;
}

const newBucket = (key: string): AnalyticsBucket => ({ key, calls: 0, yours: emptyCounts(), theirs: emptyCounts() });

/**
 * Days summed into longer buckets, in calendar order; `keyOf` names a day's (YYYY-MM-DD)
 * bucket. A long period reads as a few dozen bars rather than hundreds of hair-thin ones.
 */
export function groupDays(days: readonly AnalyticsBucket[], keyOf: (day: string) => string): AnalyticsBucket[] {
  const groups = new Map<string, AnalyticsBucket>();
  for (const day of days) {
    const key = keyOf(day.key);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = newBucket(key)));
    group.calls += day.calls;
    for (const outcome of ANALYTICS_OUTCOMES) {
      group.yours[outcome] += day.yours[outcome];
      group.theirs[outcome] += day.theirs[outcome];
    }
  }
  return [...groups.values()];
}

/** The Monday of a day's week (YYYY-MM-DD), on the same calendar as the day. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

export const monthOf = (day: string): string => day.slice(0, 7);

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, Math.round((performance.now() - started) * 100) / 100];
}

/** The roll-up's time bucket: a quarter hour, so every real time zone's days and hours are whole buckets. */
const QUARTER_MS = 900_000;
/** The first archive schema with the roll-up (archive-schema.ts migrates older ones). */
export const ROLLUP_SCHEMA_VERSION = 8;

const OUTCOME_COLUMNS = ANALYTICS_OUTCOMES.flatMap((o) => [`yours_${o}`, `theirs_${o}`]);

/** SQL: 1 when a leg state column falls in an analytics outcome, else 0 (the rule is analyticsOutcome's). */
function outcomeIs(column: string, outcome: AnalyticsOutcome): string {
  const list = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ') || 'NULL';
  if (outcome === 'other') return `(CASE WHEN ${column} IN (${list(LEG_STATES.filter((s) => analyticsOutcome(s) !== 'other'))}) THEN 0 ELSE 1 END)`;
  return `(CASE WHEN ${column} IN (${list(LEG_STATES.filter((s) => analyticsOutcome(s) === outcome))}) THEN 1 ELSE 0 END)`;
}

/** SQL for one call's (alias `r`) counts in the roll-up's columns, each times `sign`. */
const outcomeValues = (r: string, sign: string) =>
  ANALYTICS_OUTCOMES.flatMap((o) => [`${sign} * ${outcomeIs(`${r}.caller_state`, o)}`, `${sign} * ${outcomeIs(`${r}.callee_state`, o)}`]);
const failedIs = (column: string) => `(CASE WHEN ${column} IN (${FAILED_SQL}) THEN 1 ELSE 0 END)`;

/**
 * Schema 8: RingOut calls counted ahead, so a chart sums a few thousand rows instead of
 * grouping every call of a year (600k at 1M calls: 0.5 s). `analytics_quarters`: per quarter
 * hour, the calls and each leg's outcomes; `analytics_parties`: per UTC day and other party,
 * the calls and the failed callee legs. Kept exact by triggers on `calls`, so every write (an
 * upsert, a merged RingOut half, a removed row, a re-read, a migration) updates them in its
 * own transaction.
 */
export const ROLLUP_SCHEMA = `
CREATE TABLE IF NOT EXISTS analytics_quarters (q INTEGER PRIMARY KEY, calls INTEGER NOT NULL, ${OUTCOME_COLUMNS.map((c) => `${c} INTEGER NOT NULL`).join(', ')});
CREATE TABLE IF NOT EXISTS analytics_parties (day INTEGER NOT NULL, party_id INTEGER NOT NULL, calls INTEGER NOT NULL, failed INTEGER NOT NULL, PRIMARY KEY (day, party_id)) WITHOUT ROWID;
`;

/** One call's part of the roll-up added (sign 1) or taken away (-1); `r` is NEW or OLD. */
function rollupStep(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  return `
  INSERT INTO analytics_quarters (q, calls, ${OUTCOME_COLUMNS.join(', ')})
    SELECT ${r}.start_ms / ${QUARTER_MS}, ${sign}, ${outcomeValues(r, String(sign)).join(', ')} WHERE ${r}.ring_out = 1
    ON CONFLICT (q) DO UPDATE SET calls = calls + excluded.calls, ${OUTCOME_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};
  INSERT INTO analytics_parties (day, party_id, calls, failed)
    SELECT ${r}.start_ms / ${DAY_MS}, ${r}.party_id, ${sign}, ${sign} * ${failedIs(`${r}.callee_state`)} WHERE ${r}.ring_out = 1 AND ${r}.party_id IS NOT NULL
    ON CONFLICT (day, party_id) DO UPDATE SET calls = calls + excluded.calls, failed = failed + excluded.failed;${
      sign < 0
        ? `
  DELETE FROM analytics_quarters WHERE q = ${r}.start_ms / ${QUARTER_MS} AND calls = 0;
  DELETE FROM analytics_parties WHERE day = ${r}.start_ms / ${DAY_MS} AND party_id = ${r}.party_id AND calls = 0;`
        : ''
    }`;
}

const ROLLUP_TRIGGER_NAMES = ['analytics_rollup_insert', 'analytics_rollup_delete', 'analytics_rollup_update'];
const CHANGED = ['ring_out', 'start_ms', 'caller_state', 'callee_state', 'party_id'];

export const ROLLUP_TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS analytics_rollup_insert AFTER INSERT ON calls WHEN NEW.ring_out = 1 BEGIN${rollupStep('NEW', 1)}
END;
CREATE TRIGGER IF NOT EXISTS analytics_rollup_delete AFTER DELETE ON calls WHEN OLD.ring_out = 1 BEGIN${rollupStep('OLD', -1)}
END;
CREATE TRIGGER IF NOT EXISTS analytics_rollup_update AFTER UPDATE OF ${CHANGED.join(', ')} ON calls
  WHEN ${CHANGED.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN${rollupStep('OLD', -1)}${rollupStep('NEW', 1)}
END;
`;

/** For a bulk load into an empty archive: the roll-up is built once at the end (rebuildRollup), not row by row. */
export function dropRollupTriggers(db: DatabaseSync): void {
  for (const name of ROLLUP_TRIGGER_NAMES) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

/** The roll-up computed afresh from the calls (a migration, after a bulk load); the caller holds the transaction. */
export function rebuildRollup(db: DatabaseSync): void {
  db.exec(`
    DELETE FROM analytics_quarters;
    DELETE FROM analytics_parties;
    INSERT INTO analytics_quarters (q, calls, ${OUTCOME_COLUMNS.join(', ')})
      SELECT start_ms / ${QUARTER_MS}, count(*), ${outcomeValues('calls', '1')
        .map((v) => `sum(${v})`)
        .join(', ')} FROM calls INDEXED BY calls_for_analytics WHERE ring_out = 1 GROUP BY 1;
    INSERT INTO analytics_parties (day, party_id, calls, failed)
      SELECT start_ms / ${DAY_MS}, party_id, count(*), sum(${failedIs('callee_state')}) FROM calls INDEXED BY calls_for_analytics
      WHERE ring_out = 1 AND party_id IS NOT NULL GROUP BY 1, 2;`);
}

/** Whether this archive's roll-up is complete (schema 8 or later; an older one opened read-only has none). */
function hasRollup(db: DatabaseSync): boolean {
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  return version >= ROLLUP_SCHEMA_VERSION && db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'analytics_quarters'").get() !== undefined;
}

type Range = readonly [number, number];

/**
 * A period split at bucket edges: the whole buckets in it (by index) and the parts before and
 * after them (read from the calls themselves, at most two buckets' worth).
 */
function splitRange(from: number, to: number, size: number): { whole: Range | null; edges: Range[] } {
  const first = Math.ceil(from / size);
  const last = Math.floor((to + 1) / size) - 1;
  if (first > last) return { whole: null, edges: [[from, to]] };
  const edges: Range[] = [];
  if (first * size > from) edges.push([from, first * size - 1]);
  if ((last + 1) * size <= to) edges.push([(last + 1) * size, to]);
  return { whole: [first, last], edges };
}

interface SumRow {
  k: number;
  calls: number;
  [column: string]: number;
}

function addSums(bucket: { calls: number; yours: OutcomeCounts; theirs: OutcomeCounts }, row: SumRow): void {
  bucket.calls += row.calls;
  for (const o of ANALYTICS_OUTCOMES) {
    bucket.yours[o] += row[`yours_${o}`]!;
    bucket.theirs[o] += row[`theirs_${o}`]!;
  }
}

const SUMS = `sum(calls) AS calls, ${OUTCOME_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}`;
const WHERE_RING_OUT = 'ring_out = 1 AND start_ms BETWEEN ? AND ?';

/** Calls by a key of their start time (`key` SQL over `start_ms`, with the offset as its first parameter), per leg-state pair. */
function groupCalls(db: DatabaseSync, key: string, offsetMs: number, [from, to]: Range): GroupRow[] {
  return db
    .prepare(`SELECT ${key} AS k, caller_state, callee_state, count(*) AS n FROM calls INDEXED BY calls_for_analytics WHERE ${WHERE_RING_OUT} GROUP BY 1, 2, 3`)
    .all(offsetMs, from, to) as unknown as GroupRow[];
}

const DAY_KEY = `(start_ms + CAST(? AS INTEGER)) / ${DAY_MS}`;
const HOUR_KEY = `((start_ms + CAST(? AS INTEGER)) / ${HOUR_MS}) % 24`;

/** Failed callee legs and calls per other party over a range, from the calls themselves. */
function failedByParty(db: DatabaseSync, [from, to]: Range): Array<{ party_id: number; failed: number; calls: number }> {
  return db
    .prepare(
      `SELECT party_id, sum(callee_state IN (${FAILED_SQL})) AS failed, count(*) AS calls FROM calls INDEXED BY calls_for_analytics
       WHERE ${WHERE_RING_OUT} AND party_id IS NOT NULL GROUP BY party_id`,
    )
    .all(from, to) as Array<{ party_id: number; failed: number; calls: number }>;
}

/**
 * Per-leg analytics of RingOut calls over a period, computed in SQLite: how often your phone
 * answered and how often theirs did, by day and by hour of day (the viewer's calendar), and the
 * numbers whose callee leg failed most. From the roll-up where the archive has one (the whole
 * quarter hours and days of the period; its ragged ends from the calls), else from the calls
 * (`rollup: false` asks for the calls alone: the tests hold the roll-up to them).
 */
export function analyticsReport(db: DatabaseSync, names: ContactNames, request: AnalyticsRequest, options: { rollup?: boolean } = {}): AnalyticsReport {
  const offsetMs = request.utcOffsetMinutes * 60_000;
  const from = Math.max(request.from, request.to - MAX_DAYS * DAY_MS);
  const range = [from, request.to] as const;
  const rollup = (options.rollup ?? true) && hasRollup(db);
  // Quarter hours fall whole into the viewer's days and hours for every offset of whole quarter hours (all real time zones).
  const quarters = rollup && Number.isInteger(offsetMs / QUARTER_MS) ? splitRange(from, request.to, QUARTER_MS) : { whole: null, edges: [range] };

  const firstDay = Math.floor((from + offsetMs) / DAY_MS);
  const lastDay = Math.floor((request.to + offsetMs) / DAY_MS);
  const days = new Map<number, AnalyticsBucket>();
  for (let day = firstDay; day <= lastDay; day++) days.set(day, newBucket(new Date(day * DAY_MS).toISOString().slice(0, 10)));
  const total = newBucket('total');
  const hours = Array.from({ length: 24 }, (_, h) => newBucket(String(h).padStart(2, '0')));

  const [, byDayMs] = timed(() => {
    for (const edge of quarters.edges)
      for (const row of groupCalls(db, DAY_KEY, offsetMs, edge)) {
        const bucket = days.get(row.k);
        if (bucket) add(bucket, row);
        add(total, row);
      }
    if (quarters.whole) {
      const sums = db
        .prepare(`SELECT (q * ${QUARTER_MS} + CAST(? AS INTEGER)) / ${DAY_MS} AS k, ${SUMS} FROM analytics_quarters WHERE q BETWEEN ? AND ? GROUP BY 1`)
        .all(offsetMs, ...quarters.whole) as unknown as SumRow[];
      for (const row of sums) {
        const bucket = days.get(row.k);
        if (bucket) addSums(bucket, row);
        addSums(total, row);
      }
    }
  });
  const [, byHourMs] = timed(() => {
    for (const edge of quarters.edges) for (const row of groupCalls(db, HOUR_KEY, offsetMs, edge)) add(hours[row.k]!, row);
    if (quarters.whole) {
      const sums = db
        .prepare(`SELECT ((q * ${QUARTER_MS} + CAST(? AS INTEGER)) / ${HOUR_MS}) % 24 AS k, ${SUMS} FROM analytics_quarters WHERE q BETWEEN ? AND ? GROUP BY 1`)
        .all(offsetMs, ...quarters.whole) as unknown as SumRow[];
      for (const row of sums) addSums(hours[row.k]!, row);
    }
  });
  const [failedRows, topFailedMs] = timed(() => {
    const split = rollup ? splitRange(from, request.to, DAY_MS) : { whole: null, edges: [range] };
    const byParty = new Map<number, { party_id: number; failed: number; calls: number }>();
    const parts = split.edges.flatMap((edge) => failedByParty(db, edge));
    if (split.whole)
      parts.push(
        ...(db
          .prepare('SELECT party_id, sum(failed) AS failed, sum(calls) AS calls FROM analytics_parties WHERE day BETWEEN ? AND ? GROUP BY party_id')
          .all(...split.whole) as Array<{ party_id: number; failed: number; calls: number }>),
      );
    for (const part of parts) {
      const party = byParty.get(part.party_id);
      if (party) {
        party.failed += part.failed;
        party.calls += part.calls;
      } else byParty.set(part.party_id, { ...part });
    }
    const top = [...byParty.values()]
      .filter((p) => p.failed > 0)
      .sort((a, b) => b.failed - a.failed || b.calls - a.calls || a.party_id - b.party_id)
      .slice(0, TOP_FAILED);
    const numberOf = db.prepare(
      'SELECT to_number AS number, to_name AS name FROM calls INDEXED BY calls_by_party WHERE party_id = ? AND ring_out = 1 ORDER BY start_ms DESC LIMIT 1',
    );
    return top.map((t) => {
      const latest = numberOf.get(t.party_id) as { number: string | null; name: string | null } | undefined;
      const number = latest?.number ?? '';
      return { number, name: names.resolve(number, latest?.name).name, failed: t.failed, calls: t.calls };
    });
  });

  const byDay = [...days.values()];

  return {
    from,
    to: request.to,
    calls: total.calls,
    yours: total.yours,
    theirs: total.theirs,
    byDay,
    byWeek: groupDays(byDay, weekOf),
    byMonth: groupDays(byDay, monthOf),
    byHour: hours,
    topFailed: failedRows,
    timings: { byDay: byDayMs, byHour: byHourMs, topFailed: topFailedMs },
  };
}

const COUNT_COLUMNS = ANALYTICS_OUTCOMES.flatMap((o) => [`your phone: ${o}`, `their phone: ${o}`]);

/** The report as CSV: one line per day, per hour of day, then the top failed numbers. */
export function* analyticsCsv(report: AnalyticsReport): Generator<string> {
  yield `${['view', 'day or hour', 'calls', ...COUNT_COLUMNS].join(',')}\r\n`;
  for (const [view, buckets] of [
    ['day', report.byDay],
    ['hour of day', report.byHour],
  ] as const) {
    for (const b of buckets) yield `${[view, b.key, b.calls, ...ANALYTICS_OUTCOMES.flatMap((o) => [b.yours[o], b.theirs[o]])].map(csvCell).join(',')}\r\n`;
  }
  yield '\r\n';
  yield 'top failed callee legs,number,name,failed,calls\r\n';
  for (const [i, t] of report.topFailed.entries()) yield `${[i + 1, t.number, t.name, t.failed, t.calls].map(csvCell).join(',')}\r\n`;
}
