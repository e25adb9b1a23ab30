/**
 * For test files of the `team` project: a fresh database per file in the one cluster that
 * postgres-global-setup.ts started, or a skip with the reason printed when there is none.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';

const postgres = inject('postgres');

/** `describe`, or `describe.skip` with the reason printed when PostgreSQL is not installed. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (postgres.missing !== null) {
    console.warn(`skipped "${name}": ${postgres.missing}`);
    describe.skip(name, body);
  } else describe(name, body);
}

function urlFor(database: string, user = 'postgres'): string {
  if (postgres.socketFolder === null) throw new Error(`PostgreSQL is not available: ${postgres.missing}`);
  return `postgresql://${encodeURIComponent(user)}@/${encodeURIComponent(database)}?host=${encodeURIComponent(postgres.socketFolder)}`;
}

/** The server process of a connection (to watch it wait, or to kill it). */
export async function backendPid(client: pg.ClientBase): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
}

export interface TestDatabase {
  readonly name: string;
  /** The URL of this database as `user` (default: the superuser). */
  url(user?: string): string;
  /** A connected client (closed by `drop`). */
  connect(user?: string): Promise<pg.Client>;
  /** A login role, unique to this run, member of `groups` (roles are cluster-wide). */
  createLogin(prefix: string, groups?: string[]): Promise<string>;
  /** Closes the clients, drops the database and the logins. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const suffix = randomBytes(5).toString('hex');
  const name = `ringside_test_${suffix}`;
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const clients: pg.Client[] = [];
  const logins: string[] = [];
  const connect = async (user?: string) => {
    const client = new pg.Client({ connectionString: urlFor(name, user) });
    // A test may kill a connection on purpose: its error event must not crash the run.
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return client;
  };
  return {
    name,
    url: (user) => urlFor(name, user),
    connect,
    async createLogin(prefix, groups = []) {
      const role = `${prefix}_${suffix}`;
      await admin.query(`CREATE ROLE ${role} LOGIN${groups.length ? ` IN ROLE ${groups.join(', ')}` : ''}`);
      logins.push(role);
      return role;
    },
    async drop() {
      await Promise.all(clients.map((client) => client.end().catch(() => {})));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      for (const role of logins) await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    },
  };
}
