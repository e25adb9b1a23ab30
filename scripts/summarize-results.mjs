// Reads the runners' JSON reports in test-results/ and prints one line:
// `N passed, N failed, N skipped`. Static gates (lint, typecheck, build, bench smoke) count as one
// test each. A report that is missing counts as a failure: a suite that did not run
// must not look green. Above that line it names each failure (and each flaky spec), so the last
// lines of a CI log say which test to look at.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The first line of a runner's message, without colour codes, short enough for a log line. */
function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 240);
}

/** Every spec in Playwright's nested suites, with the titles of the describe blocks around it. */
function* playwrightSpecs(suites, path) {
  for (const suite of suites) {
    const inner = suite.title && !suite.title.endsWith('.ts') ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) yield { spec, path: inner };
    yield* playwrightSpecs(suite.suites ?? [], inner);
  }
}

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
let passed = 0;
let failed = 0;
let skipped = 0;
/** One line per failure, printed above the summary. */
const failures = [];
const flaky = [];

const gates = read('test-results/gates.json') ?? [];
for (const gate of gates) {
  if (gate.ok) passed++;
  else {
    failed++;
    failures.push(`gate ${gate.name}`);
  }
}

const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that failed without a failing test (an import or syntax error) counts once.
  for (const file of vitest.testResults ?? []) {
    const inside = relative(process.cwd(), file.name ?? '');
    const where = inside.startsWith('..') ? file.name : inside;
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const test of failedTests) failures.push(`vitest ${where} › ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
    if (file.status === 'failed' && failedTests.length === 0) {
      failed++;
      failures.push(`vitest ${where}: ${firstLine(file.message)}`);
    }
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
  for (const { spec, path } of playwrightSpecs(playwright.suites ?? [], [])) {
    for (const test of spec.tests ?? []) {
      const name = `playwright [${test.projectName}] ${spec.file}:${spec.line} › ${[...path, spec.title].join(' › ')}`;
      const last = test.results?.[test.results.length - 1];
      if (test.status === 'unexpected') failures.push(`${name}: ${firstLine(last?.error?.message)}`);
      else if (test.status === 'flaky') flaky.push(name);
    }
  }
  for (const error of playwright.errors ?? []) failures.push(`playwright: ${firstLine(error.message)}`);
} else {
  console.error('summary: no Playwright report (test-results/playwright.json)');
  failed++;
}

for (const line of flaky) console.log(`flaky (passed on retry): ${line}`);
for (const line of failures) console.log(`FAILED: ${line}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
