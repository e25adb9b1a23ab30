/**
 * The desktop's reading connection to the team archive (team analytics, a person's history):
 * opened on first use from the address the app gives, checked by the collector's own rule
 * (teamArchiveUrlProblem: TLS for any host but this computer), one query at a time. Failures
 * become RingsideErrors with words for a person; the address's password never appears in them.
 */
import pg from 'pg';
import { RingsideError } from '../errors';
import type { TeamAnalyticsReport, TeamAnalyticsRequest, TeamAnalyticsTable } from '../../../src-shared/team-analytics';
import { teamArchiveHost, teamArchiveUrlProblem, TeamArchiveUnreachableError } from './collector-service';
import { teamAnalytics, teamAnalyticsCsv } from './team-analytics';
import { readTeamDirectory } from './team-directory';
import type { TeamMember } from '../../../src-shared/team-board';

export interface TeamReader {
  analytics(request: TeamAnalyticsRequest): Promise<TeamAnalyticsReport>;
  /** One table of the report as CSV lines. */
  analyticsCsv(request: TeamAnalyticsRequest, table: TeamAnalyticsTable): Promise<string[]>;
  /** The people the company directory lists now (not those who left), as the team board shows them. */
  directory(): Promise<TeamMember[]>;
  /** Runs `work` on the reader's connection (notes shared with the team: team-note-sharing.ts). */
  use<T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A reader of the team archive at `url` (a postgres:// address; its password is the caller's to supply, never logged). */
export function openTeamReader(url: string, password?: string): TeamReader {
  const problem = teamArchiveUrlProblem(url);
  if (problem) throw new RingsideError('TEAM_ARCHIVE_UNREACHABLE', `${problem}.`);
  let client: pg.Client | null = null;
  const connected = async (): Promise<pg.Client> => {
    if (client) return client;
    const next = new pg.Client({ connectionString: url, ...(password !== undefined ? { password } : {}), connectionTimeoutMillis: 10_000 });
    // A connection the server drops later: the next request opens a new one.
    next.on('error', () => {
      if (client === next) client = null;
    });
    try {
      await next.connect();
    } catch (error) {
      await next.end().catch(() => {});
      throw new RingsideError('TEAM_ARCHIVE_UNREACHABLE', new TeamArchiveUnreachableError(teamArchiveHost(url), (error as Error).message).message);
    }
    client = next;
    return next;
  };
  return {
    analytics: async (request) => teamAnalytics(await connected(), request),
    analyticsCsv: async (request, table) => [...teamAnalyticsCsv(await teamAnalytics(await connected(), request), table)],
    directory: async () =>
      (await readTeamDirectory(await connected()))
        .filter((p) => p.goneSince === null)
        .map(({ extensionId, name, extensionNumber, department }) => ({ extensionId, name, extensionNumber, department })),
    use: async (work) => work(await connected()),
    close: async () => {
      const open = client;
      client = null;
      await open?.end().catch(() => {});
    },
  };
}
