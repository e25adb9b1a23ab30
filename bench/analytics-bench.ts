import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../src-main/core/history/archive';
import { analyticsReport } from '../src-main/core/history/analytics';
import { DEMO_ACCOUNT } from '../src-simulator';
import { DEMO_PERSONAL_CONTACTS } from '../src-simulator/account/contacts-seed';
import { generateHistory } from '../src-simulator/call-log/seed';
import type { CallLogRecord } from '../src-shared/call-log';
import { summarize, type BenchFigure } from './stats';

const DAY = 86_400_000;

/**
 * The analytics view at N calls: each chart's archive query (by day, by hour of day, top failed
 * numbers) over a month, a quarter and all of the history, with the contacts cache filled.
 * Budget: 100 ms per chart query (p95), measured on a file-backed archive as the app uses it.
 */
export async function analyticsBench(count: number): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-analytics-'));
  try {
    const records = generateHistory({ count, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, seed: 11 }).map(
      (h) => h.record as unknown as CallLogRecord,
    );
    const file = path.join(dir, 'archive.sqlite');
    const seeded = Archive.open(file).archive;
    for (let i = 0; i < records.length; i += 5000) seeded.upsertRecords(records.slice(i, i + 5000));
    seeded.transaction(() =>
      seeded.names.replaceSource(
        'contact',
        DEMO_PERSONAL_CONTACTS.map((c) => ({ number: c.businessPhone ?? c.mobilePhone ?? c.homePhone ?? '', name: `${c.firstName} ${c.lastName}` })),
      ),
    );
    seeded.close();
    const { archive } = Archive.open(file);
    const now = Date.now();
    const periods = [30, 90, 366].map((days) => ({ from: now - days * DAY, to: now, utcOffsetMinutes: -120 }));
    const samples = { byDay: [] as number[], byHour: [] as number[], topFailed: [] as number[] };
    let calls = 0;
    for (let round = 0; round < 10; round++) {
      for (const period of periods) {
        const report = analyticsReport(archive.database, archive.names, period);
        calls = Math.max(calls, report.calls);
        samples.byDay.push(report.timings.byDay);
        samples.byHour.push(report.timings.byHour);
        samples.topFailed.push(report.timings.topFailed);
      }
    }
    archive.close();
    const label = `${count.toLocaleString('en-US')} calls`;
    const note = `month, quarter and year periods; up to ${calls.toLocaleString('en-US')} RingOut calls in one report`;
    return [
      { name: `analytics ${label}: calls by day`, unit: 'ms', ...summarize(samples.byDay), budget: { on: 'p95', max: 100 }, note },
      { name: `analytics ${label}: calls by hour of day`, unit: 'ms', ...summarize(samples.byHour), budget: { on: 'p95', max: 100 } },
      { name: `analytics ${label}: top failed numbers`, unit: 'ms', ...summarize(samples.topFailed), budget: { on: 'p95', max: 100 } },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/analytics-bench.ts [count]` prints the figures on their own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { describe } = await import('./stats');
  for (const figure of await analyticsBench(Number(process.argv[2] ?? 100_000))) console.log(describe(figure));
}
