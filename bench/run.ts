/**
 * `npm run bench`: measures and prints each figure with its budget and PASS/FAIL, and
 * writes bench/results/results.json. `--quick` runs a small smoke version (npm test uses it
 * to keep the benchmarks working; its figures are not meant to be compared).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deriveLegs } from '../src-main/core/ringout/derive-legs';
import type { CallLogRecord } from '../src-shared/call-log';
import { summarize, type BenchFigure } from './stats';

const quick = process.argv.includes('--quick');

function syntheticRecord(i: number): CallLogRecord {
  const start = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  const legs = [
    { legType: 'RingOutClientToSubscriber', result: i % 3 ? 'Call connected' : 'Busy', startTime: start },
    { legType: 'RingOutClientToCaller', result: 'Call connected', startTime: start, master: true },
  ];
  return { id: `r${i}`, startTime: start, action: 'RingOut PC', result: 'Call connected', legs: i % 5 ? legs : legs.slice(1) };
}

function benchDerivation(): BenchFigure {
  const records = Array.from({ length: quick ? 1_000 : 100_000 }, (_, i) => syntheticRecord(i));
  const samples: number[] = [];
  for (let round = 0; round < (quick ? 3 : 20); round++) {
    const started = performance.now();
    for (const record of records) deriveLegs(record);
    samples.push(performance.now() - started);
  }
  return {
    name: `derive legs of ${records.length} records`,
    unit: 'ms',
    ...summarize(samples),
    budget: { p95: 250 },
  };
}

const figures = [benchDerivation()];
let failed = 0;
for (const figure of figures) {
  const pass = figure.p95 <= figure.budget.p95;
  if (!pass) failed++;
  console.log(
    `${pass ? 'PASS' : 'FAIL'}  ${figure.name}: median ${figure.median.toFixed(2)} ${figure.unit}, p95 ${figure.p95.toFixed(2)} ${figure.unit}, max ${figure.max.toFixed(2)} ${figure.unit} (budget p95 < ${figure.budget.p95} ${figure.unit}, n=${figure.samples})`,
  );
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/results.json', JSON.stringify({ quick, figures }, null, 2));
process.exitCode = failed ? 1 : 0;
