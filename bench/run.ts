/**
 * `npm run bench`: measures what users feel, against the simulator, and prints each figure
 * with its budget and PASS/FAIL; writes bench/results.json. `--quick` is a small smoke run
 * (npm test uses it to keep the benchmarks working; its figures are not the real ones).
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyticsBench } from './analytics-bench';
import { archiveBench, archiveTable, type ArchiveRow } from './archive-bench';
import { coldStartBench } from './cold-start-bench';
import { rendererBench } from './renderer-bench';
import { rendererLatencyBench } from './renderer-latency-bench';
import { historyWindowBench } from './history-window-bench';
import { latencyBench } from './latency-bench';
import { loadBench } from './load-bench';
import { describe, passes, type BenchFigure } from './stats';
import { syncBench, syncBenchTimeScale } from './sync-bench';
import { teamArchiveBench } from './team-archive-bench';
import { teamBoardBench } from './team-board-bench';
import { teamBoardScreenBench } from './team-board-screen-bench';

const quick = process.argv.includes('--quick');
const figures: BenchFigure[] = [];
const record = (list: BenchFigure[]) => {
  for (const figure of list) {
    figures.push(figure);
    console.log(describe(figure));
  }
};

function bundleSizes(): BenchFigure[] {
  const out = path.resolve('out');
  if (!existsSync(out)) return [];
  const size = (dir: string): number =>
    readdirSync(dir).reduce((sum, name) => {
      const full = path.join(dir, name);
      return sum + (statSync(full).isDirectory() ? size(full) : statSync(full).size);
    }, 0);
  return ['main', 'preload', 'renderer']
    .filter((part) => existsSync(path.join(out, part)))
    .map((part) => ({ name: `bundle size: ${part}`, unit: 'kB', value: size(path.join(out, part)) / 1024 }));
}

console.log(quick ? 'Ringside benchmarks (quick smoke run; figures are not representative)' : 'Ringside benchmarks');
record(await latencyBench(quick ? 2 : 10, 10));
record(await loadBench(quick ? 1 : 10, 60, quick ? 5 : 20));
// The same under network jitter and with another process spinning on a core (issue 26, item 7).
record(await loadBench(quick ? 1 : 10, 60, quick ? 5 : 20, { jitterMs: 500 }));
record(await loadBench(quick ? 1 : 10, 60, quick ? 5 : 20, { cpuBusy: true }));
for (const count of quick ? [1000] : [1000, 10_000, 100_000]) record(await syncBench(count, syncBenchTimeScale(count)));
const archiveRows: ArchiveRow[] = [];
for (const count of quick ? [2000] : [10_000, 100_000, 1_000_000]) {
  const { figures: list, row } = await archiveBench(count);
  record(list);
  archiveRows.push(row);
}
console.log(`INFO  archive growth:\n${archiveTable(archiveRows)}`);
record(await analyticsBench(quick ? 5000 : 100_000));
// The team archive on PostgreSQL at 10M calls (issue 29); skipped with the reason when PostgreSQL is not installed.
record(await teamArchiveBench(quick ? 20_000 : 10_000_000));
// The team board following 20 concurrent calls on the account-level push, to the board's event in core,
// then the same to the screen: the Team board window's DOM in Chromium (the built renderer).
record([await teamBoardBench(quick ? 1 : 5, 10)]);
if (existsSync(path.resolve('out/renderer/index.html'))) record([await teamBoardScreenBench(quick ? 1 : 5, 10)]);
if (existsSync(path.resolve('out/renderer/index.html'))) {
  record(await rendererLatencyBench(quick ? 1 : 8, 10));
  record(await rendererBench(quick ? 2000 : 100_000, quick));
  // The same window at 1M calls (issue 27), the 85k figures beside each.
  record(await historyWindowBench(quick ? 3000 : 1_000_000, quick));
  record(await coldStartBench(quick ? 1 : 5));
} else console.log('INFO  renderer figures skipped: build first (npm run build)');
record(bundleSizes());

const failed = figures.filter((f) => passes(f) === false);
writeFileSync(
  path.resolve('bench/results.json'),
  JSON.stringify({ quick, at: new Date().toISOString(), figures: figures.map((f) => ({ ...f, pass: passes(f) })) }, null, 2),
);
console.log(`${figures.length} figures, ${failed.length} over budget. Results: bench/results.json`);
// The quick run only proves the benchmarks still work; budgets are judged on the full run.
process.exitCode = failed.length && !quick ? 1 : 0;
