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
import { loadTeamMode, RingsideError, teamArchiveAddress, teamArchiveKey, teamArchiveOfKey, type TeamMode } from '../core/index';
import type { AppPorts } from './app-ports';
import type { CallRef } from '../../src-shared/annotations';
import type { TeamEditsElsewhere, TeamNoteFieldView, TeamNoteView } from '../../src-shared/team-notes';
import type { AnnotationsFacade, RingsideCore, TeamShareRow } from '../core/index';

type TeamReader = ReturnType<TeamMode['openTeamReader']>;
type TeamAuthors = Awaited<ReturnType<TeamMode['teamAuthors']>>;

/** How long after the team archive did not answer Ringside tries again (and a detail does not wait for it). */
export const TEAM_SHARE_RETRY_MS = 30_000;

/** The SecretStore key of the team archive's password. */
export const TEAM_ARCHIVE_PASSWORD_KEY = 'team-archive-password';
const ENV_URL = 'RINGSIDE_TEAM_DATABASE_URL';

export class AppTeam {
  private reader: TeamReader | null = null;
  /** The team archive the open reader is connected to (teamArchiveKey of the address it was opened with). */
  private readerArchive: string | null = null;
  /** The server's clock minus this computer's, measured when the archive first answered. */
  private clockOffset: number | null = null;
  private authors: TeamAuthors | null = null;
  /** One exchange of notes at a time (a pending edit is never sent twice at once). */
  private serial: Promise<unknown> = Promise.resolve();
  private unreachableAt: number | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ports: Pick<AppPorts, 'env' | 'saveTarget' | 'settings' | 'secrets'>,
    /** The signed-in core, whose archive holds the notes (none before sign-in). */
    private readonly core: () => Pick<RingsideCore, 'annotations'> | null = () => null,
  ) {}

  /** Whether a team archive is configured (the environment's or Settings'). */
  configured(): boolean {
    return Boolean(this.url());
  }

  /** The team archive's address in use: the environment's, else Settings'. */
  private url(): string | null {
    return this.ports.env[ENV_URL] || this.ports.settings.get().teamArchiveUrl || null;
  }

  /** Which team archive is configured now (host, port, database as teamArchiveKey); null when none. */
  archiveKey(): string | null {
    const url = this.url();
    const address = url ? teamArchiveAddress(url) : null;
    return address ? teamArchiveKey(address) : null;
  }

  /** Given to the core: notes edited while team mode is on wait to be shared with the archive configured then, and are sent at once. */
  readonly sharing = {
    enabled: () => this.configured(),
    archive: () => this.archiveKey(),
    queued: () => void this.shareNow().catch(() => undefined),
  };

  /**
   * Runs `work` with the archive's connection, its clock offset and which archive it is (the one
   * the connection was opened for, so an address changed meanwhile never gets another archive's
   * edits), one at a time; a failure marks it unreachable for a while.
   */
  private exchange<T>(work: (client: Parameters<Parameters<TeamReader['use']>[0]>[0], offset: number, archive: string) => Promise<T>): Promise<T> {
    const run = this.serial.then(async () => {
      const reader = await this.open();
      const archive = this.readerArchive;
      if (archive === null) throw new RingsideError('TEAM_ARCHIVE_OFF');
      try {
        const result = await reader.use(async (client) => {
          const { serverClockOffset, teamAuthors } = await loadTeamMode();
          this.clockOffset ??= await serverClockOffset(client);
          this.authors ??= await teamAuthors(client);
          return work(client, this.clockOffset, archive);
        });
        this.unreachableAt = null;
        return result;
      } catch (error) {
        this.unreachableAt = Date.now();
        this.retryLater();
        throw error;
      }
    });
    this.serial = run.catch(() => undefined);
    return run;
  }

  private retryLater(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.shareNow().catch(() => undefined);
    }, TEAM_SHARE_RETRY_MS);
    this.retry.unref?.();
  }

  /**
   * Sends the notes waiting to be shared. Throws when the archive does not answer (they keep
   * waiting, and Ringside tries again in a while). Edits of calls the team archive does not have
   * yet keep waiting too, and are tried again in a while.
   */
  async shareNow(): Promise<{ shared: number; waiting: number }> {
    const side = this.core()?.annotations.teamSide;
    const archive = this.archiveKey();
    if (!side || archive === null) return { shared: 0, waiting: 0 };
    side.shares.claimUnrecorded(archive);
    // Edits made for another team archive wait for it: they are not this one's to send.
    if (side.shares.pendingCount(archive) === 0) return { shared: 0, waiting: 0 };
    const { shareWithTeam } = await loadTeamMode();
    const result = await this.exchange(async (client, offset, connectedTo) => {
      const total = { shared: 0, waiting: 0 };
      // Batches until only the ones that must wait are left.
      for (;;) {
        const batch = await shareWithTeam(client, side, offset, connectedTo);
        total.shared += batch.shared;
        total.waiting = batch.waiting;
        if (batch.shared === 0) return total;
      }
    });
    if (result.waiting > 0) this.retryLater();
    return result;
  }

  /**
   * A call's note as shared with the team: first what waits is sent and the team's newer fields
   * are taken (unless the archive did not answer a moment ago: the detail never waits for it
   * twice), then who wrote each field, and what is not shared yet.
   */
  async noteView(annotations: AnnotationsFacade, ref: CallRef): Promise<TeamNoteView> {
    const archive = this.archiveKey();
    if (archive === null) return { on: false, reachable: null, fields: [], annotation: annotations.get(ref), refined: false };
    const rowId = annotations.knownRowId(ref);
    const side = annotations.teamSide;
    let reachable = false;
    let refined = false;
    if (this.unreachableAt === null || Date.now() - this.unreachableAt >= TEAM_SHARE_RETRY_MS) {
      const { shareWithTeam, refreshFromTeam, teamAuthors } = await loadTeamMode();
      try {
        refined = await this.exchange(async (client, offset, connectedTo) => {
          // The detail is of the archive set when it was asked for: another one's answer is not shown as this one's.
          if (connectedTo !== archive) return false;
          await shareWithTeam(client, side, offset, connectedTo);
          const changed = await refreshFromTeam(client, side, rowId, connectedTo);
          // A teammate who joined since the names were read: read them again, so the detail names them.
          if (side.shares.rows(rowId).some((row) => row.by !== null && !this.authors?.names.has(row.by))) this.authors = await teamAuthors(client);
          return changed;
        });
        reachable = true;
      } catch {
        // Not now: what waits stays waiting, and the detail says so.
      }
    }
    const fields = side.shares.rows(rowId).flatMap((row) => this.fieldView(row, archive) ?? []);
    return { on: true, reachable, fields, annotation: annotations.get(ref), refined };
  }

  /**
   * A field as the detail shows it. Who wrote it and what it replaced are the configured archive's
   * only: another archive's say is not shown (null), and an edit waiting for another archive says which.
   */
  private fieldView(row: TeamShareRow, archive: string): TeamNoteFieldView | null {
    // A row not claimed yet (a read-only local archive cannot claim it) is the configured archive's, as it would be once claimed.
    if (row.archive !== null && row.archive !== archive) {
      const elsewhere = row.pending ? teamArchiveOfKey(row.archive) : null;
      return elsewhere ? { field: row.field, by: null, byYou: false, at: null, pending: true, elsewhere, replaced: null } : null;
    }
    const by = row.by === null ? null : (this.authors?.names.get(row.by) ?? row.by);
    return {
      field: row.field,
      by,
      byYou: row.by !== null && row.by === this.authors?.me,
      at: row.atMs,
      pending: row.pending,
      elsewhere: null,
      replaced: row.replacedMs !== null || row.replaced !== null ? { value: row.replaced, editedAt: row.replacedMs } : null,
    };
  }

  /** Edits made here for team archives other than the configured one (any, with team mode off), per archive. */
  private waitingElsewhere(): TeamEditsElsewhere[] {
    const shares = this.core()?.annotations.teamSide.shares;
    if (!shares) return [];
    const archive = this.archiveKey();
    if (archive !== null) shares.claimUnrecorded(archive);
    return shares.pendingByArchive().flatMap(({ archive: key, edits }) => {
      const other = key !== null && key !== archive ? teamArchiveOfKey(key) : null;
      return other ? [{ archive: other, edits }] : [];
    });
  }

  private async open(): Promise<TeamReader> {
    if (this.reader) return this.reader;
    const fromEnv = this.ports.env[ENV_URL];
    const url = fromEnv || this.ports.settings.get().teamArchiveUrl;
    if (!url) throw new RingsideError('TEAM_ARCHIVE_OFF');
    const password = fromEnv ? undefined : ((await this.ports.secrets.get(TEAM_ARCHIVE_PASSWORD_KEY)) ?? undefined);
    const { openTeamReader } = await loadTeamMode();
    const address = teamArchiveAddress(url);
    this.reader = openTeamReader(url, password);
    this.readerArchive = address ? teamArchiveKey(address) : null;
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
      waitingElsewhere: this.waitingElsewhere(),
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
    this.readerArchive = null;
    this.clockOffset = null;
    this.authors = null;
    this.unreachableAt = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
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
