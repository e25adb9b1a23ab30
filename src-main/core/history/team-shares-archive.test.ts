/**
 * Team mode (issue 29): each edit waiting in `team_shares` belongs to the team archive it was made
 * for. The column is added in place to a table from before it (no schema version: an older
 * Ringside still opens the file and still queues edits, which then have no archive); rows without
 * one are claimed by the archive set when they are first seen; another archive's "who wrote it"
 * and replaced value do not carry over.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { connectedCall } from './team-shares-fixtures';
import { Archive, ARCHIVE_SCHEMA_VERSION } from './archive';

const A = JSON.stringify(['db.a.example', 5432, 'sales']);
const B = JSON.stringify(['db.b.example', 5432, 'sales']);

/** An archive in team mode whose configured team archive is `now.archive` (changed by the test). */
function archiveIn(now: { archive: string | null }, file = ':memory:') {
  const { archive } = Archive.open(file);
  archive.upsertRecords([connectedCall('RO'), connectedCall('RO2')]);
  archive.teamShares.enabled = () => true;
  archive.teamShares.archive = () => now.archive;
  return archive;
}

/** team_shares exactly as the Ringside before this change created it, and its queue statement. */
const OLD_TEAM_SHARES = `
CREATE TABLE team_shares (
  call_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT, edited_ms INTEGER, pending INTEGER NOT NULL DEFAULT 0,
  by TEXT, at_ms INTEGER, replaced TEXT, replaced_ms INTEGER, PRIMARY KEY (call_id, field)
) WITHOUT ROWID;
CREATE INDEX team_shares_pending ON team_shares (edited_ms) WHERE pending = 1;`;
const OLD_QUEUE = `INSERT INTO team_shares (call_id, field, value, edited_ms, pending) VALUES (?, ?, ?, ?, 1)
  ON CONFLICT (call_id, field) DO UPDATE SET value = excluded.value, edited_ms = excluded.edited_ms, pending = 1, replaced = NULL, replaced_ms = NULL`;

