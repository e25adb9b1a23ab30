import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { analyticsRequestSchema } from '../../../src-shared/annotations';
import { Archive } from './archive';
import { MAX_DAYS, analyticsReport } from './analytics';

/** Issue 27: Analytics' custom date range (any from/to), as long as the history is deep. */

const DAY = 86_400_000;
const UNTIL = Date.UTC(2026, 11, 3, 12);
// Two years of calls, so a custom range of two years has something in each month.
const history = generateHistory({ count: 3000, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: UNTIL, spanDays: 730, seed: 5 }).map(
  (h) => h.record as unknown as CallLogRecord,
);

function archiveWithHistory() {
  const { archive } = Archive.open(':memory:');
  archive.upsertRecords(history);
  return archive;
}

describe('analytics over a custom range', () => {
  it('counts exactly the RingOut calls between the range’s first and last moment', () => {
    const archive = archiveWithHistory();
    // 3 Sep 00:00 to 20 Oct 23:59:59.999 UTC: a range of whole days, as the date inputs ask.
    const request = { from: Date.UTC(2026, 8, 3), to: Date.UTC(2026, 9, 21) - 1, utcOffsetMinutes: 0 };
    const report = analyticsReport(archive.database, archive.names, request);
    const rows = [...archive.iterate({ from: request.from, to: request.to, ringOutOnly: true })];
    expect(rows.length).toBeGreaterThan(0);
    expect(report.calls).toBe(rows.length);
    expect(report.from).toBe(request.from);
    expect(report.byDay[0]!.key).toBe('2026-09-03');
    expect(report.byDay.at(-1)!.key).toBe('2026-10-20');
    expect(report.byDay).toHaveLength(48);
    expect(report.byDay.reduce((sum, d) => sum + d.calls, 0)).toBe(rows.length);
  });

  it('a two-year range is drawn whole (not cut to its last year and a bit), by month', () => {
    const archive = archiveWithHistory();
    const request = { from: UNTIL - 729 * DAY, to: UNTIL, utcOffsetMinutes: 0 };
    const report = analyticsReport(archive.database, archive.names, request);
    expect(report.from).toBe(request.from);
    expect(report.byDay).toHaveLength(730);
    expect(report.byMonth.length).toBeGreaterThanOrEqual(24);
    const all = [...archive.iterate({ from: request.from, to: request.to, ringOutOnly: true })].length;
    expect(report.byMonth.reduce((sum, b) => sum + b.calls, 0)).toBe(all);
  });

  it('a range longer than ten years starts where the report says; a backwards range is refused', () => {
    const archive = archiveWithHistory();
    const report = analyticsReport(archive.database, archive.names, { from: 0, to: UNTIL, utcOffsetMinutes: 0 });
    expect(report.from).toBe(UNTIL - MAX_DAYS * DAY);
    expect(analyticsRequestSchema.safeParse({ from: UNTIL, to: UNTIL - DAY, utcOffsetMinutes: 0 }).error?.issues[0]?.message).toBe(
      'The period ends before it starts.',
    );
  });
});
