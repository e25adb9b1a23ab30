/**
 * Team mode in the app (issue 29): the team archive's reader, opened on first use from
 * RINGSIDE_TEAM_DATABASE_URL or else Settings → Team archive (the address in settings, its
 * password in the SecretStore: never in settings, never sent to a renderer, never logged). The
 * PostgreSQL driver is loaded only then (loadTeamMode). The address rule (TLS for any host but
 * this computer) is the collector's own teamArchiveUrlProblem.
 */
import type { TeamAnalyticsReport, TeamAnalyticsRequest, TeamAnalyticsTable, TeamArchiveSet, TeamArchiveView } from '../../src-shared/team-analytics';
import { settingsSchema } from '../../src-shared/settings';
import type { TeamMember } from '../../src-shared/team-board';
import { loadTeamMode, RingsideError, type TeamMode } from '../core/index';
import type { AppPorts } from './app-ports';

type TeamReader = ReturnType<TeamMode['openTeamReader']>;

/** The SecretStore key of the team archive's password. */
export const TEAM_ARCHIVE_PASSWORD_KEY = 'team-archive-password';
const ENV_URL = 'RINGSIDE_TEAM_DATABASE_URL';

export class AppTeam {
  private reader: TeamReader | null = null;

  constructor(private readonly ports: Pick<AppPorts, 'env' | 'saveTarget' | 'settings' | 'secrets'>) {}

  private async open(): Promise<TeamReader> {
    if (this.reader) return this.reader;
    const fromEnv = this.ports.env[ENV_URL];
    const url = fromEnv || this.ports.settings.get().teamArchiveUrl;
    if (!url) throw new RingsideError('TEAM_ARCHIVE_OFF');
    const password = fromEnv ? undefined : ((await this.ports.secrets.get(TEAM_ARCHIVE_PASSWORD_KEY)) ?? undefined);
    const { openTeamReader } = await loadTeamMode();
    this.reader = openTeamReader(url, password);
    return this.reader;
  }

  async analytics(request: TeamAnalyticsRequest): Promise<TeamAnalyticsReport> {
    return (await this.open()).analytics(request);
  }

  /** The people listed in the team archive's directory, for the team board; null when team mode is off. */
  async directory(): Promise<TeamMember[] | null> {
    if (!this.ports.env[ENV_URL] && !this.ports.settings.get().teamArchiveUrl) return null;
    return (await this.open()).directory();
  }

  async exportAnalytics(request: TeamAnalyticsRequest, table: TeamAnalyticsTable): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const lines = await (await this.open()).analyticsCsv(request, table);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const result = await this.ports.saveTarget.save(`ringside-team-${table}-${day(request.from)}-to-${day(request.to)}.csv`, lines);
    return { ...result, rows: Math.max(0, lines.length - 1) };
  }

  /** Settings → Team archive as the renderer may see it. */
  async view(reachable: boolean | null = null): Promise<TeamArchiveView> {
    return {
      url: this.ports.settings.get().teamArchiveUrl,
      hasPassword: (await this.ports.secrets.get(TEAM_ARCHIVE_PASSWORD_KEY)) !== null,
      fromEnvironment: Boolean(this.ports.env[ENV_URL]),
      reachable,
    };
  }

  /**
   * Saves the address (checked first: a postgres:// address, TLS off this computer, no password
   * inside it) and a new password, then opens the archive once to say whether it answers. A
   * refusal throws words for a person and changes nothing.
   */
  async set(change: TeamArchiveSet): Promise<TeamArchiveView> {
    const url = change.url || null;
    if (url !== null) {
      const { teamArchiveUrlProblem } = await loadTeamMode();
      const problem = teamArchiveUrlProblem(url);
      if (problem) throw new RingsideError('INVALID_REQUEST', `${problem}.`);
      if (hasPassword(url))
        throw new RingsideError('INVALID_REQUEST', 'Leave the password out of the address: enter it in the Password field, where it is kept safe.');
    }
    await this.close();
    this.ports.settings.set(settingsSchema.parse({ ...this.ports.settings.get(), teamArchiveUrl: url }));
    if (url === null) await this.ports.secrets.delete(TEAM_ARCHIVE_PASSWORD_KEY);
    else if (change.password) await this.ports.secrets.set(TEAM_ARCHIVE_PASSWORD_KEY, change.password);
    if (url === null || this.ports.env[ENV_URL]) return this.view(null);
    // The first request opens it: the same path the analytics take, the same words when it fails.
    await (await this.open()).analytics({ from: 0, to: 1, utcOffsetMinutes: 0 });
    return this.view(true);
  }

  async close(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    await reader?.close();
  }
}

/** Whether an address carries a password (postgres://user:secret@host or ?password=). */
function hasPassword(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.password !== '' || parsed.searchParams.has('password');
  } catch {
    return /:[^/@]*@/.test(url.replace(/^postgres(ql)?:\/\//, ''));
  }
}