describe('edits waiting for the team archive they were made for', () => {
  it('each edit records the archive set when it was made; what waits is read per archive', () => {
    const now = { archive: A as string | null };
    const archive = archiveIn(now);
    archive.annotations.annotate('RO', { note: 'for A', disposition: null }, 1000);
    now.archive = B;
    archive.annotations.annotate('RO2', { note: 'for B', disposition: null }, 2000);
    expect(archive.teamShares.pending(100, A).map((r) => [r.callId, r.value])).toEqual([['RO', 'for A']]);
    expect(archive.teamShares.pending(100, B).map((r) => [r.callId, r.value])).toEqual([['RO2', 'for B']]);
    expect([archive.teamShares.pendingCount(A), archive.teamShares.pendingCount(B), archive.teamShares.pendingCount()]).toEqual([1, 1, 2]);
    expect(archive.teamShares.pendingByArchive()).toEqual([
      { archive: A, edits: 1 },
      { archive: B, edits: 1 },
    ]);
  });

  it('team mode off: nothing waits, whatever archive was set before', () => {
    const archive = archiveIn({ archive: A });
    archive.teamShares.enabled = () => false;
    archive.annotations.annotate('RO', { note: 'mine only', disposition: 'Reached' }, 1000);
    expect(archive.teamShares.pendingCount()).toBe(0);
  });

  it('rows with no archive are claimed by the one set when first seen; rows of another archive stay theirs', () => {
    const now = { archive: null as string | null };
    const archive = archiveIn(now);
    archive.annotations.annotate('RO', { note: 'before archives were recorded', disposition: null }, 1000);
    now.archive = B;
    archive.annotations.annotate('RO2', { note: 'for B', disposition: null }, 2000);
    archive.teamShares.claimUnrecorded(A);
    expect(archive.teamShares.row('RO', 'note')!.archive).toBe(A);
    expect(archive.teamShares.row('RO2', 'note')!.archive).toBe(B);
    // Claimed once: a later archive does not take it.
    archive.teamShares.claimUnrecorded(B);
    expect(archive.teamShares.row('RO', 'note')!.archive).toBe(A);
  });

  it("a field settled in another archive: the new archive's answer replaces its signature, and its replaced value does not carry over", () => {
    const archive = archiveIn({ archive: A });
    archive.annotations.annotate('RO', { note: 'mine', disposition: null }, 1000);
    archive.teamShares.settle('RO', 'note', { value: 'theirs', by: 'sam', atMs: 1500 }, { value: 'mine', editedMs: 1000 }, 1000, A);
    expect(archive.teamShares.row('RO', 'note')).toMatchObject({ by: 'sam', replaced: 'mine', archive: A });
    archive.teamShares.settle('RO', 'note', { value: 'in B', by: 'kim', atMs: 2500 }, null, null, B);
    expect(archive.teamShares.row('RO', 'note')).toMatchObject({ by: 'kim', atMs: 2500, replaced: null, replacedMs: null, archive: B });
    // Within one archive the replaced value stays until edited again (as before).
    archive.teamShares.settle('RO', 'note', { value: 'in B, later', by: 'kim', atMs: 3000 }, { value: 'x', editedMs: 5 }, null, B);
    archive.teamShares.settle('RO', 'note', { value: 'in B, later', by: 'kim', atMs: 3000 }, null, null, B);
    expect(archive.teamShares.row('RO', 'note')).toMatchObject({ replaced: 'x', replacedMs: 5 });
  });

  it('a local archive from before: the column is added in place, its rows kept (no archive yet), the schema version unchanged; an older Ringside still queues into it', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-shares-')), 'archive.sqlite');
    const first = archiveIn({ archive: A }, file);
    first.close();
    // Back to the table as it was before this change, with an edit waiting in it.
    const raw = new DatabaseSync(file);
    raw.exec(`DROP TABLE team_shares; ${OLD_TEAM_SHARES}`);
    raw.prepare(OLD_QUEUE).run('RO', 'note', JSON.stringify('waiting from before'), 1000);
    raw.close();

    const reopened = archiveIn({ archive: B }, file);
    expect(reopened.teamShares.row('RO', 'note')).toMatchObject({ value: 'waiting from before', pending: true, archive: null });
    reopened.annotations.annotate('RO2', { note: 'for B', disposition: null }, 2000);
    expect(reopened.teamShares.row('RO2', 'note')!.archive).toBe(B);
    reopened.close();

    // An older Ringside opens it as its own version and writes with its own statement.
    const older = new DatabaseSync(file);
    expect((older.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(ARCHIVE_SCHEMA_VERSION);
    older.prepare(OLD_QUEUE).run('RO2', 'disposition', JSON.stringify('Reached'), 3000);
    older.prepare(OLD_QUEUE).run('RO2', 'note', JSON.stringify('edited by the older one'), 3000);
    older.close();
    const again = archiveIn({ archive: B }, file);
    expect(again.teamShares.row('RO2', 'disposition')).toMatchObject({ value: 'Reached', archive: null });
    // A row it edited keeps the archive it had: the edit is sent where that row belonged.
    expect(again.teamShares.row('RO2', 'note')).toMatchObject({ value: 'edited by the older one', archive: B });
    again.close();
  });

  it("an older file opened read-only (no archive recorded, none can be): nothing counts as any archive's, nothing is claimed, nothing throws", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-shares-')), 'archive.sqlite');
    archiveIn({ archive: A }, file).close();
    const raw = new DatabaseSync(file);
    raw.exec(`DROP TABLE team_shares; ${OLD_TEAM_SHARES}`);
    raw.prepare(OLD_QUEUE).run('RO', 'note', JSON.stringify('waiting from before'), 1000);
    // A newer Ringside's archive opens read-only here.
    raw.exec(`PRAGMA user_version = ${ARCHIVE_SCHEMA_VERSION + 1}`);
    raw.close();
    const { archive, readOnly } = Archive.open(file);
    expect(readOnly).not.toBeNull();
    archive.teamShares.claimUnrecorded(A);
    expect(archive.teamShares.row('RO', 'note')).toMatchObject({ value: 'waiting from before', archive: null });
    expect([archive.teamShares.pending(100, A), archive.teamShares.pendingCount(A), archive.teamShares.pendingByArchive()]).toEqual([[], 0, []]);
    expect(archive.teamShares.pendingCount()).toBe(1);
    archive.close();
  });
});
