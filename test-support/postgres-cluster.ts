/**
 * A throw-away PostgreSQL cluster for tests and for `npm run team:db`: `initdb` in a fresh
 * private folder, the server listening on a Unix socket in that folder only (no TCP port, no
 * password anywhere: `trust` on a socket only its owner can reach), stopped and removed after.
 * Root cannot run PostgreSQL: as root the server runs as the `postgres` user (else `nobody`).
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PostgresCluster {
  /** The superuser's URL, e.g. `postgresql://postgres@/postgres?host=/tmp/ringside-pg-x`. */
  readonly url: string;
  /** The folder holding the data and the socket (0700). */
  readonly folder: string;
  /** The URL of another database (or user) of this cluster. */
  urlFor(database: string, user?: string): string;
  /** Stops the server and removes its folder (safe to call twice). */
  stop(): Promise<void>;
}

const TOOLS = ['initdb', 'pg_ctl', 'pg_isready'] as const;

/** The folder holding initdb, pg_ctl and pg_isready: on PATH, else Debian's newest /usr/lib/postgresql/N/bin; null when absent. */
export function findPostgresBin(): string | null {
  const candidates = (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(debian, version, 'bin')));
  }
  return candidates.find((dir) => TOOLS.every((tool) => existsSync(path.join(dir, tool)))) ?? null;
}

/** Why PostgreSQL tests cannot run here (null: they can). */
export function postgresMissingReason(): string | null {
  if (process.env['RINGSIDE_TEST_POSTGRES'] === 'off') return 'turned off by RINGSIDE_TEST_POSTGRES=off';
  return findPostgresBin()
    ? null
    : 'PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin): install Debian\'s "postgresql" package';
}

/** The uid/gid to run the server as: ourselves, or an unprivileged user when we are root. */
function serverIdentity(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('Running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as');
}

/** Whether others may pass through every folder on the way to `dir` (the server's user must reach its folder). */
function traversable(dir: string): boolean {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if ((statSync(at).mode & 0o001) === 0) return false;
    if (path.dirname(at) === at) return true;
  }
}

/**
 * Where the cluster's folder goes: a short path (a Unix socket's path is limited to about 100
 * characters), and when the server runs as another user, one that user can reach.
 */
function baseFolder(otherUser: boolean): string {
  const candidates = [tmpdir(), '/tmp', '/var/tmp', '/dev/shm'].filter((dir) => existsSync(dir));
  const fits = candidates.filter((dir) => dir.length < 60 && (!otherUser || traversable(dir)));
  if (fits[0]) return fits[0];
  throw new Error(`No temporary folder the PostgreSQL server's user can reach (tried ${candidates.join(', ')})`);
}

function run(bin: string, args: string[], options: SpawnOptions): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The last lines of the server's log, for an error message. */
function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * Starts a fresh cluster. `pg_ctl start -w` returns once the server accepts connections (it
 * polls, no fixed sleep), and `pg_isready` confirms it on the socket before this resolves.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresMissingReason()!);
  const identity = serverIdentity();
  const folder = mkdtempSync(path.join(baseFolder(identity !== null), 'ringside-pg-'));
  chmodSync(folder, 0o700);
  if (identity) chownSync(folder, identity.uid, identity.gid);
  const data = path.join(folder, 'data');
  const log = path.join(folder, 'server.log');
  const asServer: SpawnOptions = { ...(identity ?? {}), cwd: folder, env: { ...process.env, LC_ALL: 'C' } };
  const tool = (name: (typeof TOOLS)[number]) => path.join(bin, name);
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      await run(tool('pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w'], asServer);
    }
    rmSync(folder, { recursive: true, force: true });
  };
  // A test run that dies (Ctrl-C) must not leave a server behind.
  const onExit = () => {
    if (started) spawnSync(tool('pg_ctl'), ['stop', '-D', data, '-m', 'immediate'], asServer);
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    const init = await run(tool('initdb'), ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '-E', 'UTF8', '--no-sync'], asServer);
    if (init.code !== 0) throw new Error(`initdb failed: ${init.output}`);
    // No TCP at all; the socket lives in the 0700 folder. Durability is not wanted from a throw-away cluster.
    const settings = `-c listen_addresses= -c unix_socket_directories=${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    const start = await run(tool('pg_ctl'), ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', settings], asServer);
    started = start.code === 0;
    if (!started) throw new Error(`pg_ctl start failed: ${start.output}\n${logTail(log)}`);
    const ready = await run(tool('pg_isready'), ['-h', folder, '-U', 'postgres', '-t', '30'], {});
    if (ready.code !== 0) throw new Error(`PostgreSQL did not accept connections: ${ready.output}\n${logTail(log)}`);
  } catch (error) {
    await stop();
    process.removeListener('exit', onExit);
    throw error;
  }
  const urlFor = (database: string, user = 'postgres') =>
    `postgresql://${encodeURIComponent(user)}@/${encodeURIComponent(database)}?host=${encodeURIComponent(folder)}`;
  return {
    url: urlFor('postgres'),
    folder,
    urlFor,
    stop: async () => {
      await stop();
      process.removeListener('exit', onExit);
    },
  };
}
