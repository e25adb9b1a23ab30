/**
 * Team analytics over the team archive: answer rates per person and per hour of day, the
 * numbers whose callee leg failed most across the team, and the part of the period the archive
 * covers. Who sees what is the database's: the per-person counts read `calls` as the viewer, so
 * row-level security gives a member their own row only and a lead everyone's; the team's hours,
 * failed numbers and coverage come from functions that return counts only. How a leg's state
 * falls into an outcome is the personal analytics' rule (analyticsOutcome, isLegFailure), applied
 * here to the states stored per call at ingest, never decided a second time in SQL.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { ANALYTICS_OUTCOMES, emptyCounts, type AnalyticsBucket, type OutcomeCounts } from '../../../src-shared/annotations';
import type { TeamAnalyticsReport, TeamAnalyticsRequest, TeamAnalyticsTable, TeamFailedNumber, TeamPersonBucket } from '../../../src-shared/team-analytics';
import { LEG_STATES, isLegFailure, type LegState } from '../../../src-shared/leg-state';
import { analyticsOutcome } from '../history/analytics';
import { csvCell } from '../history/export';
import { readTeamDirectory } from './team-directory';

export type { TeamAnalyticsReport, TeamAnalyticsRequest, TeamFailedNumber, TeamPersonBucket };

/** How many failed numbers the report lists. */
export const TEAM_TOP_FAILED = 10;

/** The callee-leg states counted as failed (busy, no answer, declined, failed…), from the leg-state rules. */
export const FAILED_LEG_STATES: readonly LegState[] = LEG_STATES.filter((s) => isLegFailure(s));

const newBucket = (key: string): AnalyticsBucket => ({ key, calls: 0, yours: emptyCounts(), theirs: emptyCounts() });

function add(bucket: { calls: number; yours: OutcomeCounts; theirs: OutcomeCounts }, caller: string | null, callee: string | null, n: number): void {
  bucket.calls += n;
  bucket.yours[analyticsOutcome(caller)] += n;
  bucket.theirs[analyticsOutcome(callee)] += n;
}

const names = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const ids = new Intl.Collator(undefined, { numeric: true });
/** People by name (locale-aware), the same name by extension id; people without a name last, by extension id. */
function byName(a: TeamPersonBucket, b: TeamPersonBucket): number {
  if ((a.name === null) !== (b.name === null)) return a.name === null ? 1 : -1;
  return (a.name !== null && b.name !== null ? names.compare(a.name, b.name) : 0) || ids.compare(a.key, b.key);
}

const round = (value: number) => Math.round(value * 100) / 100;
const ms = (value: Date | null) => (value === null ? null : value.getTime());

