/**
 * Team mode in the app (issue 29): the team archive's reader, opened on first use from
 * RINGSIDE_TEAM_DATABASE_URL (Settings → Team archive comes next), the PostgreSQL driver loaded
 * only then (loadTeamMode). Team analytics and its CSV exports go through here.
 */
import type { TeamAnalyticsReport, TeamAnalyticsRequest, TeamAnalyticsTable } from '../../src-shared/team-analytics';
import { loadTeamMode, RingsideError, type TeamMode } from '../core/index';
import type { AppPorts } from './app-ports';

type TeamReader = ReturnType<TeamMode['openTeamReader']>;

export class AppTeam {
  private reader: TeamReader | null = null;

  constructor(private readonly ports: Pick<AppPorts, 'env' | 'saveTarget'>) {}

  private async open(): Promise<TeamReader> {
    if (this.reader) return this.reader;
    const url = this.ports.env['RINGSIDE_TEAM_DATABASE_URL'];
    if (!url) throw new RingsideError('TEAM_ARCHIVE_OFF');
    const { openTeamReader } = await loadTeamMode();
    this.reader = openTeamReader(url);
    return this.reader;
  }

  async analytics(request: TeamAnalyticsRequest): Promise<TeamAnalyticsReport> {
    return (await this.open()).analytics(request);
  }

  async exportAnalytics(request: TeamAnalyticsRequest, table: TeamAnalyticsTable): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const lines = await (await this.open()).analyticsCsv(request, table);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const result = await this.ports.saveTarget.save(`ringside-team-${table}-${day(request.from)}-to-${day(request.to)}.csv`, lines);
    return { ...result, rows: Math.max(0, lines.length - 1) };
  }

  async close(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    await reader?.close();
  }
}
