import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { ANALYTICS_OUTCOMES, analyticsRequestSchema } from '../../../src-shared/annotations';
import { Archive } from './archive';
import { analyticsCsv, analyticsOutcome, analyticsReport } from './analytics';

const UNTIL = Date.UTC(2026, 10, 24, 12);
const history = generateHistory({ count: 2000, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: UNTIL, spanDays: 14, seed: 11 }).map(
  (h) => h.record as unknown as CallLogRecord,
);
const DAY = 86_400_000;

function archiveWithHistory() {
  const { archive } = Archive.open(':memory:');
  archive.upsertRecords(history);
  return archive;
}

describe('analytics', () => {
  it('counts each RingOut call once per leg, matching the rows the archive lists', () => {
    const archive = archiveWithHistory();
    const request = { from: UNTIL - 7 * DAY, to: UNTIL, utcOffsetMinutes: 0 };
    const report = analyticsReport(archive.database, archive.names, request);
    const rows = [...archive.iterate({ from: request.from, to: request.to, ringOutOnly: true })];
    expect(report.calls).toBe(rows.length);
    for (const outcome of ANALYTICS_OUTCOMES) {
      expect(report.yours[outcome], `yours ${outcome}`).toBe(rows.filter((r) => analyticsOutcome(r.callerState) === outcome).length);
      expect(report.theirs[outcome], `theirs ${outcome}`).toBe(rows.filter((r) => analyticsOutcome(r.calleeState) === outcome).length);
    }
    expect(report.theirs.notCalled).toBeGreaterThan(0);
    expect(report.theirs.busy).toBeGreaterThan(0);
    expect(report.byDay.reduce((sum, d) => sum + d.calls, 0)).toBe(rows.length);
    expect(report.byHour).toHaveLength(24);
    expect(report.byHour.reduce((sum, h) => sum + h.calls, 0)).toBe(rows.length);
    const busiestHour = report.byHour.find((h) => h.key === '12')!;
    expect(busiestHour.calls).toBe(rows.filter((r) => new Date(r.startTime).getUTCHours() === 12).length);
  });

  it('puts days and hours on the viewer’s calendar, empty days included', () => {
    const archive = archiveWithHistory();
    const from = Date.UTC(2026, 10, 20, 0);
    const utc = analyticsReport(archive.database, archive.names, { from, to: from + 3 * DAY - 1, utcOffsetMinutes: 0 });
    expect(utc.byDay.map((d) => d.key)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    const tokyo = analyticsReport(archive.database, archive.names, { from, to: from + 3 * DAY - 1, utcOffsetMinutes: 9 * 60 });
    expect(tokyo.byDay[0]!.key).toBe('2026-11-20');
    expect(tokyo.byDay.at(-1)!.key).toBe('2026-11-23');
    // 09:00 in Tokyo is 00:00 UTC.
    expect(tokyo.byHour[9]!.calls).toBe(utc.byHour[0]!.calls);
    const empty = analyticsReport(archive.database, archive.names, { from: UNTIL + DAY, to: UNTIL + 3 * DAY, utcOffsetMinutes: 0 });
    expect(empty.calls).toBe(0);
    expect(empty.byDay.length).toBe(3);
    expect(analyticsRequestSchema.safeParse({ from: 10, to: 5, utcOffsetMinutes: 0 }).success).toBe(false);
  });

  it('ranks the numbers whose callee leg failed most, with their names', () => {
    const archive = archiveWithHistory();
    archive.transaction(() => archive.names.replaceSource('contact', [{ number: '+12125552000', name: 'Jordan Rivera (Acme)' }]));
    const report = analyticsReport(archive.database, archive.names, { from: 0, to: UNTIL, utcOffsetMinutes: 0 });
    expect(report.topFailed.length).toBe(10);
    const failures = (number: string) =>
      history.filter(
        (r) =>
          r.to?.phoneNumber === number &&
          r.legs?.length === 2 &&
          /^(Busy|No Answer|Rejected|International Disabled)$/.test(r.legs.find((l) => /ToSubscriber$/.test(l.legType))?.result ?? ''),
      ).length;
    for (const top of report.topFailed) expect(top.failed, top.number).toBe(failures(top.number));
    expect(report.topFailed.map((t) => t.failed)).toEqual([...report.topFailed.map((t) => t.failed)].sort((a, b) => b - a));
    const jordan = report.topFailed.find((t) => t.number === '+12125552000');
    if (jordan) expect(jordan.name).toBe('Jordan Rivera (Acme)');
  });

  it('exports days, hours and the top failed numbers as CSV', () => {
    const archive = archiveWithHistory();
    const report = analyticsReport(archive.database, archive.names, { from: UNTIL - 2 * DAY, to: UNTIL, utcOffsetMinutes: 0 });
    const lines = [...analyticsCsv(report)].join('').split('\r\n');
    expect(lines[0]).toBe(`view,day or hour,calls,${ANALYTICS_OUTCOMES.flatMap((o) => [`your phone: ${o}`, `their phone: ${o}`]).join(',')}`);
    expect(lines.filter((l) => l.startsWith('day,'))).toHaveLength(report.byDay.length);
    expect(lines.filter((l) => l.startsWith('hour of day,'))).toHaveLength(24);
    expect(lines).toContain('top failed callee legs,number,name,failed,calls');
    expect(lines.some((l) => l.startsWith(`1,${report.topFailed[0]!.number},`))).toBe(true);
  });
});
