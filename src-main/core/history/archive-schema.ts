import { statSync } from 'node:fs';
import { RingsideError } from '../errors';
import type { DatabaseSync } from 'node:sqlite';
import { ANALYTICS_SCHEMA, dropRollupTriggers, rebuildRollup, ROLLUP_SCHEMA, ROLLUP_SCHEMA_VERSION, ROLLUP_TRIGGERS } from './analytics';
import { ANNOTATIONS_SCHEMA } from './annotations';
import { CONTACT_NAMES_SCHEMA } from './contacts-cache';
import type { TrackedCall } from '../../../src-shared/calls';
import { problemFact } from '../ringout/explain';
import { explainRow, type Row } from './archive-rows';
import { decodeStoredJson, encodeStoredJson } from './stored-json';
import { OUTBOX_SCHEMA, OUTBOX_SCHEMA_VERSION } from '../webhooks/outbox-schema';
import { addTeamShareArchiveColumn, TEAM_SHARES_SCHEMA } from './team-shares';

/**
 * 5: a two-record RingOut is one call (its Inbound caller half kept in `call_details.caller_half`,
 * `merged_halves` maps the half's id to it); calls "not yet in the call log" are marked `pending`.
 * 6: `call_details` holds deflated JSON (stored-json.ts), `calls.explanation` only where it
 * cannot be derived from the legs, `merged_halves` is indexed by call (an export's record ids).
 * 7: no words stored: `calls.problem` holds why a call is not confirmed as a fact (ProblemFact);
 * `calls.explanation` keeps only older words the facts cannot reproduce, never written since.
 * 8: the analytics roll-up (`analytics_quarters`, `analytics_parties`) and each party's call count
 * (`party_calls`), kept by triggers on `calls`.
 * 9: webhook endpoints and their outbox (`webhook_endpoints`, `webhook_deliveries`: webhooks/outbox-schema.ts).
 */
export const ARCHIVE_SCHEMA_VERSION = Math.max(ROLLUP_SCHEMA_VERSION, OUTBOX_SCHEMA_VERSION);
/** Versions before this one are rebuilt from their stored records (which also merges two-record RingOuts). */
export const REBUILD_BELOW_VERSION = 5;

/**
 * Whether the last session that wrote this archive ended without closing it. A clean close
 * checkpoints the write-ahead log and deletes it; a log left with content means a crash, a
 * power cut, or another process (the CLI) still has it open. Only then is the whole file
 * checked at open (`PRAGMA quick_check` reads every page: 1.6 s at 1M calls).
 */
