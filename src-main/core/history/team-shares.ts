/**
 * Team mode (issue 29): the local side of notes, dispositions and favourites shared with the
 * team archive. Each field of a call edited here while team mode is on waits in `team_shares`
 * (pending) until the team archive has it, so a note saved while the archive does not answer is
 * kept across quits and sent when it answers again. The row also remembers who wrote the value
 * the desktop shows (the team's answer: a login and the server's time), and a value of this
 * desktop that a newer team edit replaced, so nothing typed here is lost without a word.
 *
 * Each row belongs to the team archive it was edited for (`archive`: teamArchiveKey of host,
 * port and database), and so does who wrote it: a pending edit is sent only to its own archive,
 * and waits, never dropped, while another one is configured.
 *
 * New table only (no schema version): an older Ringside leaves it alone. `archive` came later, a
 * nullable column added in place (addTeamShareArchiveColumn), so an older Ringside still opens
 * and writes the file; a row it writes has no archive, and is claimed like any row from before.
 */
import type { DatabaseSync } from 'node:sqlite';

export const TEAM_SHARES_SCHEMA = `
CREATE TABLE IF NOT EXISTS team_shares (
  call_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT,
  edited_ms INTEGER,
  pending INTEGER NOT NULL DEFAULT 0,
  by TEXT,
  at_ms INTEGER,
  replaced TEXT,
  replaced_ms INTEGER,
  archive TEXT,
  PRIMARY KEY (call_id, field)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS team_shares_pending ON team_shares (edited_ms) WHERE pending = 1;
`;

/** A team_shares table from before `archive`: the column added (nullable, so older Ringsides keep writing it). */
export function addTeamShareArchiveColumn(db: DatabaseSync): void {
  if (!recordsArchive(db)) db.exec('ALTER TABLE team_shares ADD COLUMN archive TEXT');
}

/** Whether team_shares has `archive` (not in an older file opened read-only, which was never brought up to date). */
function recordsArchive(db: DatabaseSync): boolean {
  const columns = db.prepare("SELECT name FROM pragma_table_info('team_shares')").all() as Array<{ name: string }>;
  return columns.some((column) => column.name === 'archive');
}

export const TEAM_FIELDS = ['note', 'disposition', 'favourite'] as const;
export type TeamField = (typeof TEAM_FIELDS)[number];
/** A field's value: a note or disposition (null: none), or whether the call is starred. */
export type TeamFieldValue = string | boolean | null;

export interface TeamShareRow {
  callId: string;
  field: TeamField;
  /** This desktop's value while pending; else the value last agreed with the team. */
  value: TeamFieldValue;
  /** When this desktop edited it (its own clock). */
  editedMs: number | null;
  pending: boolean;
  /** Who wrote the value shown (a database login) and when (server clock), once the team said. */
  by: string | null;
  atMs: number | null;
  /** This desktop's value that a newer team edit replaced (kept to show, and to restore). */
  replaced: TeamFieldValue;
  replacedMs: number | null;
  /** The team archive this row belongs to (teamArchiveKey); null: written before archives were recorded, not claimed yet. */
  archive: string | null;
}

interface StoredRow {
  call_id: string;
  field: string;
  value: string | null;
  edited_ms: number | null;
  pending: number;
  by: string | null;
  at_ms: number | null;
  replaced: string | null;
  replaced_ms: number | null;
  archive: string | null;
}

const decode = (text: string | null): TeamFieldValue => (text === null ? null : (JSON.parse(text) as TeamFieldValue));
const toRow = (r: StoredRow): TeamShareRow => ({
  callId: r.call_id,
  field: r.field as TeamField,
  value: decode(r.value),
  editedMs: r.edited_ms,
  pending: r.pending === 1,
  by: r.by,
  atMs: r.at_ms,
  replaced: decode(r.replaced),
  replacedMs: r.replaced_ms,
  archive: r.archive ?? null,
});

export class TeamShares {
  /** Whether edits go to the team archive (team mode configured); told by the app. */
  enabled: () => boolean = () => false;
  /** The team archive configured now (teamArchiveKey), that an edit made now is for; told by the app. */
  archive: () => string | null = () => null;
  /** Told after an edit was queued (the app sends it). */
  queued: () => void = () => undefined;
  /** False in an older file opened read-only: nothing is known to be any archive's, so nothing is sent. */
  private readonly recordsArchive: boolean;
  constructor(
    private readonly db: DatabaseSync,
    private readonly write: <T>(work: () => T) => T,
    /** A read-only archive (a newer Ringside's, a busy or read-only file): rows are read, never claimed. */
    private readonly readOnly = false,
  ) {
    this.recordsArchive = recordsArchive(db);
  }

  /** Queues this desktop's edit of one field (inside the edit's own transaction, when team mode is on). */
  queue(callId: string, field: TeamField, value: TeamFieldValue, editedMs: number): void {
    if (!this.enabled()) return;
    this.write(() =>
      this.db
        .prepare(
          `INSERT INTO team_shares (call_id, field, value, edited_ms, pending, archive) VALUES (?, ?, ?, ?, 1, ?)
           ON CONFLICT (call_id, field) DO UPDATE SET value = excluded.value, edited_ms = excluded.edited_ms, pending = 1, replaced = NULL, replaced_ms = NULL,
             archive = excluded.archive`,
        )
        .run(callId, field, JSON.stringify(value), editedMs, this.archive()),
    );
    // After the local transaction: the team write follows, never inside it.
    queueMicrotask(() => this.queued());
  }

