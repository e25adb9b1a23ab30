import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { ANALYTICS_OUTCOMES, type AnalyticsBucket } from '../../../src-shared/annotations';
import { Archive } from './archive';
import { analyticsOutcome, analyticsReport, monthOf, weekOf } from './analytics';

/** Issue 25, item 12: long periods grouped by week and month; Declined its own series. */

const UNTIL = Date.UTC(2026, 10, 24, 12);
const DAY = 86_400_000;
const history = generateHistory({ count: 3000, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: UNTIL, spanDays: 200, seed: 25 }).map(
  (h) => h.record as unknown as CallLogRecord,
);

function report(days: number, utcOffsetMinutes = 0) {
  const { archive } = Archive.open(':memory:');
  archive.upsertRecords(history);
  return { archive, report: analyticsReport(archive.database, archive.names, { from: UNTIL - days * DAY, to: UNTIL, utcOffsetMinutes }) };
}

/** Every count of a list of buckets, summed. */
function totals(buckets: readonly AnalyticsBucket[]) {
  const sum = (side: 'yours' | 'theirs') => Object.fromEntries(ANALYTICS_OUTCOMES.map((o) => [o, buckets.reduce((n, b) => n + b[side][o], 0)]));
  return { calls: buckets.reduce((n, b) => n + b.calls, 0), yours: sum('yours'), theirs: sum('theirs') };
}

describe('analytics by week and by month', () => {
  it('groups the same days into calendar weeks (Monday first) and months, losing and doubling nothing', () => {
    const { report: year } = report(365);
    expect(year.byDay.length).toBeGreaterThan(360);
    expect(totals(year.byWeek)).toEqual(totals(year.byDay));
    expect(totals(year.byMonth)).toEqual(totals(year.byDay));
    expect(year.byMonth.length).toBe(13);
    expect(year.byMonth.map((m) => m.key)).toEqual([...year.byMonth.map((m) => m.key)].sort());
    expect(year.byWeek.length).toBeGreaterThanOrEqual(53);
    expect(year.byWeek.length).toBeLessThanOrEqual(54);
    for (const week of year.byWeek) expect(new Date(`${week.key}T00:00:00Z`).getUTCDay(), week.key).toBe(1);
    // One week's bucket is exactly its days.
    const week = year.byWeek[10]!;
    const its = year.byDay.filter((d) => weekOf(d.key) === week.key);
    expect(its).toHaveLength(7);
    expect(totals([week])).toEqual(totals(its));
    expect(its[0]!.key).toBe(week.key);
  });

  it('names weeks and months on the viewer’s calendar', () => {
    expect(weekOf('2026-11-24')).toBe('2026-11-23');
    expect(weekOf('2026-11-23')).toBe('2026-11-23');
    expect(weekOf('2026-11-22')).toBe('2026-11-16');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
    expect(monthOf('2026-02-28')).toBe('2026-02');
  });
});

describe('Declined', () => {
  it('is its own outcome, no longer folded into Other', () => {
    expect(analyticsOutcome('rejected')).toBe('declined');
    expect(analyticsOutcome('hungUp')).toBe('other');
    const { archive, report: all } = report(200);
    const rows = [...archive.iterate({ from: all.from, to: all.to, ringOutOnly: true })];
    const declined = rows.filter((r) => r.calleeState === 'rejected').length;
    expect(declined).toBeGreaterThan(0);
    expect(all.theirs.declined).toBe(declined);
    expect(all.theirs.other).toBe(rows.filter((r) => analyticsOutcome(r.calleeState) === 'other').length);
  });
});