export function uncleanEnd(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** SQLite's primary result codes that matter when opening (extended codes carry them in the low byte). */
export const SQLITE = { BUSY: 5, LOCKED: 6, READONLY: 8, CANTOPEN: 14, FULL: 13, CORRUPT: 11, NOTADB: 26 } as const;

export function sqliteCode(error: unknown): number | null {
  const code = (error as { errcode?: unknown }).errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

/** The archive is a newer Ringside's: read it, never rewrite it. */
export class NewerSchemaError extends Error {}
/** The file is not a usable database: the only case where it is set aside. */
export class CorruptArchiveError extends Error {}

export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return error instanceof CorruptArchiveError || code === SQLITE.CORRUPT || code === SQLITE.NOTADB;
}

/** Thrown by writes when the disk is full: one clear sentence instead of SQLite's own. */
export class ArchiveFullError extends RingsideError {
  constructor() {
    super('DISK_FULL');
    this.name = 'ArchiveFullError';
  }
}

/** Thrown by every write while the archive is read-only: says so in words, and why. */
export class ArchiveReadOnlyError extends RingsideError {
  constructor(readonly reason: string) {
    super('READ_ONLY', `Not saved: ${reason}`);
    this.name = 'ArchiveReadOnlyError';
  }
}

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Secondary indexes; a bulk load into an empty archive drops the calls_* ones and builds them once after it. */
export const SECONDARY_INDEXES = `
CREATE INDEX IF NOT EXISTS call_states_by_call ON call_states (call_rowid);
CREATE INDEX IF NOT EXISTS calls_by_time ON calls (start_ms DESC, id);
CREATE INDEX IF NOT EXISTS calls_by_session ON calls (session_id);
CREATE INDEX IF NOT EXISTS calls_by_party ON calls (party_id, start_ms DESC);
CREATE INDEX IF NOT EXISTS calls_by_direction ON calls (direction, start_ms DESC);
CREATE INDEX IF NOT EXISTS calls_by_kind ON calls (ring_out, result_state, start_ms);
`;

/**
 * `calls` is narrow (what lists, filters and counts read) so scans stay fast at 100k+ calls;
 * the full call-log record and the live timeline sit in `call_details`, read one at a time.
 * Searches go through `parties` (the other party of each call: far fewer rows than calls)
 * and outcome filters through `call_states` (each distinct leg outcome of a call), both
 * indexed by start time, so a filter is an index range, never a scan of every call.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parties (id INTEGER PRIMARY KEY, digits TEXT NOT NULL UNIQUE, name TEXT);
CREATE TABLE IF NOT EXISTS calls (
  id TEXT PRIMARY KEY,
  start_ms INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL,
  direction TEXT,
  action TEXT,
  result TEXT,
  result_state TEXT,
  from_number TEXT,
  from_name TEXT,
  to_number TEXT,
  to_name TEXT,
  party_id INTEGER REFERENCES parties (id),
  duration INTEGER,
  ring_out INTEGER NOT NULL,
  caller_status TEXT,
  callee_status TEXT,
  caller_state TEXT,
  callee_state TEXT,
  explanation TEXT,
  problem TEXT,
  session_id TEXT,
  tracked INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS call_details (id TEXT PRIMARY KEY, record TEXT, tracked TEXT, caller_half TEXT);
CREATE TABLE IF NOT EXISTS merged_halves (half_id TEXT PRIMARY KEY, call_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS merged_halves_by_call ON merged_halves (call_id);
CREATE INDEX IF NOT EXISTS calls_pending ON calls (pending) WHERE pending = 1;
CREATE TABLE IF NOT EXISTS call_states (state TEXT NOT NULL, start_ms INTEGER NOT NULL, call_rowid INTEGER NOT NULL, PRIMARY KEY (state, start_ms, call_rowid)) WITHOUT ROWID;
DROP INDEX IF EXISTS calls_by_start;
${SECONDARY_INDEXES}`;

/** Every table and index of the current schema (each statement is IF NOT EXISTS). */
export function createTables(db: DatabaseSync): void {
  db.exec(SCHEMA);
  // Schema 5 (from 4): contact names, notes and dispositions, favourites, the analytics index.
  db.exec(CONTACT_NAMES_SCHEMA + ANNOTATIONS_SCHEMA + ANALYTICS_SCHEMA);
  // Schema 8: the analytics roll-up and the party counts, kept by triggers from here on (built for existing calls by buildRollup).
  db.exec(ROLLUP_SCHEMA + ROLLUP_TRIGGERS + PARTY_CALLS_SCHEMA + PARTY_CALLS_TRIGGERS);
  // Schema 9 (from 8): new tables only, nothing to convert.
  db.exec(OUTBOX_SCHEMA);
  // Team mode's notes waiting to be shared (team-shares.ts): a new table only, no version of its own.
  db.exec(TEAM_SHARES_SCHEMA);
  // Which team archive each waiting edit is for: a nullable column added in place, still no version of its own.
  addTeamShareArchiveColumn(db);
}

/**
 * Schema 8: how many calls each other party has, so a search's count (or the whole list's) is
 * a sum over the matching parties, not a count of every matching call (60 ms for 600k of 1M).
 * Kept exact by triggers on `calls` in each write's transaction; rows that reach 0 stay (they add nothing).
 */
const PARTY_CALLS_SCHEMA = `
CREATE TABLE IF NOT EXISTS party_calls (party_id INTEGER PRIMARY KEY, calls INTEGER NOT NULL);
`;
export const PARTY_CALLS_TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS party_calls_insert AFTER INSERT ON calls WHEN NEW.party_id IS NOT NULL BEGIN
  INSERT INTO party_calls (party_id, calls) VALUES (NEW.party_id, 1) ON CONFLICT (party_id) DO UPDATE SET calls = calls + 1;
END;
CREATE TRIGGER IF NOT EXISTS party_calls_delete AFTER DELETE ON calls WHEN OLD.party_id IS NOT NULL BEGIN
  UPDATE party_calls SET calls = calls - 1 WHERE party_id = OLD.party_id;
END;
CREATE TRIGGER IF NOT EXISTS party_calls_update AFTER UPDATE OF party_id ON calls WHEN OLD.party_id IS NOT NEW.party_id BEGIN
  UPDATE party_calls SET calls = calls - 1 WHERE party_id = OLD.party_id;
  INSERT INTO party_calls (party_id, calls) SELECT NEW.party_id, 1 WHERE NEW.party_id IS NOT NULL ON CONFLICT (party_id) DO UPDATE SET calls = calls + 1;
END;
`;

/** For a bulk load into an empty archive: every count kept by trigger is rebuilt once at the end (rebuildCounts). */
export function dropCountTriggers(db: DatabaseSync): void {
  dropRollupTriggers(db);
  for (const name of ['party_calls_insert', 'party_calls_delete', 'party_calls_update']) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

/** The analytics roll-up and the party counts computed afresh from the calls, their triggers back in place; the caller holds the transaction. */
export function rebuildCounts(db: DatabaseSync): void {
  rebuildRollup(db);
  db.exec(
    'DELETE FROM party_calls; INSERT INTO party_calls (party_id, calls) SELECT party_id, count(*) FROM calls WHERE party_id IS NOT NULL GROUP BY party_id;',
  );
  db.exec(ROLLUP_TRIGGERS + PARTY_CALLS_TRIGGERS);
}

/**
 * Schema 7 (or older, migrated) to 8: the analytics roll-up and the party counts counted from
 * the calls already archived (grouped scans of two indexes: about 2 s at 1M calls). On a full
 * disk it stays at the version before (false): counts and charts read the calls until the next start.
 */
export function buildCounts(db: DatabaseSync): boolean {
  return inTransactionUnlessFull(db, () => rebuildCounts(db));
}

/** `work` in one transaction; on a full disk it is rolled back and the answer is false (any other error is thrown). */
function inTransactionUnlessFull(db: DatabaseSync, work: () => void): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    work();
    db.exec('COMMIT');
    return true;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    if (sqliteCode(error) === SQLITE.FULL) return false;
    throw error;
  }
}

/** Rows packed per transaction when a schema-5 archive is packed (each commit frees the WAL to checkpoint). */
const PACK_CHUNK = 5_000;

/**
 * Schema 5 to 6 in place: the stored JSON deflated (stored-json.ts), explanations the legs
 * can tell dropped (derived when shown). In chunks, each its own transaction, so a large
 * archive never needs its own size again in free disk at once. On a full disk it stops and
 * says so (false): the archive stays schema 5, readable and writable (plain and packed rows
 * read alike), and the next start packs the rest. Freed pages are reused by later calls; the
 * file keeps its size (auto-vacuum is off, and a VACUUM would hold up the start).
 */
export function packSchema5(db: DatabaseSync): boolean {
  db.function('ringside_pack', { deterministic: true }, (value) => (typeof value === 'string' ? encodeStoredJson(JSON.parse(value)) : value));
  const last = (db.prepare('SELECT max(rowid) AS n FROM call_details').get() as { n: number | null }).n ?? 0;
  const pack = db.prepare(
    'UPDATE call_details SET record = ringside_pack(record), tracked = ringside_pack(tracked), caller_half = ringside_pack(caller_half) WHERE rowid > ? AND rowid <= ?',
  );
  const steps: Array<() => void> = [];
  for (let from = 0; from < last; from += PACK_CHUNK) steps.push(() => pack.run(from, from + PACK_CHUNK));
  steps.push(() => db.exec("UPDATE calls SET explanation = NULL WHERE pending = 0 AND ring_out = 1 AND id NOT LIKE 'ringside:%'"));
  return steps.every((step) => inTransactionUnlessFull(db, step));
}

/**
 * Schema 6 (or a packed 5) to 7: each stored explanation becomes facts (its tracked call's
 * problem as a ProblemFact, beside the legs already stored), the words derived when shown.
 * A row whose words the facts do not reproduce exactly (an older wording) keeps them, so
 * nothing a screen shows is lost. Few rows (calls not confirmed by the call log): one
 * transaction; on a full disk it stays schema 6 (false) and the next start tries again.
 */
export function storeFactsNotWords(db: DatabaseSync): boolean {
  const columns = db.prepare("SELECT name FROM pragma_table_info('calls')").all() as Array<{ name: string }>;
  return inTransactionUnlessFull(db, () => {
    if (!columns.some((column) => column.name === 'problem')) db.exec('ALTER TABLE calls ADD COLUMN problem TEXT');
    const rows = db
      .prepare('SELECT calls.*, call_details.tracked AS tracked_json FROM calls LEFT JOIN call_details USING (id) WHERE explanation IS NOT NULL')
      .all() as unknown as Array<Row & { explanation: string; tracked_json: Uint8Array | string | null }>;
    const update = db.prepare('UPDATE calls SET explanation = NULL, problem = ? WHERE id = ?');
    for (const row of rows) {
      const said = decodeStoredJson<TrackedCall>(row.tracked_json)?.problem;
      const problem = said ? JSON.stringify(problemFact(said)) : null;
      if (explainRow({ ...row, explanation: null, problem }) === row.explanation) update.run(problem, row.id);
    }
  });
}
