// `npm test`: every suite in order. Each step runs even if an earlier one failed, so one
// run shows everything that is wrong; the exit code is non-zero if any step failed.
// Test runners write JSON reports to test-results/; static gates record their outcome in
// test-results/gates.json. scripts/summarize-results.mjs turns both into one line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const steps = [
  { name: 'lint', command: 'npx', args: ['eslint', '.'], gate: true },
  { name: 'format', command: 'npx', args: ['prettier', '--check', '.'], gate: true },
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'], gate: true },
  { name: 'security', command: 'npm', args: ['run', '--silent', 'security'], gate: true },
  // Offline: the production tree against the reviewed allow-list, and no known-bad release anywhere.
  { name: 'dependencies', command: 'npx', args: ['tsx', 'security/dependency-check.ts'], gate: true },
  {
    name: 'unit',
    command: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  },
  { name: 'build', command: 'npx', args: ['electron-vite', 'build'], gate: true },
  // The production bundle just built holds no test machinery (security/bundle-scan.ts).
  { name: 'bundle-scan', command: 'npm', args: ['run', '--silent', 'security:bundle'], gate: true },
  { name: 'e2e', command: 'npx', args: ['playwright', 'test'] },
  { name: 'bench-smoke', command: 'npm', args: ['run', '--silent', 'bench', '--', '--quick'], gate: true },
];

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });
const gates = [];
let failed = 0;
for (const step of steps) {
  console.log(`\n── ${step.name} ──`);
  const started = Date.now();
  // On Windows npm and npx are .cmd files, which Node starts only through a shell; the
  // arguments are this file's own constants, never input.
  const result = spawnSync(step.command, step.args, { stdio: 'inherit', env: process.env, shell: process.platform === 'win32' });
  const ok = result.status === 0;
  if (!ok) failed += 1;
  console.log(`── ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (step.gate) gates.push({ name: step.name, ok });
  writeFileSync('test-results/gates.json', JSON.stringify(gates, null, 2));
}
const summary = spawnSync('node', ['scripts/summarize-results.mjs'], { stdio: 'inherit' });
process.exit(failed > 0 || summary.status !== 0 ? 1 : 0);
