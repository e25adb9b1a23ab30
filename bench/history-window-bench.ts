/**
 * The history window at 1M calls (issue 27): open to first rows, frame times, search as you
 * type, each analytics chart and the main process's RSS, on an archive of N calls built once
 * with the archive bench's generator and cached in a private temp folder (0700) between runs.
 *
 * The app signs in to a separately started simulator (RC_* variables, as a real account
 * would) so its archive is the file in its data folder, not demo mode's in-memory one.
 * `npx tsx bench/history-window-bench.ts [count]` runs these figures alone.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../src-main/core/history/archive';
import { analyticsReport } from '../src-main/core/history/analytics';
import { Simulator } from '../src-simulator';
import { startHarness } from '../e2e/harness/ringside-harness';
import { seededRecords } from './archive-bench';
import { measureHistoryWindow } from './renderer-bench';
import { summarize, type BenchFigure } from './stats';

const DAY = 86_400_000;

/** Today's p95s (bench/README.md, the full run of 2026-11-28: history window at 84,926 calls, analytics at 100k), shown beside the 1M ones. */
export const FIGURES_AT_85K: Record<string, number> = {
  'open to first rows': 140,
  'wheel/trackpad': 18.1,
  'fling (': 23.9,
  'scrollbar dragged': 25.6,
  'search as you type': 47.9,
  'calls by day': 21.38,
  'calls by hour of day': 26.4,
  'top failed numbers': 16.51,
};

/**
 * An archive of `count` seeded calls, built once (bulk path) and kept in a 0700 folder of the
 * temp dir: generating 1M calls takes minutes, every later run copies the file.
 */
export function cachedArchive(count: number): string {
  const cacheDir = path.join(tmpdir(), `ringside-bench-cache-${process.getuid?.() ?? 'user'}`);
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  chmodSync(cacheDir, 0o700);
  // The day the file was built is in its name: the history is seeded up to then, and a
  // file from another day would put "the last 30 days" elsewhere.
  const file = path.join(cacheDir, `archive-${count}-${new Date().toISOString().slice(0, 10)}.sqlite`);
  if (existsSync(file)) return file;
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const { archive } = Archive.open(building);
  archive.bulkLoad(seededRecords(count, Date.now(), { generatingMs: 0 }));
  archive.close();
  chmodSync(building, 0o600);
  renameSync(building, file);
  return file;
}

/** Each analytics chart's query over a month, a quarter and a year, ten rounds. */
function analyticsFigures(file: string, label: string): BenchFigure[] {
  const { archive } = Archive.open(file);
  try {
    const now = Date.now();
    const periods = [30, 90, 366].map((days) => ({ from: now - days * DAY, to: now, utcOffsetMinutes: -120 }));
    const samples = { byDay: [] as number[], byHour: [] as number[], topFailed: [] as number[] };
    for (let round = 0; round < 10; round++)
      for (const period of periods) {
        const { timings } = analyticsReport(archive.database, archive.names, period);
        samples.byDay.push(timings.byDay);
        samples.byHour.push(timings.byHour);
        samples.topFailed.push(timings.topFailed);
      }
    const chart = (name: keyof typeof samples, title: string): BenchFigure => ({
      name: `${label}: analytics, ${title}`,
      unit: 'ms',
      ...summarize(samples[name]),
      budget: { on: 'p95', max: 100 },
      note: 'month, quarter and year periods',
    });
    return [chart('byDay', 'calls by day'), chart('byHour', 'calls by hour of day'), chart('topFailed', 'top failed numbers')];
  } finally {
    archive.close();
  }
}

/** The history window's figures at `count` calls, with the 85k figures beside them. */
export async function historyWindowBench(count: number, quick = false): Promise<BenchFigure[]> {
  const label = `history window at ${count.toLocaleString('en-US')} calls`;
  const source = cachedArchive(count);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-window-'));
  const sim = await Simulator.start({ timeScale: 60, seedHistory: 20, callLogDelaySeconds: 2 });
  try {
    copyFileSync(source, path.join(dataDir, 'archive.sqlite'));
    chmodSync(path.join(dataDir, 'archive.sqlite'), 0o600);
    const figures = analyticsFigures(path.join(dataDir, 'archive.sqlite'), label);
    const jwt = Object.keys(sim.app.jwts)[0]!;
    const harness = await startHarness({
      dataDir,
      env: { RC_SERVER_URL: sim.url, RC_CLIENT_ID: sim.app.clientId, RC_CLIENT_SECRET: sim.app.clientSecret, RC_JWT: jwt },
    });
    try {
      // Not waiting for the app's first sync: against this simulator its planner keeps the real
      // clock's rate limit (10 Heavy a minute), so it waits, idle, while the window is measured.
      const window = await measureHistoryWindow(harness, quick, true, false);
      figures.unshift(...window.map((f) => ({ ...f, name: f.name.replace(/^history window, [\d,]+ calls/, label) })));
      // Measured in a fresh process holding the archive, as main does: this one also runs the
      // simulator, the browser driver and every earlier benchmark.
      const rss = Number(
        execFileSync(
          process.execPath,
          ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'window-rss.ts'), path.join(dataDir, 'archive.sqlite')],
          {
            encoding: 'utf8',
          },
        ).trim(),
      );
      figures.push({
        name: `${label}: main-process RSS after the window's queries (first page, pages down the whole list, searches, analytics)`,
        unit: 'MB',
        value: rss,
        budget: { on: 'value', max: 250 },
      });
    } finally {
      await harness.close();
    }
    return figures.map((f) => {
      const before = Object.entries(FIGURES_AT_85K).find(([key]) => f.name.includes(key));
      return before && !quick ? { ...f, note: `${f.note ? `${f.note}; ` : ''}at 85k calls: p95 ${before[1]} ms` } : f;
    });
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { describe } = await import('./stats');
  for (const figure of await historyWindowBench(Number(process.argv[2] ?? 1_000_000), process.argv.includes('--quick'))) console.log(describe(figure));
}
