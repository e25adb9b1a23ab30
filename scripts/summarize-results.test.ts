import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(__dirname, 'summarize-results.mjs');
const folders: string[] = [];

/** Runs the summary in a folder holding these reports (test-results/<name>.json). */
function summarize(reportsIn: Record<string, unknown> | ((folder: string) => Record<string, unknown>)) {
  const folder = mkdtempSync(path.join(tmpdir(), 'ringside-summary-'));
  folders.push(folder);
  const reports = typeof reportsIn === 'function' ? reportsIn(folder) : reportsIn;
  mkdirSync(path.join(folder, 'test-results'));
  for (const [name, report] of Object.entries(reports)) writeFileSync(path.join(folder, 'test-results', `${name}.json`), JSON.stringify(report));
  const run = spawnSync(process.execPath, [script], { cwd: folder, encoding: 'utf8' });
  return { status: run.status, lines: run.stdout.trim().split('\n'), stderr: run.stderr };
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const vitestReport = (failing: boolean, root = '/somewhere') => ({
  numPassedTests: 2,
  numFailedTests: failing ? 1 : 0,
  numPendingTests: 1,
  numTodoTests: 0,
  testResults: [
    {
      name: `${root}/src-main/cli/cli-process.test.ts`,
      status: failing ? 'failed' : 'passed',
      assertionResults: [
        {
          fullName: 'cli stops on SIGTERM',
          status: failing ? 'failed' : 'passed',
          failureMessages: failing ? ['\u001b[31mAssertionError: expected 1 to be 0\u001b[39m\n    at line'] : [],
        },
        { fullName: 'cli prints help', status: 'passed', failureMessages: [] },
      ],
    },
  ],
});

const playwrightReport = {
  stats: { expected: 1, unexpected: 1, flaky: 1, skipped: 2 },
  errors: [],
  suites: [
    {
      title: 'popover-screens.spec.ts',
      file: 'popover-screens.spec.ts',
      specs: [],
      suites: [
        {
          title: 'popover',
          specs: [
            {
              title: 'shows both legs',
              file: 'popover-screens.spec.ts',
              line: 12,
              tests: [
                { projectName: 'harness', status: 'unexpected', results: [{ status: 'timedOut', error: { message: 'Test timeout of 30000ms exceeded.' } }] },
              ],
            },
            { title: 'signs in to the demo', file: 'popover-screens.spec.ts', line: 40, tests: [{ projectName: 'harness', status: 'flaky', results: [] }] },
            { title: 'opens', file: 'popover-screens.spec.ts', line: 60, tests: [{ projectName: 'harness', status: 'expected', results: [] }] },
          ],
        },
      ],
    },
  ],
};

describe('the summary line and the failures named above it', () => {
  it('names each failed test, gate and flaky spec above the counts, so the end of a CI log says what to open', () => {
    const { status, lines } = summarize((folder) => ({
      gates: [
        { name: 'lint', ok: true },
        { name: 'bench-smoke', ok: false },
      ],
      vitest: vitestReport(true, folder),
      playwright: playwrightReport,
    }));
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe('5 passed, 3 failed, 3 skipped');
    expect(lines).toContain('FAILED: gate bench-smoke');
    expect(lines).toContain('FAILED: vitest src-main/cli/cli-process.test.ts › cli stops on SIGTERM: AssertionError: expected 1 to be 0');
    expect(lines).toContain('FAILED: playwright [harness] popover-screens.spec.ts:12 › popover › shows both legs: Test timeout of 30000ms exceeded.');
    expect(lines).toContain('flaky (passed on retry): playwright [harness] popover-screens.spec.ts:40 › popover › signs in to the demo');
  });

  it('prints only the counts when everything passed', () => {
    const green = { ...playwrightReport, stats: { expected: 3, unexpected: 0, flaky: 0, skipped: 0 }, suites: [] };
    const { status, lines } = summarize({ gates: [{ name: 'lint', ok: true }], vitest: vitestReport(false), playwright: green });
    expect(status).toBe(0);
    expect(lines).toEqual(['6 passed, 0 failed, 1 skipped']);
  });

  it('a missing report counts as a failure and says which', () => {
    const { status, lines, stderr } = summarize({ gates: [] });
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe('0 passed, 2 failed, 0 skipped');
    expect(stderr).toContain('no vitest report');
    expect(stderr).toContain('no Playwright report');
  });
});
