/**
 * The CLI as a real process, the way a user runs it: output through a pipe, the simulator
 * in another process (so nothing of the test keeps the CLI's event loop alive for it).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src-simulator';
import { callIdsOf, simulatorRecords } from '../../test-support/core-harness';
import { waitFor } from '../../test-support/simulator-harness';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function runCliProcess(args: string[], env: NodeJS.ProcessEnv) {
  return promisify(execFile)(tsx, ['src-main/cli/main.ts', ...args], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }).then(
    (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
  );
}

async function simulatorEnv(options: { timeScale: number; seedHistory: number; seedSpanDays?: number }) {
  sim = await Simulator.start({ ...options, autoApprove: true });
  return {
    RC_SERVER_URL: sim.url,
    RC_CLIENT_ID: sim.app.clientId,
    RC_CLIENT_SECRET: sim.app.clientSecret,
    RC_JWT: Object.keys(sim.app.jwts)[0]!,
    RINGSIDE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ringside-cli-')),
  };
}

describe('ringside CLI as a process', () => {
  // Finding 18: the rate planner's wait must keep the process alive.
  it('sync survives at least two rate-limit waits and archives every record (finding 18)', async () => {
    // 250 records a Heavy page, 9 sync pages a window: > 18,000 records need two waits.
    const env = await simulatorEnv({ timeScale: 30, seedHistory: 24_000, seedSpanDays: 60 });
    const result = await runCliProcess(['sync', '--json'], env);
    expect(result.stderr).not.toMatch(/unsettled top-level await/);
    expect(result.code).toBe(0);
    const totals = [...result.stderr.matchAll(/History since \d{4}-\d{2}-\d{2} · [\d,]+ of about ([\d,]+) calls/g)].map((m) =>
      Number(m[1]!.replaceAll(',', '')),
    );
    // The line counts calls, not records: a two-record RingOut (REALITY 12) is two records but one call.
    const calls = callIdsOf(simulatorRecords(sim!)).size;
    expect(calls).toBeLessThan(simulatorRecords(sim!).length);
    expect(totals.at(-1)).toBe(calls);
    expect(calls).toBeGreaterThan(14_000);
    // Each record fetched, each call archived once.
    expect(JSON.parse(result.stdout)).toMatchObject({ fetched: simulatorRecords(sim!).length, archived: calls });
  }, 120_000);

  // Finding 11: output larger than a pipe's buffer arrives whole, and --limit applies to --json/--csv.
  it('history --json through a pipe is complete, valid JSON; --limit caps --json and --csv (finding 11)', async () => {
    const env = await simulatorEnv({ timeScale: 50, seedHistory: 1500 });
    expect((await runCliProcess(['sync'], env)).code).toBe(0);
    const all = await runCliProcess(['history', '--json'], env);
    expect(all.code).toBe(0);
    expect(Buffer.byteLength(all.stdout)).toBeGreaterThan(65_536 * 2);
    const rows = JSON.parse(all.stdout) as unknown[];
    expect(rows.length).toBeGreaterThan(1000);
    const limited = await runCliProcess(['history', '--json', '--limit', '7'], env);
    expect(JSON.parse(limited.stdout)).toHaveLength(7);
    const csv = await runCliProcess(['history', '--csv', '--limit', '5'], env);
    expect(csv.stdout.trimEnd().split('\r\n')).toHaveLength(6);
  }, 120_000);

  // REALITY 2 / finding 4: Ctrl-C in the middle of a command still ends its RingCentral session.
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during a call revokes the command's session before the process exits (${exitCode})`, async () => {
      const env = await simulatorEnv({ timeScale: 1, seedHistory: 0 });
      const child = spawn(tsx, ['src-main/cli/main.ts', 'call', '--to', '+12125550100'], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const user = sim!.account.extensions[0]!.id;
      await waitFor(() => stdout.includes('Calling'), { timeoutMs: 30_000, what: 'the call to start' }).catch(() => undefined);
      expect(stdout).toContain('Calling');
      expect(sim!.tokens.liveSessions(sim!.app.clientId, user)).toBe(1);
      child.kill(signal);
      expect(await exited).toBe(exitCode);
      expect(sim!.tokens.liveSessions(sim!.app.clientId, user)).toBe(0);
      expect(sim!.requestLog.some((r) => r.operationId === 'revokeToken' && r.status === 200)).toBe(true);
    }, 60_000);
  }
});