  /** The call's fields known here. */
  rows(callId: string): TeamShareRow[] {
    return (this.db.prepare('SELECT * FROM team_shares WHERE call_id = ?').all(callId) as unknown as StoredRow[]).map(toRow);
  }

  row(callId: string, field: TeamField): TeamShareRow | null {
    return this.rows(callId).find((r) => r.field === field) ?? null;
  }

  /** Edits not yet in a team archive, oldest first: those for `archive` only, or all (null). */
  pending(limit = 100, archive: string | null = null): TeamShareRow[] {
    if (archive !== null && !this.recordsArchive) return [];
    const rows =
      archive === null
        ? this.db.prepare('SELECT * FROM team_shares WHERE pending = 1 ORDER BY edited_ms LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM team_shares WHERE pending = 1 AND archive = ? ORDER BY edited_ms LIMIT ?').all(archive, limit);
    return (rows as unknown as StoredRow[]).map(toRow);
  }

  /** How many edits wait: for `archive` only, or for any (null). */
  pendingCount(archive: string | null = null): number {
    if (archive !== null && !this.recordsArchive) return 0;
    const count =
      archive === null
        ? this.db.prepare('SELECT count(*) AS n FROM team_shares WHERE pending = 1').get()
        : this.db.prepare('SELECT count(*) AS n FROM team_shares WHERE pending = 1 AND archive = ?').get(archive);
    return (count as { n: number }).n;
  }

  /** How many edits wait for each archive (null: not claimed yet). */
  pendingByArchive(): Array<{ archive: string | null; edits: number }> {
    if (!this.recordsArchive) return [];
    return this.db.prepare('SELECT archive, count(*) AS edits FROM team_shares WHERE pending = 1 GROUP BY archive ORDER BY archive').all() as Array<{
      archive: string | null;
      edits: number;
    }>;
  }

  /**
   * Rows with no archive recorded (written before archives were, or by an older Ringside) become
   * `archive`'s, the one configured when they are first seen: as far as anyone can know that is
   * where the person made them (an older Ringside sent a waiting edit to whatever archive was
   * configured at its next exchange, this moment). Read first, so a desktop with none never writes.
   */
  claimUnrecorded(archive: string): void {
    if (this.readOnly || !this.recordsArchive) return;
    if (this.db.prepare('SELECT 1 FROM team_shares WHERE archive IS NULL LIMIT 1').get() === undefined) return;
    this.write(() => this.db.prepare('UPDATE team_shares SET archive = ? WHERE archive IS NULL').run(archive));
  }

  /**
   * Records the team's answer for a field: its value and who wrote it when, in `archive`.
   * `replaced` is this desktop's value the team's newer one replaced. A pending edit made since
   * `expectedEditedMs` (the one that was sent) stays pending: it goes next.
   */
  settle(
    callId: string,
    field: TeamField,
    team: { value: TeamFieldValue; by: string | null; atMs: number | null },
    replaced: { value: TeamFieldValue; editedMs: number | null } | null,
    expectedEditedMs: number | null = null,
    archive: string | null = null,
  ): boolean {
    return this.write(() => {
      const now = this.row(callId, field);
      if (now?.pending && now.editedMs !== expectedEditedMs) return false;
      this.db
        .prepare(
          `INSERT INTO team_shares (call_id, field, value, edited_ms, pending, by, at_ms, replaced, replaced_ms, archive) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
           ON CONFLICT (call_id, field) DO UPDATE SET value = excluded.value, pending = 0, by = excluded.by, at_ms = excluded.at_ms,
             replaced = CASE WHEN team_shares.archive IS excluded.archive THEN coalesce(excluded.replaced, team_shares.replaced) ELSE excluded.replaced END,
             replaced_ms = CASE WHEN team_shares.archive IS excluded.archive THEN coalesce(excluded.replaced_ms, team_shares.replaced_ms) ELSE excluded.replaced_ms END,
             archive = excluded.archive`,
        )
        .run(
          callId,
          field,
          JSON.stringify(team.value),
          now?.editedMs ?? null,
          team.by,
          team.atMs,
          replaced ? JSON.stringify(replaced.value) : null,
          replaced?.editedMs ?? null,
          archive,
        );
      return true;
    });
  }

  /** A placed call's note follows it to its confirmed record: so does what waits to be shared. */
  moveCall(fromId: string, toId: string): void {
    this.db.prepare('UPDATE OR IGNORE team_shares SET call_id = ? WHERE call_id = ?').run(toId, fromId);
    this.db.prepare('DELETE FROM team_shares WHERE call_id = ?').run(fromId);
  }
}

/** The local archive as team sharing sees it: the queue, a field's value here, and the team's value applied here. */
export interface TeamShareSide {
  shares: TeamShares;
  localValue(callId: string, field: TeamField): TeamFieldValue;
  /** Writes the team's value here without queueing it again (it came from there). */
  applyFromTeam(callId: string, field: TeamField, value: TeamFieldValue): void;
}
