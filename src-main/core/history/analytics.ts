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

/**
 * Per-leg analytics of RingOut calls over a period, computed in SQLite: how often your phone
 * answered and how often theirs did, by day and by hour of day (the viewer's calendar), and the
 * numbers whose callee leg failed most.
 */
export function analyticsReport(db: DatabaseSync, names: ContactNames, request: AnalyticsRequest): AnalyticsReport {
  const offsetMs = request.utcOffsetMinutes * 60_000;
  const from = Math.max(request.from, request.to - MAX_DAYS * DAY_MS);
  const range = [from, request.to] as const;
  const where = 'ring_out = 1 AND start_ms BETWEEN ? AND ?';

  const [dayRows, byDayMs] = timed(
    () =>
      db
        .prepare(
          `SELECT (start_ms + CAST(? AS INTEGER)) / ${DAY_MS} AS k, caller_state, callee_state, count(*) AS n FROM calls INDEXED BY calls_for_analytics WHERE ${where} GROUP BY 1, 2, 3`,
        )
        .all(offsetMs, ...range) as unknown as GroupRow[],
  );
  const [hourRows, byHourMs] = timed(
    () =>
      db
        .prepare(
          `SELECT ((start_ms + CAST(? AS INTEGER)) / ${HOUR_MS}) % 24 AS k, caller_state, callee_state, count(*) AS n FROM calls INDEXED BY calls_for_analytics WHERE ${where} GROUP BY 1, 2, 3`,
        )
        .all(offsetMs, ...range) as unknown as GroupRow[],
  );
  const [failedRows, topFailedMs] = timed(() => {
    const top = db
      .prepare(
        `SELECT party_id, sum(callee_state IN (${FAILED_SQL})) AS failed, count(*) AS calls FROM calls INDEXED BY calls_for_analytics
         WHERE ${where} AND party_id IS NOT NULL GROUP BY party_id HAVING failed > 0 ORDER BY failed DESC, calls DESC LIMIT ${TOP_FAILED}`,
      )
      .all(...range) as Array<{ party_id: number; failed: number; calls: number }>;
    const numberOf = db.prepare(
      'SELECT to_number AS number, to_name AS name FROM calls INDEXED BY calls_by_party WHERE party_id = ? AND ring_out = 1 ORDER BY start_ms DESC LIMIT 1',
    );
    return top.map((t) => {
      const latest = numberOf.get(t.party_id) as { number: string | null; name: string | null } | undefined;
      const number = latest?.number ?? '';
      return { number, name: names.resolve(number, latest?.name).name, failed: t.failed, calls: t.calls };
    });
  });

  // Every day of the period, empty ones included, so the chart's axis is the calendar.
  const firstDay = Math.floor((from + offsetMs) / DAY_MS);
  const lastDay = Math.floor((request.to + offsetMs) / DAY_MS);
  const days = new Map<number, AnalyticsBucket>();
  for (let day = firstDay; day <= lastDay; day++) days.set(day, newBucket(new Date(day * DAY_MS).toISOString().slice(0, 10)));
  const total = newBucket('total');
  for (const row of dayRows) {
    const bucket = days.get(row.k);
    if (bucket) add(bucket, row);
    add(total, row);
  }
  const hours = Array.from({ length: 24 }, (_, h) => newBucket(String(h).padStart(2, '0')));
  for (const row of hourRows) add(hours[row.k]!, row);
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