/** The team analytics for a period, as the connected login may see it. */
export async function teamAnalytics(client: pg.ClientBase, request: TeamAnalyticsRequest): Promise<TeamAnalyticsReport> {
  const from = new Date(request.from);
  const to = new Date(request.to);
  // One connection runs one query at a time: asked in turn.
  const started = performance.now();
  const people = await client.query<{ extension_id: string; name: string | null; caller_state: string | null; callee_state: string | null; calls: string }>(
    'SELECT extension_id, name, caller_state, callee_state, calls FROM ringside_team_people($1, $2)',
    [from, to],
  );
  // Names, extension numbers and departments from the archive's directory (anyone may read it; the rows above are what row-level security allows).
  const directory = new Map((await readTeamDirectory(client, [...new Set(people.rows.map((r) => r.extension_id))])).map((d) => [d.extensionId, d]));
  const peopleDone = performance.now();
  const hours = await client.query<{ hour: number; caller_state: string | null; callee_state: string | null; calls: string }>(
    'SELECT hour, caller_state, callee_state, calls FROM ringside_team_hours($1, $2, $3)',
    [from, to, request.utcOffsetMinutes],
  );
  const hoursDone = performance.now();
  const failed = await client.query<{ number: string; callee_state: LegState; calls: string; all_calls: string }>(
    'SELECT number, callee_state, calls, all_calls FROM ringside_team_failed_numbers($1, $2, $3, $4)',
    [from, to, FAILED_LEG_STATES, TEAM_TOP_FAILED],
  );
  const failedDone = performance.now();
  const coverage = await client.query<{ first_call: Date | null; last_call: Date | null; collected_at: Date | null }>(
    'SELECT first_call, last_call, collected_at FROM ringside_team_coverage()',
  );

  const coverageDone = performance.now();
  const byPerson = new Map<string, TeamPersonBucket>();
  for (const row of people.rows) {
    let person = byPerson.get(row.extension_id);
    if (!person) {
      const listed = directory.get(row.extension_id);
      person = {
        ...newBucket(row.extension_id),
        name: listed?.name ?? row.name,
        extensionNumber: listed?.extensionNumber ?? null,
        department: listed?.department ?? null,
        goneSince: listed?.goneSince ?? null,
      };
      byPerson.set(row.extension_id, person);
    }
    add(person, row.caller_state, row.callee_state, Number(row.calls));
  }
  const team = newBucket('team');
  const byHour = Array.from({ length: 24 }, (_, h) => newBucket(String(h).padStart(2, '0')));
  for (const row of hours.rows) {
    const n = Number(row.calls);
    add(byHour[row.hour]!, row.caller_state, row.callee_state, n);
    add(team, row.caller_state, row.callee_state, n);
  }
  const numbers = new Map<string, TeamFailedNumber>();
  for (const row of failed.rows) {
    let entry = numbers.get(row.number);
    if (!entry) numbers.set(row.number, (entry = { number: row.number, byState: {}, failed: 0, calls: Number(row.all_calls) }));
    entry.byState[row.callee_state] = Number(row.calls);
    entry.failed += Number(row.calls);
  }
  const covered = coverage.rows[0];
  return {
    from: request.from,
    to: request.to,
    team,
    byPerson: [...byPerson.values()].sort(byName),
    byHour,
    topFailed: [...numbers.values()].sort((a, b) => b.failed - a.failed || b.calls - a.calls || a.number.localeCompare(b.number)),
    timings: {
      byPerson: round(peopleDone - started),
      byHour: round(hoursDone - peopleDone),
      topFailed: round(failedDone - hoursDone),
      coverage: round(coverageDone - failedDone),
    },
    coverage: { firstCall: ms(covered?.first_call ?? null), lastCall: ms(covered?.last_call ?? null), collectedAt: ms(covered?.collected_at ?? null) },
  };
}

const COUNT_COLUMNS = ANALYTICS_OUTCOMES.flatMap((o) => [`your phone: ${o}`, `their phone: ${o}`]);
const counts = (b: AnalyticsBucket) => ANALYTICS_OUTCOMES.flatMap((o) => [b.yours[o], b.theirs[o]]);
const line = (cells: ReadonlyArray<string | number | null>) => `${cells.map((c) => csvCell(c ?? '')).join(',')}\r\n`;

/** One of the report's tables as CSV (each table exports alone, as the screen shows it). */
export function* teamAnalyticsCsv(report: TeamAnalyticsReport, table: TeamAnalyticsTable): Generator<string> {
  if (table === 'people') {
    yield line(['extension id', 'name', 'extension number', 'department', 'left the directory', 'calls', ...COUNT_COLUMNS]);
    for (const p of report.byPerson)
      yield line([p.key, p.name, p.extensionNumber, p.department, p.goneSince === null ? '' : new Date(p.goneSince).toISOString(), p.calls, ...counts(p)]);
  } else if (table === 'hours') {
    yield line(['hour of day', 'calls', ...COUNT_COLUMNS]);
    for (const h of report.byHour) yield line([h.key, h.calls, ...counts(h)]);
  } else {
    yield line(['rank', 'number', 'failed', 'calls', ...FAILED_LEG_STATES]);
    for (const [i, f] of report.topFailed.entries()) yield line([i + 1, f.number, f.failed, f.calls, ...FAILED_LEG_STATES.map((s) => f.byState[s] ?? 0)]);
  }
}
