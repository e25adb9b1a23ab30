// Reads the runners' JSON reports in test-results/ and prints one line:
// `N passed, N failed, N skipped`. Static gates (lint, typecheck, build, bench smoke) count as one
// test each. A report that is missing counts as a failure: a suite that did not run
// must not look green.
import { existsSync, readFileSync } from 'node:fs';

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
let passed = 0;
let failed = 0;
let skipped = 0;

const gates = read('test-results/gates.json') ?? [];
for (const gate of gates) {
  if (gate.ok) passed++;
  else failed++;
}

const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that failed without a failing test (an import or syntax error) counts once.
  for (const file of vitest.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) failed++;
  }
  skipped += vitest.numPendingTests + vitest.numTodoTests;
} else {
  console.error('summary: no vitest report (test-results/vitest.json)');
  failed++;
}

const playwright = read('test-results/playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected + (playwright.errors?.length ?? 0);
  skipped += playwright.stats.skipped;
} else {
  console.error('summary: no Playwright report (test-results/playwright.json)');
  failed++;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
