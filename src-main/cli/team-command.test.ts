/**
 * `ringside team collect` as a service runs it: a process of its own, the team archive's
 * address from RINGSIDE_TEAM_DATABASE_URL (never argv), the real PostgreSQL and the 50-user
 * simulator in this process. It collects every user's calls, keeps the lease while it runs,
 * and on SIGTERM stops cleanly: lease handed on, RingCentral session revoked. A user who is not
 * an admin, a missing or remote-without-TLS address get clear words.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TEAM_ACCOUNT, TEAM_APP } from '../../src-simulator/account/team-account';
import { callLogQuery } from '../../src-simulator/call-log/call-log-store';
import { Simulator } from '../../src-simulator/simulator';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../test-support/postgres-test';
import { waitFor } from '../../test-support/simulator-harness';
import { CollectorLease } from '../core/team/collector-lease';
import { migrateTeamArchive, TEAM_ROLES, TEAM_SCHEMA_VERSION } from '../core/team/team-migrations';
import { runCli } from './main';
import { TEAM_DATABASE_ENV } from './team-command';

const root = path.resolve(import.meta.dirname, '../..');
let sim: Simulator;
let db: TestDatabase;
let owner: pg.Client;
let collectorRole: string;

beforeEach(async () => {
  sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50, seedHistoryPerUser: 20, seedSpanDays: 7 });
  db = await createTestDatabase();
  owner = await db.connect();
  await migrateTeamArchive(owner);
  collectorRole = await db.createLogin('collector', [TEAM_ROLES.collector]);
});
afterEach(async () => {
  await sim?.close();
  await db?.drop();
});

function envFor(jwt: string): NodeJS.ProcessEnv {
  return {
    RC_SERVER_URL: sim.url,
    RC_CLIENT_ID: sim.app.clientId,
    RC_CLIENT_SECRET: sim.app.clientSecret,
    RC_JWT: jwt,
    [TEAM_DATABASE_ENV]: db.url(collectorRole),
  };
}

function startCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '', exitCode: undefined as number | null | undefined };
  child.on('exit', (code) => (output.exitCode = code));
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function inProcess(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), readStdin: async () => '', env });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const archivedCount = async () => Number((await owner.query('SELECT count(*) AS n FROM calls')).rows[0].n);

describeWithPostgres('ringside team collect', () => {
  it('collects every user’s calls while holding the lease; SIGTERM stops it cleanly, hands the lease on and revokes the session', async () => {
    const cli = startCli(['team', 'collect', '--interval', '3600'], envFor('ringside-demo-jwt'));
    await waitFor(
      () => {
        if (cli.output.exitCode !== undefined) throw new Error(`The collector exited (${cli.output.exitCode}): ${cli.output.stderr}`);
        return cli.output.stdout.includes('Collected:');
      },
      { timeoutMs: 60_000, what: 'the first collection' },
    );
    expect(cli.output.stdout).toMatch(/Collecting the company call log into the team archive as .+ pid \d+\./);
    const users = new Set((await owner.query<{ e: string }>('SELECT DISTINCT extension_id AS e FROM calls')).rows.map((r) => r.e));
    expect(users.size).toBe(TEAM_ACCOUNT.extensions.length);
    expect(await archivedCount()).toBeGreaterThan(0);
    expect(await archivedCount()).toBeLessThanOrEqual(sim.callLog.query(callLogQuery({ dateFrom: 0 })).total);
    // While it runs, another instance cannot collect.
    const other = await db.connect(collectorRole);
    expect(await CollectorLease.tryTake(other, 'other')).toBeNull();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(143);
    expect(cli.output.stdout).toContain('Stopped; the collector lease is free for another instance.');
    expect(cli.output.stderr).toBe('');
    expect(await CollectorLease.tryTake(other, 'other')).not.toBeNull();
    expect(sim.requestLog.some((r) => r.operationId === 'revokeToken' && r.status === 200)).toBe(true);
    // The address never went on the command line.
    expect(cli.child.spawnargs.join(' ')).not.toContain('postgres');
  }, 90_000);

  it('SIGTERM in the middle of a first collection waiting for its Heavy slot stops at once, with whole pages committed and the lease free', async () => {
    // Real time and a history too large for one minute's Heavy requests: the collector must wait for the next window.
    await sim.close();
    sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 1, seedHistoryPerUser: 60, seedSpanDays: 7 });
    const cli = startCli(['team', 'collect'], envFor('ringside-demo-jwt'));
    await waitFor(async () => (await archivedCount()) >= 1500, { timeoutMs: 60_000, what: 'the pages of the first Heavy window' });
    expect(cli.output.stdout).not.toContain('Collected:');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(143);
    // Stopped by itself, not by the 5-second forced exit: it said so after closing everything.
    expect(cli.output.stdout).toContain('Stopped; the collector lease is free for another instance.');
    expect(cli.output.stderr).toBe('');
    const other = await db.connect(collectorRole);
    const lease = await CollectorLease.tryTake(other, 'other');
    expect(lease).not.toBeNull();
    // The committed cursor is a first collection under way, and every call archived is one the simulator has, once.
    const cursor = JSON.parse((await lease!.cursor())!) as Record<string, string>;
    expect(JSON.parse(cursor['sync.initial']!)).toMatchObject({ kind: 'first', done: false });
    const ids = (await owner.query<{ id: string }>('SELECT id FROM calls')).rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => sim.callLog.get(id, null) !== null)).toBe(true);
  }, 90_000);

  it('a user who is not an admin is told only an admin can collect, and nothing is written', async () => {
    const cli = startCli(['team', 'collect', '--once'], envFor('ringside-team-member-jwt'));
    expect(await cli.exited).toBe(1);
    expect(cli.output.stderr.trim()).toBe(
      "ringside: Only a RingCentral admin can collect the company's call log. Sign the collector in as an admin (a user with the Full Company Call Log permission); RingCentral refused this user (CMN-408).",
    );
    expect(await archivedCount()).toBe(0);
  }, 60_000);

  it('an archive without the schema: the collector login is told its owner must bring it up to date; the owner’s login does it and collects', async () => {
    const fresh = await createTestDatabase();
    try {
      const role = await fresh.createLogin('collector', [TEAM_ROLES.collector]);
      const refused = await inProcess(['team', 'collect', '--once'], { ...envFor('ringside-demo-jwt'), [TEAM_DATABASE_ENV]: fresh.url(role) });
      expect(refused).toMatchObject({
        code: 1,
        stderr: `ringside: The team archive is at schema 0; this Ringside needs ${TEAM_SCHEMA_VERSION}. Its owner brings it up to date: run this command once with the owner's login in RINGSIDE_TEAM_DATABASE_URL.`,
      });
      const done = await inProcess(['team', 'collect', '--once'], { ...envFor('ringside-demo-jwt'), [TEAM_DATABASE_ENV]: fresh.url() });
      expect(done).toMatchObject({ code: 0, stdout: expect.stringContaining('Collected:') });
      const client = await fresh.connect();
      expect(Number((await client.query('SELECT count(*) AS n FROM calls')).rows[0].n)).toBeGreaterThan(0);
    } finally {
      await fresh.drop();
    }
  }, 60_000);

  it('wants the address in the environment, and a remote one over TLS, without ever printing its password', async () => {
    const missing = await inProcess(['team', 'collect', '--once'], { ...envFor('ringside-demo-jwt'), [TEAM_DATABASE_ENV]: '' });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining(`Set ${TEAM_DATABASE_ENV} to the team archive's address`) });
    const remote = await inProcess(['team', 'collect', '--once'], {
      ...envFor('ringside-demo-jwt'),
      [TEAM_DATABASE_ENV]: 'postgres://lee:s3cret@db.example.com:5432/team',
    });
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain(
      'The team archive at db.example.com:5432 is on another computer: reach it over TLS (add ?sslmode=verify-full to the address).',
    );
    expect(remote.stderr).not.toContain('s3cret');
    const unreachable = await inProcess(['team', 'collect', '--once'], {
      ...envFor('ringside-demo-jwt'),
      [TEAM_DATABASE_ENV]: 'postgres://lee:s3cret@127.0.0.1:1/team',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^ringside: Cannot open the team archive at 127\.0\.0\.1:1: .+Check the address, the user and password, and that PostgreSQL is running\.$/,
    );
    expect(unreachable.stderr).not.toContain('s3cret');
    expect(await archivedCount()).toBe(0);
  }, 60_000);
});
