/**
 * A collector as a service runs it (`ringside team collect`): its own connection to the team
 * archive, its own RingCentral session (signed in with the admin's JWT, kept in memory only)
 * and rate planner, and the company call log's API. Composed here so the CLI (and later the
 * app) reach it through the core's front door.
 */
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { Session } from '../auth/session';
import { MemorySecretStore, systemClock, type Clock, type Logger } from '../ports';
import { RingCentralApi } from '../ringcentral/api';
import { RatePlanner } from '../ringcentral/rate-planner';
import type { ServerConfig } from '../ringcentral/rc-client';
import { TeamCollector } from './collector';
import { migrateTeamArchive, NewerTeamSchemaError, TEAM_SCHEMA_VERSION, teamSchemaVersion } from './team-migrations';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
const TLS_MODES = new Set(['require', 'verify-ca', 'verify-full']);

/** The address as pg itself reads it (a socket folder in `host=`, an empty host), or null. */
function parsed(url: string): ReturnType<typeof parseConnectionString> | null {
  if (!/^postgres(ql)?:\/\//.test(url)) return null;
  try {
    return parseConnectionString(url);
  } catch {
    return null;
  }
}

/** Where a team archive URL points, for messages: host and port, never the user or password. */
export function teamArchiveHost(url: string): string {
  const address = parsed(url);
  if (!address?.host) return 'this computer';
  return address.port ? `${address.host}:${address.port}` : address.host;
}

/**
 * Why a team archive URL cannot be used, in words; null when it can. It must be a postgres://
 * URL, and any host but this computer (loopback or a local socket) is reached only over TLS.
 */
export function teamArchiveUrlProblem(url: string): string | null {
  const address = parsed(url);
  if (!address) return 'The team archive address must look like postgres://user@host:5432/database?sslmode=verify-full';
  const host = (address.host ?? '').replace(/^\[|\]$/g, '');
  const local = host === '' || host.startsWith('/') || LOOPBACK.has(host) || /^127\./.test(host);
  if (!local && !TLS_MODES.has((address as { sslmode?: string }).sslmode ?? '')) {
    return `The team archive at ${teamArchiveHost(url)} is on another computer: reach it over TLS (add ?sslmode=verify-full to the address)`;
  }
  return null;
}

/** The team archive's address cannot be used as it is (teamArchiveUrlProblem). */
export class TeamArchiveAddressError extends Error {
  constructor(problem: string) {
    super(`${problem}.`);
    this.name = 'TeamArchiveAddressError';
  }
}

/** The team archive did not answer or refused the login: what the person can check. */
export class TeamArchiveUnreachableError extends Error {
  constructor(host: string, reason: string) {
    super(`Cannot open the team archive at ${host}: ${reason.replace(/\.$/, '')}. Check the address, the user and password, and that PostgreSQL is running.`);
    this.name = 'TeamArchiveUnreachableError';
  }
}

/** The team archive lacks the schema this Ringside needs, and this login may not bring it up to date. */
export class TeamArchiveSchemaError extends Error {
  constructor(found: number) {
    super(
      `The team archive is at schema ${found}; this Ringside needs ${TEAM_SCHEMA_VERSION}. Its owner brings it up to date: ` +
        "run this command once with the owner's login in RINGSIDE_TEAM_DATABASE_URL.",
    );
    this.name = 'TeamArchiveSchemaError';
  }
}

/** Brings the archive to this Ringside's schema when the login may (its owner), or says what to do. */
async function ensureSchema(client: pg.Client): Promise<void> {
  const probe = await client.query<{ migrated: boolean; readable: boolean | null }>(
    `SELECT to_regclass('ringside_migrations') IS NOT NULL AS migrated,
            CASE WHEN to_regclass('ringside_migrations') IS NULL THEN NULL ELSE has_table_privilege('ringside_migrations', 'SELECT') END AS readable`,
  );
  // A collector's login may not read which migrations ran (only the owner's may): the owner's instances keep the schema up to date.
  if (probe.rows[0]?.migrated && !probe.rows[0].readable) return;
  const found = await teamSchemaVersion(client);
  if (found > TEAM_SCHEMA_VERSION) throw new NewerTeamSchemaError(found);
  if (found === TEAM_SCHEMA_VERSION) return;
  try {
    await migrateTeamArchive(client);
  } catch (error) {
    if (/permission denied|must be owner/i.test((error as Error).message)) throw new TeamArchiveSchemaError(found);
    throw error;
  }
}

export interface TeamCollectorService {
  collector: TeamCollector;
  /** Stops after the page in flight, hands the lease on, revokes the RingCentral session, closes the connection. */
  close(): Promise<void>;
}

export async function openTeamCollector(options: {
  server: ServerConfig;
  jwt: string;
  databaseUrl: string;
  holder: string;
  logger: Logger;
  clock?: Clock;
  depthDays?: number | null;
}): Promise<TeamCollectorService> {
  const problem = teamArchiveUrlProblem(options.databaseUrl);
  if (problem) throw new TeamArchiveAddressError(problem);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  // A connection the server ends (a restart, a kill) must not crash the process: the next query says so.
  client.on('error', (error) => options.logger.warn('Team archive connection lost', { error: error.message }));
  try {
    await client.connect();
  } catch (error) {
    throw new TeamArchiveUnreachableError(teamArchiveHost(options.databaseUrl), (error as Error).message);
  }
  try {
    await ensureSchema(client);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const session = new Session(options.server, new MemorySecretStore(), options.logger);
  try {
    await session.signInWithJwt(options.jwt);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const api = new RingCentralApi(session.sdk, new RatePlanner(clock), 'account');
  const collector = new TeamCollector({
    api,
    client,
    holder: options.holder,
    clock,
    logger: options.logger,
    ...(options.depthDays === undefined ? {} : { depthDays: options.depthDays }),
  });
  let closing: Promise<void> | null = null;
  return {
    collector,
    close() {
      closing ??= (async () => {
        await collector.stop();
        await session.signOut().catch(() => undefined);
        await client.end().catch(() => undefined);
      })();
      return closing;
    },
  };
}
