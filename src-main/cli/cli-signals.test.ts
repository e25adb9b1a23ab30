/**
 * The CLI as a user runs it, around a call and a pipe: Ctrl-C during `call` says the call goes
 * on and ends it only on a second press (issue 25 item 15); a closed terminal (SIGHUP) revokes
 * the session like Ctrl-C; a reader that goes away (`| head`) ends the CLI quietly (issue 26
 * item 9). The simulator runs in this process, the CLI in its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src-simulator';
import { waitFor } from '../../test-support/simulator-harness';

const root = path.resolve(import.meta.dirname, '../..');

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simulatorEnv(seedHistory = 0) {
  sim = await Simulator.start({ timeScale: 1, seedHistory, autoApprove: true });
  return {
    RC_SERVER_URL: sim.url,
    RC_CLIENT_ID: sim.app.clientId,
    RC_CLIENT_SECRET: sim.app.clientSecret,
    RC_JWT: Object.keys(sim.app.jwts)[0]!,
    RINGSIDE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ringside-cli-')),
  };
}

function startCli(args: string[], env: NodeJS.ProcessEnv) {
  // Node itself with tsx's loader (not the tsx wrapper process, which does not pass SIGHUP on).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

const user = () => sim!.account.extensions[0]!.id;
const liveSessions = () => sim!.tokens.liveSessions(sim!.app.clientId, user());
const revoked = () => sim!.requestLog.some((r) => r.operationId === 'revokeToken' && r.status === 200);

/** Starts `call` to the 2-minute demo number and waits until it prints the RingOut id. */
async function followingACall() {
  const env = await simulatorEnv();
  const cli = startCli(['call', '--to', '+12125550108'], env);
  const ringOutId = await waitFor(() => /^RingOut (\S+):/m.exec(cli.output.stdout)?.[1], { timeoutMs: 30_000, what: 'the RingOut id line' });
  expect(cli.output.stdout).toContain(`"ringside status ${ringOutId}" shows it from another terminal`);
  return { ...cli, ringOutId, env };
}

describe('ringside call and Ctrl-C', () => {
  it('one Ctrl-C says the call goes on, stops following after a few seconds, and leaves the call to run', async () => {
    const { child, output, exited, ringOutId } = await followingACall();
    child.kill('SIGINT');
    await waitFor(() => output.stderr.includes('goes on at RingCentral'), { what: 'the explanation' });
    expect(output.stderr).toMatch(
      /Press Ctrl-C again within 5 s to cancel it; otherwise Ringside stops following it \(cancel it later with: ringside cancel \S+\)/,
    );
    expect(await exited).toBe(130);
    expect(output.stderr).toContain('Stopped following the call; it goes on at RingCentral.');
    expect(sim!.callByRingOutId(ringOutId)?.endedAt).toBeNull();
    expect(liveSessions()).toBe(0);
    expect(revoked()).toBe(true);
  }, 60_000);

  it('a second Ctrl-C ends the call, waits for RingCentral to confirm, then exits 130', async () => {
    const { child, output, exited, ringOutId } = await followingACall();
    child.kill('SIGINT');
    await waitFor(() => output.stderr.includes('Press Ctrl-C again'), { what: 'the offer to end the call' });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(output.stderr).toContain('Ending the call…');
    expect(sim!.callByRingOutId(ringOutId)?.endedAt).not.toBeNull();
    expect(liveSessions()).toBe(0);
  }, 60_000);
});

describe('ringside cancel from another terminal', () => {
  it('says plainly that a call whose phone answered cannot be cancelled (the call goes on), never "Cancelled"', async () => {
    const { child, exited, ringOutId, env } = await followingACall();
    const answered = () => sim!.callByRingOutId(ringOutId)?.callerAnswered;
    await waitFor(answered, { timeoutMs: 20_000, what: 'your phone to answer' });
    const late = startCli(['cancel', ringOutId], env);
    expect(await late.exited).toBe(1);
    expect(late.output.stderr).toContain('Your phone already answered, so RingOut cannot cancel this call any more: hang up your phone to end it.');
    expect(late.output.stdout).not.toContain('Cancelled');
    expect(sim!.callByRingOutId(ringOutId)?.endedAt).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
  }, 60_000);
});

if (process.platform === 'win32') console.log('[cli-signals] SIGHUP and SIGPIPE skipped: Windows has neither signal.');
describe.skipIf(process.platform === 'win32')('ringside and its terminal', () => {
  it('SIGHUP (the terminal closed) revokes the session before exiting (129)', async () => {
    const { child, exited } = await followingACall();
    expect(liveSessions()).toBe(1);
    child.kill('SIGHUP');
    expect(await exited).toBe(129);
    expect(liveSessions()).toBe(0);
    expect(revoked()).toBe(true);
  }, 60_000);

  it('a reader that goes away (as head does) ends the CLI quietly: no EPIPE stack trace, session revoked', async () => {
    const env = await simulatorEnv(1500);
    const sync = startCli(['sync'], env);
    expect(await sync.exited).toBe(0);
    const cli = startCli(['history', '--json'], env);
    // As `head -c 100` does: read a little, then close the pipe while the CLI still writes.
    await new Promise<void>((resolve) => cli.child.stdout.once('data', () => resolve()));
    cli.child.stdout.destroy();
    expect(await cli.exited).toBe(0);
    expect(cli.output.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(liveSessions()).toBe(0);
  }, 90_000);
});
