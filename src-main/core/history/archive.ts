import { existsSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import { legState } from '../../../src-shared/leg-state';
import { digitsOf } from '../../../src-shared/phone-numbers';
import { deriveLegs, isRingOutRecord } from '../ringout/derive-legs';
import * as machine from '../ringout/call-machine';
import { MATCH_WINDOW_MS, matchCallRecord, recordLacksLeg } from '../ringout/match-record';
import { NOT_CALLED } from '../../../src-shared/legs';
import { CALLER_HALF_WINDOW_MS, callerHalfSessionFits, isRingOutCallerHalf, mergeRingOutPair } from '../ringout/merge-records';
import { explainOutcome } from '../ringout/explain';
import type { HistoryFilter } from '../../../src-shared/history';
import type { HistoryRow } from '../../../src-shared/history-row';
import { ANALYTICS_SCHEMA } from './analytics';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files';
import { ANNOTATION_SEARCH_SQL, ANNOTATIONS_SCHEMA, Annotations, CONTACT_NAME_SEARCH_SQL, DISPOSITION_FILTER_SQL } from './annotations';
import { CONTACT_NAMES_SCHEMA, ContactNames } from './contacts-cache';
import { decodeStoredJson, encodeStoredJson } from './stored-json';
import type { ExportRow } from './export';

/**
 * 5: a two-record RingOut is one call (its Inbound caller half kept in `call_details.caller_half`,
 * `merged_halves` maps the half's id to it); calls "not yet in the call log" are marked `pending`.
 * 6: `call_details` holds deflated JSON (stored-json.ts), `calls.explanation` only where it
 * cannot be derived from the legs, `merged_halves` is indexed by call (an export's record ids).
 */
export const ARCHIVE_SCHEMA_VERSION = 6;
/** Versions before this one are rebuilt from their stored records (which also merges two-record RingOuts). */
const REBUILD_BELOW_VERSION = 5;

export interface ArchiveOpenResult {
  archive: Archive;
  /** Set when the file on disk was corrupt and was set aside (never deleted). */
  recovered: { movedTo: string; reason: string } | null;
  /** Set when the archive opened read-only (newer Ringside, read-only folder): why, for a notice. */
  readOnly: string | null;
  /** True when the file's integrity was checked at open (only after an unclean end: see uncleanEnd). */
  integrityChecked?: boolean;
}

/**
 * Whether the last session that wrote this archive ended without closing it. A clean close
 * checkpoints the write-ahead log and deletes it; a log left with content means a crash, a
 * power cut, or another process (the CLI) still has it open. Only then is the whole file
 * checked at open (`PRAGMA quick_check` reads every page: 1.6 s at 1M calls).
 */
function uncleanEnd(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** SQLite's primary result codes that matter when opening (extended codes carry them in the low byte). */
const SQLITE = { BUSY: 5, LOCKED: 6, READONLY: 8, CANTOPEN: 14, FULL: 13, CORRUPT: 11, NOTADB: 26 } as const;

function sqliteCode(error: unknown): number | null {
  const code = (error as { errcode?: unknown }).errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

/** The archive is a newer Ringside's: read it, never rewrite it. */
class NewerSchemaError extends Error {}
/** The file is not a usable database: the only case where it is set aside. */
class CorruptArchiveError extends Error {}

function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return error instanceof CorruptArchiveError || code === SQLITE.CORRUPT || code === SQLITE.NOTADB;
}

/** Thrown by writes when the disk is full: one clear sentence instead of SQLite's own. */
export class ArchiveFullError extends Error {
  constructor() {
    super('The disk is full, so call history could not be saved. Free some disk space; the sync resumes where it stopped.');
    this.name = 'ArchiveFullError';
  }
}

/** Thrown by every write while the archive is read-only: says so in words, and why. */
export class ArchiveReadOnlyError extends Error {
  constructor(readonly reason: string) {
    super(`Not saved: ${reason}`);
    this.name = 'ArchiveReadOnlyError';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The id of a call with no call-log record behind it (yet): Ringside's own call id after this. */
const UNCONFIRMED_PREFIX = 'ringside:';

/** Secondary indexes; a bulk load into an empty archive drops the calls_* ones and builds them once after it. */
const SECONDARY_INDEXES = `
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

/** A filter as SQL: rows come from `source`, ordered by `start` DESC then `tie`. */
interface Where {
  source: string;
  sql: string;
  params: Array<string | number>;
  start: string;
  tie: string;
  /** Outcome with at most a time range and RingOut only: countable on call_states' key. */
  byStateOnly: boolean;
}

interface Row {
  id: string;
  start_ms: number;
  direction: string | null;
  action: string | null;
  result: string | null;
  from_number: string | null;
  from_name: string | null;
  to_number: string | null;
  to_name: string | null;
  duration: number | null;
  ring_out: number;
  caller_status: string | null;
  callee_status: string | null;
  caller_state: string | null;
  callee_state: string | null;
  explanation: string | null;
  tracked: number;
}

function toHistoryRow(row: Row): HistoryRow {
  return {
    id: row.id,
    startTime: new Date(row.start_ms).toISOString(),
    direction: row.direction,
    action: row.action,
    result: row.result,
    fromNumber: row.from_number,
    fromName: row.from_name,
    toNumber: row.to_number,
    toName: row.to_name,
    duration: row.duration,
    ringOut: row.ring_out === 1,
    callerStatus: row.caller_status,
    calleeStatus: row.callee_status,
    callerState: (row.caller_state as HistoryRow['callerState']) ?? null,
    calleeState: (row.callee_state as HistoryRow['calleeState']) ?? null,
    // Stored only where the legs alone cannot tell it (a call not yet in the call log): else
    // derived here, so a wording fix reaches old calls too.
    explanation: row.explanation ?? (row.ring_out === 1 ? explainOutcome(row.caller_status, row.callee_status) : null),
    tracked: row.tracked === 1,
    // Filled in by Annotations.enrich (names from the contacts cache, the user's notes).
    contactName: null,
    nameSource: null,
    otherNames: [],
    note: null,
    disposition: null,
    favourite: false,
  };
}

/** How far apart two records' numeric sessionIds are (the closest caller half wins). */
function sessionDistance(a: CallLogRecord, b: CallLogRecord): number {
  const gap = Math.abs(Number(a.sessionId) - Number(b.sessionId));
  return Number.isFinite(gap) ? gap : Number.POSITIVE_INFINITY;
}

/** The distinct outcomes a call can be found by: either leg, or an ordinary call's result. */
function statesOf(values: Record<string, string | number | null>): string[] {
  const states = values['ring_out'] === 1 ? [values['caller_state'], values['callee_state']] : [values['result_state']];
  return [...new Set(states.filter((s): s is string => typeof s === 'string'))];
}

/**
 * The local call archive: SQLite (node:sqlite, no native module to download) in WAL mode,
 * every write in a transaction so a crash never leaves half a batch, records upserted by id
 * keeping the newest lastModifiedTime, indexed search by the other party's name or number.
 */
/** Every table and index of the current schema (each statement is IF NOT EXISTS). */
function createTables(db: DatabaseSync): void {
  db.exec(SCHEMA);
  // Schema 5 (from 4): contact names, notes and dispositions, favourites, the analytics index.
  db.exec(CONTACT_NAMES_SCHEMA + ANNOTATIONS_SCHEMA + ANALYTICS_SCHEMA);
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
function packSchema5(db: DatabaseSync): boolean {
  db.function('ringside_pack', { deterministic: true }, (value) => (typeof value === 'string' ? encodeStoredJson(JSON.parse(value)) : value));
  const last = (db.prepare('SELECT max(rowid) AS n FROM call_details').get() as { n: number | null }).n ?? 0;
  const pack = db.prepare(
    'UPDATE call_details SET record = ringside_pack(record), tracked = ringside_pack(tracked), caller_half = ringside_pack(caller_half) WHERE rowid > ? AND rowid <= ?',
  );
  const steps: Array<() => void> = [];
  for (let from = 0; from < last; from += PACK_CHUNK) steps.push(() => pack.run(from, from + PACK_CHUNK));
  steps.push(() => db.exec("UPDATE calls SET explanation = NULL WHERE pending = 0 AND ring_out = 1 AND id NOT LIKE 'ringside:%'"));
  for (const step of steps) {
    try {
      db.exec('BEGIN IMMEDIATE');
      step();
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      if (sqliteCode(error) === SQLITE.FULL) return false;
      throw error;
    }
  }
  return true;
}

export class Archive {
  private readonly upsertCall: StatementSync;
  private readonly upsertDetails: StatementSync;
  private readonly upsertParty: StatementSync;
  private readonly existing: StatementSync;
  private readonly statesDelete: StatementSync;
  private readonly stateInsert: StatementSync;
  /** Names from the user's contacts and the company directory (schema 5). */
  readonly names: ContactNames;
  /** Notes, dispositions and favourites (schema 5). */
  readonly annotations: Annotations;
  /** Matching-call counts by filter, valid until the next write. */
  private readonly counts = new Map<string, number>();
  private readonly statements = new Map<string, StatementSync>();
  private readonly storedHalf: StatementSync;
  private readonly halfOwner: StatementSync;
  private readonly halfOwnerInsert: StatementSync;
  private readonly inboundNear: StatementSync;
  private readonly ringOutNear: StatementSync;
  private readonly pendingNear: StatementSync;
  private readonly trackedOf: StatementSync;
  private readonly rowDelete: StatementSync;
  private readonly detailsDelete: StatementSync;

  private constructor(
    private readonly db: DatabaseSync,
    /** Why writes are refused (null: a normal, writable archive). */
    readonly readOnly: string | null = null,
  ) {
    this.names = new ContactNames(db);
    this.annotations = new Annotations(
      db,
      this.names,
      { get: (key) => this.getMeta(key), set: (key, value) => this.setMeta(key, value) },
      () => this.counts.clear(),
      (work) => this.transaction(work),
    );
    this.upsertCall = db.prepare(`
      INSERT INTO calls (id, start_ms, modified_ms, direction, action, result, result_state, from_number, from_name, to_number, to_name,
        party_id, duration, ring_out, caller_status, callee_status, caller_state, callee_state, explanation, session_id, tracked, pending)
      VALUES (:id, :start_ms, :modified_ms, :direction, :action, :result, :result_state, :from_number, :from_name, :to_number, :to_name,
        :party_id, :duration, :ring_out, :caller_status, :callee_status, :caller_state, :callee_state, :explanation, :session_id, :tracked, :pending)
      ON CONFLICT (id) DO UPDATE SET
        start_ms = excluded.start_ms, modified_ms = excluded.modified_ms, direction = excluded.direction, action = excluded.action,
        result = excluded.result, result_state = excluded.result_state, from_number = excluded.from_number, from_name = excluded.from_name,
        to_number = excluded.to_number, to_name = excluded.to_name, party_id = excluded.party_id, duration = excluded.duration,
        ring_out = excluded.ring_out, caller_status = excluded.caller_status, callee_status = excluded.callee_status,
        caller_state = excluded.caller_state, callee_state = excluded.callee_state, explanation = excluded.explanation,
        session_id = excluded.session_id, tracked = max(excluded.tracked, calls.tracked), pending = excluded.pending
      RETURNING rowid`);
    this.upsertDetails = db.prepare(`
      INSERT INTO call_details (id, record, tracked, caller_half) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET record = COALESCE(excluded.record, call_details.record), tracked = COALESCE(excluded.tracked, call_details.tracked),
        caller_half = COALESCE(excluded.caller_half, call_details.caller_half)`);
    this.upsertParty = db.prepare(`
      INSERT INTO parties (digits, name) VALUES (?, ?)
      ON CONFLICT (digits) DO UPDATE SET name = COALESCE(excluded.name, parties.name)
      RETURNING id`);
    this.existing = db.prepare('SELECT modified_ms, pending FROM calls WHERE id = ?');
    this.statesDelete = db.prepare('DELETE FROM call_states WHERE call_rowid = ?');
    this.stateInsert = db.prepare('INSERT OR IGNORE INTO call_states (state, start_ms, call_rowid) VALUES (?, ?, ?)');
    this.storedHalf = db.prepare('SELECT caller_half FROM call_details WHERE id = ?');
    this.halfOwner = db.prepare('SELECT call_id FROM merged_halves WHERE half_id = ?');
    this.halfOwnerInsert = db.prepare(
      'INSERT INTO merged_halves (half_id, call_id) VALUES (?, ?) ON CONFLICT (half_id) DO UPDATE SET call_id = excluded.call_id',
    );
    // Both by start time (an index range): the candidates for the other record of a two-record RingOut.
    this.inboundNear = db.prepare(
      "SELECT calls.id, calls.session_id, call_details.record FROM calls JOIN call_details USING (id) WHERE start_ms BETWEEN ? AND ? AND ring_out = 0 AND direction = 'Inbound' AND call_details.record IS NOT NULL",
    );
    this.ringOutNear = db.prepare(
      'SELECT calls.id, calls.session_id, call_details.record, call_details.tracked, call_details.caller_half FROM calls JOIN call_details USING (id) WHERE start_ms BETWEEN ? AND ? AND ring_out = 1 AND call_details.record IS NOT NULL',
    );
    this.pendingNear = db.prepare(
      'SELECT calls.id, call_details.tracked FROM calls JOIN call_details USING (id) WHERE pending = 1 AND record IS NULL AND start_ms BETWEEN ? AND ?',
    );
    this.trackedOf = db.prepare('SELECT tracked FROM call_details WHERE id = ?');
    this.rowDelete = db.prepare('DELETE FROM calls WHERE id = ? RETURNING rowid');
    this.detailsDelete = db.prepare('DELETE FROM call_details WHERE id = ?');
  }

  /**
   * Opens (or creates) the archive. Only a corrupt file is moved aside (`.corrupt-<time>`,
   * never deleted) and history comes back by sync; a busy file is retried; a newer
   * Ringside's archive or a read-only folder opens read-only with a reason for a notice.
   */
  static open(file: string, options: { busyRetries?: number; busyTimeoutMs?: number; integrityCheck?: boolean } = {}): ArchiveOpenResult {
    if (file === ':memory:') return { archive: Archive.openUnchecked(file), recovered: null, readOnly: null };
    // Folder 0700, archive 0600 (its -wal and -shm follow the archive's mode): others cannot read the history.
    ensurePrivateDir(path.dirname(file));
    ensurePrivateFile(file, ['-wal', '-shm']);
    // Each attempt waits up to the busy timeout (2 s): five retries froze startup for 15 s when
    // another program held the file; two attempts cover a sync writing a batch, then read-only.
    const retries = options.busyRetries ?? 1;
    const check = options.integrityCheck ?? uncleanEnd(file);
    for (let attempt = 0; ; attempt++) {
      try {
        return { archive: Archive.openUnchecked(file, options.busyTimeoutMs, check), recovered: null, readOnly: null, integrityChecked: check };
      } catch (error) {
        const code = sqliteCode(error);
        if (code === SQLITE.BUSY || code === SQLITE.LOCKED) {
          if (attempt < retries) {
            sleepSync(200 * (attempt + 1));
            continue;
          }
          // Another program holds the file: show what can be read, save nothing, say why.
          const reason =
            'Your call history file is in use by another program (another copy of Ringside?), so it is read-only this session: new calls are not saved. Quit the other program and restart Ringside.';
          return { archive: Archive.tryOpenReadOnly(file, reason) ?? Archive.openInMemory(reason), recovered: null, readOnly: reason };
        }
        if (error instanceof NewerSchemaError) {
          const reason = `${error.message}, so it is read-only here: shown, but not updated. Update Ringside to keep it current.`;
          return { archive: Archive.openReadOnly(file, reason), recovered: null, readOnly: reason };
        }
        if (code === SQLITE.READONLY || code === SQLITE.CANTOPEN || code === SQLITE.FULL) {
          const reason = `Ringside cannot write its call history file (${(error as Error).message}), so your call history is read-only this session: new calls are not saved.`;
          const archive = existsSync(file) ? Archive.tryOpenReadOnly(file, reason) : null;
          return { archive: archive ?? Archive.openInMemory(reason), recovered: null, readOnly: reason };
        }
        if (!isCorruption(error)) throw error;
        const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
        ensurePrivateFile(file);
        return { archive: Archive.openUnchecked(file), recovered: { movedTo, reason: (error as Error).message }, readOnly: null };
      }
    }
  }

  /** A newer Ringside's archive: read as it is, never written. */
  private static openReadOnly(file: string, reason: string): Archive {
    const db = Archive.readOnlyDatabase(file);
    return db ? new Archive(db, reason) : Archive.openInMemory(reason);
  }

  /** The archive as it is on disk, read-only (schema 5 or this one: both read alike); null when it cannot be read. */
  private static tryOpenReadOnly(file: string, reason: string): Archive | null {
    const db = Archive.readOnlyDatabase(file);
    if (!db) return null;
    try {
      const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
      if (version >= 5 && version <= ARCHIVE_SCHEMA_VERSION) return new Archive(db, reason);
    } catch {
      // unreadable: as if absent
    }
    db.close();
    return null;
  }

  /**
   * The file opened read-only, waiting out a writer like any connection. In a folder nobody
   * may write, SQLite cannot make the WAL's shared-memory file (SQLITE_READONLY_CANTINIT) and
   * refuses an ordinary read-only open: then `immutable=1` reads the file without it, but only
   * when no write-ahead log holds changes (immutable ignores the log and the locks, so it would
   * show stale history or read a page mid-write); a file merely busy never takes that path.
   */
  private static readOnlyDatabase(file: string): DatabaseSync | null {
    let db: DatabaseSync | null = null;
    try {
      db = new DatabaseSync(file, { readOnly: true });
      db.exec('PRAGMA busy_timeout = 2000');
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return db;
    } catch (error) {
      db?.close();
      const code = sqliteCode(error);
      if ((code !== SQLITE.READONLY && code !== SQLITE.CANTOPEN) || uncleanEnd(file)) return null;
    }
    const immutable = pathToFileURL(file);
    immutable.searchParams.set('immutable', '1');
    try {
      db = new DatabaseSync(immutable, { readOnly: true });
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return db;
    } catch {
      db?.close();
      return null;
    }
  }

  private static openInMemory(reason: string): Archive {
    const db = new DatabaseSync(':memory:');
    createTables(db);
    return new Archive(db, reason);
  }

  private static openUnchecked(file: string, busyTimeoutMs = 2000, integrityCheck = false): Archive {
    const db = new DatabaseSync(file);
    try {
      db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;`);
      if (integrityCheck) {
        const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
        if (check?.quick_check !== 'ok') throw new CorruptArchiveError(`integrity check failed: ${check?.quick_check ?? 'no answer'}`);
      }
      const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
      if (version > ARCHIVE_SCHEMA_VERSION) throw new NewerSchemaError(`Your call history was written by a newer Ringside (schema ${version})`);
      let legacy: Array<{ record: Uint8Array | string | null; tracked: Uint8Array | string | null }> = [];
      if (version > 0 && version < REBUILD_BELOW_VERSION) {
        // Older layouts: read every record and timeline, rebuild the tables, write them back.
        legacy = db.prepare(version < 3 ? 'SELECT record, tracked FROM calls' : 'SELECT record, tracked FROM call_details').all() as typeof legacy;
        // Rewriting every record through writeRecord also merges two-record RingOuts (schema 5): the
        // phantom Inbound row goes into its RingOut's row, kept whole as its caller half.
        db.exec(
          'DROP TABLE IF EXISTS calls_search; DROP TABLE IF EXISTS call_details; DROP TABLE IF EXISTS call_states; DROP TABLE IF EXISTS calls; DROP TABLE IF EXISTS parties; DROP TABLE IF EXISTS merged_halves;',
        );
      }
      createTables(db);
      // A full disk leaves it at schema 5 (see packSchema5), packed the rest of the way next time.
      const upToDate = version === 5 ? packSchema5(db) : true;
      const archive = new Archive(db);
      if (legacy.length > 0) {
        archive.transaction(() => {
          for (const row of legacy) {
            const tracked = decodeStoredJson<TrackedCall>(row.tracked);
            if (row.record) archive.writeRecord(decodeStoredJson<CallLogRecord>(row.record)!, tracked);
            else if (tracked) archive.writeUnconfirmed(tracked);
          }
        });
      }
      if (upToDate) db.exec(`PRAGMA user_version = ${ARCHIVE_SCHEMA_VERSION}`);
      return archive;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }

  /** One transaction (also for the sibling modules sharing this database). */
  transaction<T>(work: () => T): T {
    if (this.readOnly) throw new ArchiveReadOnlyError(this.readOnly);
    // Any write may change how many calls a filter matches.
    this.counts.clear();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        // SQLite rolls back by itself on some errors (a full disk): a second ROLLBACK would
        // replace the real error with "cannot rollback - no transaction is active".
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } catch (error) {
      throw sqliteCode(error) === SQLITE.FULL ? new ArchiveFullError() : error;
    }
  }

  /** Writes one call unless the archive already holds a newer version (a timeline or a caller half always goes in). */
  private write(
    values: Record<string, string | number | null>,
    details: { record: Uint8Array | null; tracked: Uint8Array | null; callerHalf?: Uint8Array | null },
    party: { number: string | null; name: string | null },
  ): void {
    const id = String(values['id']);
    const current = this.existing.get(id) as { modified_ms: number } | undefined;
    if (current && Number(values['modified_ms']) < current.modified_ms && !details.tracked && !details.callerHalf) return;
    const digits = digitsOf(party.number);
    const partyId = digits ? (this.upsertParty.get(digits, party.name) as { id: number }).id : null;
    const { rowid } = this.upsertCall.get({ ...values, party_id: partyId }) as { rowid: number };
    this.upsertDetails.run(id, details.record, details.tracked, details.callerHalf ?? null);
    this.statesDelete.run(rowid);
    for (const state of statesOf(values)) this.stateInsert.run(state, Number(values['start_ms']), rowid);
  }

  /** Removes a row whose call now lives in another row (a merged half, an adopted pending call). */
  private removeRow(id: string): void {
    const removed = this.rowDelete.get(id) as { rowid: number } | undefined;
    if (removed) this.statesDelete.run(removed.rowid);
    this.detailsDelete.run(id);
  }

  /**
   * Stores one call-log record. A RingOut's Inbound caller half (REALITY 12) goes into its
   * RingOut's row whichever comes first; a call Ringside tracked but could not confirm in time
   * ("not yet in the call log") is refined by its record here, when a sync brings it.
   */
  private writeRecord(record: CallLogRecord, tracked: TrackedCall | null): void {
    // A call the user deleted in RingCentral leaves the history (a merged caller half leaves its call as it is).
    if (record.deleted === true) return this.removeRow(record.id);
    if (!isRingOutRecord(record)) {
      if (record.direction === 'Inbound' && this.mergeIntoRingOut(record)) return;
      this.writeRow(record, null, tracked);
      return;
    }
    const half = this.callerHalfFor(record);
    const merged = half ? mergeRingOutPair(record, half) : record;
    let call = tracked;
    if (!call && (this.existing.get(record.id) as { pending: number } | undefined)?.pending) call = this.storedTracked(record.id);
    call ??= this.adoptPending(merged);
    if (call?.callLogPending && !recordLacksLeg(call, merged)) call = machine.confirmed(call, merged).call;
    this.writeRow(record, half, call);
  }

  private storedTracked(id: string): TrackedCall | null {
    const row = this.trackedOf.get(id) as { tracked: Uint8Array | string | null } | undefined;
    return decodeStoredJson<TrackedCall>(row?.tracked);
  }

  /** The caller half of a RingOut record: merged before, or a phantom Inbound row stored on its own. */
  private callerHalfFor(ringOut: CallLogRecord): CallLogRecord | null {
    const stored = this.storedHalf.get(ringOut.id) as { caller_half: Uint8Array | string | null } | undefined;
    if (stored?.caller_half) return decodeStoredJson<CallLogRecord>(stored.caller_half);
    const start = Date.parse(ringOut.startTime);
    let best: CallLogRecord | null = null;
    type Near = { id: string; session_id: string | null; record: Uint8Array | string };
    for (const row of this.inboundNear.all(start - CALLER_HALF_WINDOW_MS, start + CALLER_HALF_WINDOW_MS) as Near[]) {
      // Reading a record means inflating it: rule out most neighbours by their sessionId first.
      if (!callerHalfSessionFits(ringOut.sessionId, row.session_id)) continue;
      const candidate = decodeStoredJson<CallLogRecord>(row.record)!;
      if (!isRingOutCallerHalf(candidate, ringOut)) continue;
      if (!best || sessionDistance(ringOut, candidate) < sessionDistance(ringOut, best)) best = candidate;
    }
    if (!best) return null;
    this.removeRow(best.id);
    this.halfOwnerInsert.run(best.id, ringOut.id);
    return best;
  }

  /** Folds an Inbound caller half into its RingOut's row; false when it is an ordinary call. */
  private mergeIntoRingOut(half: CallLogRecord): boolean {
    const sessionId = Number(half.sessionId);
    if (!half.sessionId || !Number.isFinite(sessionId)) return false;
    const owner = (this.halfOwner.get(half.id) as { call_id: string } | undefined)?.call_id ?? null;
    // Its call was deleted in RingCentral (only a deletion removes a call that took a half): the half went with it.
    if (owner && !this.existing.get(owner)) return true;
    const start = Date.parse(half.startTime);
    type Stored = Uint8Array | string;
    type Near = { id: string; session_id: string | null; record: Stored; tracked: Stored | null; caller_half: Stored | null };
    let best: { row: Near; record: CallLogRecord } | null = null;
    for (const row of this.ringOutNear.all(start - CALLER_HALF_WINDOW_MS, start + CALLER_HALF_WINDOW_MS) as Near[]) {
      if (owner && row.id !== owner) continue;
      if (!callerHalfSessionFits(row.session_id, half.sessionId)) continue;
      const ringOut = decodeStoredJson<CallLogRecord>(row.record)!;
      // A RingOut already merged with another half is another call.
      if (row.caller_half && decodeStoredJson<CallLogRecord>(row.caller_half)!.id !== half.id) continue;
      if (!isRingOutCallerHalf(half, ringOut)) continue;
      if (!best || sessionDistance(ringOut, half) < sessionDistance(best.record, half)) best = { row, record: ringOut };
    }
    if (!best) return false;
    this.removeRow(half.id);
    this.halfOwnerInsert.run(half.id, best.row.id);
    this.writeRow(best.record, half, decodeStoredJson<TrackedCall>(best.row.tracked));
    return true;
  }

  /** A call Ringside saved as "not yet in the call log" that this record is: its row gives way to the record's. */
  private adoptPending(record: CallLogRecord): TrackedCall | null {
    const start = Date.parse(record.startTime);
    for (const row of this.pendingNear.all(start - MATCH_WINDOW_MS, start + MATCH_WINDOW_MS) as Array<{ id: string; tracked: Uint8Array | string | null }>) {
      const call = decodeStoredJson<TrackedCall>(row.tracked);
      if (!call) continue;
      const identity = { telephonySessionId: call.telephonySessionId, sessionId: call.sessionId, to: call.to, placedAt: call.createdAt };
      if (!matchCallRecord(identity, [record])) continue;
      this.removeRow(row.id);
      return { ...call, recordId: record.id };
    }
    return null;
  }

  /** The row of one call: a record (merged with its caller half), and what Ringside saw when it tracked it. */
  private writeRow(record: CallLogRecord, callerHalf: CallLogRecord | null, tracked: TrackedCall | null): void {
    const merged = callerHalf ? mergeRingOutPair(record, callerHalf) : record;
    const legs = deriveLegs(merged);
    let caller = { status: legs.callerStatus, state: legs.ringOut ? legState(legs.callerStatus) : null };
    let callee = { status: legs.calleeStatus, state: legs.ringOut ? legState(legs.calleeStatus) : null };
    // Null: derived from the legs when shown (toHistoryRow).
    let explanation: string | null = null;
    const pending = Boolean(tracked?.callLogPending);
    if (pending && tracked && recordLacksLeg(tracked, merged)) {
      // The record does not have every leg yet: what was seen live stands for the missing ones.
      if (legs.callerStatus === null) caller = { status: tracked.caller.raw, state: tracked.caller.state };
      if (legs.calleeStatus === null || legs.calleeStatus === NOT_CALLED) callee = { status: tracked.callee.raw, state: tracked.callee.state };
      explanation = [tracked.explanation, tracked.problem].filter(Boolean).join(' ') || null;
    }
    const other = merged.direction === 'Inbound' ? merged.from : merged.to;
    this.write(
      {
        id: record.id,
        start_ms: Date.parse(merged.startTime),
        modified_ms: Date.parse(merged.lastModifiedTime ?? merged.startTime) || 0,
        direction: merged.direction ?? null,
        action: merged.action ?? null,
        result: merged.result ?? null,
        result_state: legState(merged.result),
        from_number: merged.from?.phoneNumber ?? merged.from?.extensionNumber ?? null,
        from_name: merged.from?.name ?? null,
        to_number: merged.to?.phoneNumber ?? merged.to?.extensionNumber ?? null,
        to_name: merged.to?.name ?? tracked?.toName ?? null,
        duration: merged.duration ?? null,
        ring_out: legs.ringOut ? 1 : 0,
        caller_status: caller.status,
        callee_status: callee.status,
        caller_state: caller.state,
        callee_state: callee.state,
        explanation,
        session_id: merged.sessionId ?? null,
        tracked: tracked ? 1 : 0,
        pending: pending ? 1 : 0,
      },
      { record: encodeStoredJson(record), tracked: encodeStoredJson(tracked), callerHalf: encodeStoredJson(callerHalf) },
      { number: other?.phoneNumber ?? other?.extensionNumber ?? null, name: other?.name ?? (merged.direction === 'Inbound' ? null : tracked?.toName) ?? null },
    );
  }

  /** A call without a call-log record (outcome unknown, or refused): what Ringside saw, under its own id. */
  private writeUnconfirmed(call: TrackedCall): void {
    this.write(
      {
        id: `${UNCONFIRMED_PREFIX}${call.id}`,
        start_ms: call.createdAt,
        modified_ms: call.endedAt ?? call.createdAt,
        direction: 'Outbound',
        action: 'RingOut',
        result: call.phase === 'failed' ? 'Call Failed' : 'Unknown',
        result_state: call.phase === 'failed' ? 'failed' : 'unknown',
        from_number: call.from,
        from_name: null,
        to_number: call.to,
        to_name: call.toName,
        duration: call.endedAt ? Math.round((call.endedAt - call.createdAt) / 1000) : null,
        ring_out: 1,
        caller_status: call.caller.raw,
        callee_status: call.callee.raw,
        caller_state: call.caller.state,
        callee_state: call.callee.state,
        explanation: call.problem ? `${call.explanation ?? ''} ${call.problem}`.trim() : call.explanation,
        session_id: call.sessionId,
        tracked: 1,
        pending: call.callLogPending ? 1 : 0,
      },
      { record: null, tracked: encodeStoredJson(call) },
      { number: call.to, name: call.toName },
    );
  }

  /** Adds or updates call-log records in one transaction (all or nothing). */
  upsertRecords(records: readonly CallLogRecord[], meta?: Record<string, string>): void {
    this.transaction(() => {
      for (const record of records) this.writeRecord(record, null);
      if (meta) for (const [key, value] of Object.entries(meta)) this.setMetaUnsafe(key, value);
    });
  }

  /**
   * A large import (first sync of a big account, benchmarks): every record in one transaction,
   * and into an empty archive without the secondary indexes, which are built once at the end
   * (cheaper than keeping five indexes sorted row by row). Same rules as upsertRecords.
   */
  bulkLoad(records: Iterable<CallLogRecord>, onProgress?: (written: number) => void): number {
    let written = 0;
    this.transaction(() => {
      const empty = this.db.prepare('SELECT 1 FROM calls LIMIT 1').get() === undefined;
      if (empty)
        for (const name of ['calls_by_time', 'calls_by_session', 'calls_by_party', 'calls_by_direction', 'calls_by_kind'])
          this.db.exec(`DROP INDEX IF EXISTS ${name}`);
      for (const record of records) {
        this.writeRecord(record, null);
        if (++written % 50_000 === 0) onProgress?.(written);
      }
      if (empty) this.db.exec(SECONDARY_INDEXES);
    });
    onProgress?.(written);
    return written;
  }

  /** A call placed from Ringside: its record (when confirmed) plus the live timeline. */
  saveTracked(call: TrackedCall, record: CallLogRecord | null): void {
    this.transaction(() => {
      if (record) {
        this.writeRecord(record, call);
        // A note written while the call waited for its record follows it to the record.
        this.annotations.moveAnnotation(`${UNCONFIRMED_PREFIX}${call.id}`, record.id);
      } else this.writeUnconfirmed(call);
    });
  }

  /** The SQLite database, for the sibling modules (analytics) that query it. */
  get database(): DatabaseSync {
    return this.db;
  }

  /**
   * A filter as SQL. With an outcome, calls are reached through `call_states` (state, start
   * time, call): its key already orders them newest-first and bounds the time range, so no
   * `IN (…)` set of every matching call is built (61 ms at 72k matches in 1M calls).
   */
  private where(filter: HistoryFilter): Where {
    const clauses: string[] = [];
    const params: Array<string | number> = [];
    const viaStates = !!filter.outcome;
    const start = viaStates ? 's.start_ms' : 'start_ms';
    if (viaStates) {
      clauses.push('s.state = ?');
      params.push(filter.outcome!);
    }
    if (filter.from !== undefined) {
      clauses.push(`${start} >= ?`);
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      clauses.push(`${start} <= ?`);
      params.push(filter.to);
    }
    if (filter.direction) {
      clauses.push('direction = ?');
      params.push(filter.direction);
    }
    if (filter.ringOutOnly) clauses.push('ring_out = 1');
    if (filter.disposition) {
      clauses.push(DISPOSITION_FILTER_SQL);
      params.push(filter.disposition);
    }
    const search = filter.search?.trim();
    if (search) {
      const digits = digitsOf(search);
      const byNumber = digits.length >= 3 && /^[\d\s()+.-]+$/.test(search);
      // The other party, by part of a number in any format, or by part of a name.
      if (byNumber) {
        clauses.push('party_id IN (SELECT id FROM parties WHERE digits LIKE ?)');
        params.push(`%${digits}%`);
      } else {
        // A name from the call log or the contacts cache, or the user's note or disposition.
        const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        clauses.push(`(party_id IN (SELECT id FROM parties WHERE name LIKE ? ESCAPE '\\') OR ${CONTACT_NAME_SEARCH_SQL} OR ${ANNOTATION_SEARCH_SQL})`);
        params.push(pattern, pattern, pattern, pattern);
      }
    }
    const sql = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return viaStates
      ? {
          source: 'call_states s JOIN calls ON calls.rowid = s.call_rowid',
          sql,
          params,
          start: 's.start_ms',
          tie: 's.call_rowid',
          byStateOnly: !filter.direction && !search,
        }
      : { source: 'calls', sql, params, start: 'start_ms', tie: 'id', byStateOnly: false };
  }

  /**
   * One page of calls matching a filter (newest first) and how many match in all. The count
   * is remembered per filter until the next write, so paging through a list counts once.
   */
  query(filter: HistoryFilter = {}): { rows: HistoryRow[]; total: number } {
    const where = this.where(filter);
    const limit = Math.max(1, Math.min(filter.limit ?? 100, 10_000));
    const offset = Math.max(0, filter.offset ?? 0);
    const total = this.countOf(filter, where);
    if (offset >= total) return { rows: [], total };
    const { sql, params, start, tie } = where;
    const order = `${start} DESC, ${tie}`;
    // When many calls match a search, walking calls newest-first and testing each is cheaper
    // than collecting every match and sorting it; for a few matches, the reverse.
    const source = where.source === 'calls' && total > 2000 && filter.search ? 'calls INDEXED BY calls_by_time' : where.source;
    // Deep pages: skip over index entries only, then read the page's rows; OFFSET on the
    // rows themselves reads every skipped row (27 ms at offset 50k of 100k).
    const rows = (offset > limit
      ? this.statement(
          `SELECT * FROM calls WHERE rowid IN (SELECT ${tie === 'id' ? 'rowid' : tie} FROM ${source} ${sql} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY start_ms DESC, ${tie === 'id' ? 'id' : 'rowid'}`,
        )
      : this.statement(`SELECT calls.* FROM ${source} ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    ).all(...params, limit, offset) as unknown as Row[];
    return { rows: this.annotations.enrich(rows.map(toHistoryRow)), total };
  }

  private countOf(filter: HistoryFilter, where: Where): number {
    const key = `${where.sql}\u0000${where.params.join('\u0000')}`;
    const known = this.counts.get(key);
    if (known !== undefined) return known;
    let total: number;
    if (where.byStateOnly) {
      // Outcome (+ time, + RingOut only): counted on call_states' key alone. An ordinary
      // call's only state is its result's, so RingOut calls = all with the state − ordinary ones.
      const time = (column: string) => `${filter.from !== undefined ? ` AND ${column} >= ?` : ''}${filter.to !== undefined ? ` AND ${column} <= ?` : ''}`;
      const range = [filter.from, filter.to].filter((v): v is number => v !== undefined);
      total = (this.statement(`SELECT count(*) AS n FROM call_states WHERE state = ?${time('start_ms')}`).get(filter.outcome!, ...range) as { n: number }).n;
      if (filter.ringOutOnly)
        total -= (
          this.statement(`SELECT count(*) AS n FROM calls WHERE ring_out = 0 AND result_state = ?${time('start_ms')}`).get(filter.outcome!, ...range) as {
            n: number;
          }
        ).n;
    } else {
      total = (this.statement(`SELECT count(*) AS n FROM ${where.source} ${where.sql}`).get(...where.params) as { n: number }).n;
    }
    if (this.counts.size >= 64) this.counts.clear();
    this.counts.set(key, total);
    return total;
  }

  /** Prepared once per distinct SQL text (filters combine into a few dozen shapes at most). */
  private statement(sql: string): StatementSync {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      if (this.statements.size >= 200) this.statements.clear();
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /**
   * Every row matching a filter, newest first, in pages that continue after the last row
   * seen (start time, id), so each page costs the same at row 1 and at row 1,000,000. Rows
   * are read one at a time, never a page array: arrays of 2,000 rows outlived V8's young
   * generation and took a streamed export's RSS from 70 to 237 MB at 100k calls.
   */
  *iterate(filter: HistoryFilter = {}, pageSize = 250, max = Number.POSITIVE_INFINITY): Generator<ExportRow> {
    const { source, sql, params, start, tie } = this.where({ ...filter, limit: undefined, offset: undefined });
    // The ids of the records folded into each call (a two-record RingOut's caller half), for the export.
    const halves = "(SELECT group_concat(half_id, ' ') FROM merged_halves WHERE call_id = calls.id) AS halves";
    const select = `SELECT calls.*, ${halves}, ${tie === 'id' ? 'calls.id' : tie} AS tie FROM ${source}`;
    // Statements of this export alone (two exports may run at once), rows read one at a time.
    const first = this.db.prepare(`${select} ${sql} ORDER BY ${start} DESC, ${tie} LIMIT ?`);
    // `start <= last` alone bounds the index range (an OR at the top would scan from the
    // newest call for every page); the rest skips the calls already given at that time.
    const after = this.db.prepare(
      `${select} ${sql ? `${sql} AND` : 'WHERE'} ${start} <= ? AND (${start} < ? OR ${tie} > ?) ORDER BY ${start} DESC, ${tie} LIMIT ?`,
    );
    let page = first.iterate(...params, pageSize);
    let given = 0;
    for (;;) {
      let last: (Row & { tie: string | number; halves: string | null }) | null = null;
      // One page at a time (small: 250 rows), so notes and names are looked up per page.
      const rows: HistoryRow[] = [];
      const recordIds: string[][] = [];
      for (const row of page as Iterable<Row & { tie: string | number; halves: string | null }>) {
        last = row;
        rows.push(toHistoryRow(row));
        recordIds.push(row.id.startsWith(UNCONFIRMED_PREFIX) ? [] : [row.id, ...(row.halves ? row.halves.split(' ') : [])]);
      }
      const enriched = this.annotations.enrich(rows);
      for (let i = 0; i < enriched.length; i++) {
        if (given++ >= max) return;
        yield { ...enriched[i]!, recordIds: recordIds[i]! };
      }
      if (rows.length < pageSize || !last) return;
      page = after.iterate(...params, last.start_ms, last.start_ms, last.tie, pageSize);
    }
  }

  detail(id: string): { row: HistoryRow; record: CallLogRecord | null; tracked: TrackedCall | null } | null {
    const row = this.db
      .prepare(
        'SELECT calls.*, call_details.record AS record_json, call_details.tracked AS tracked_json FROM calls LEFT JOIN call_details USING (id) WHERE id = ?',
      )
      .get(id) as (Row & { record_json: Uint8Array | string | null; tracked_json: Uint8Array | string | null }) | undefined;
    if (!row) {
      // A merged caller half's id leads to its call.
      const owner = (this.halfOwner.get(id) as { call_id: string } | undefined)?.call_id;
      return owner && owner !== id ? this.detail(owner) : null;
    }
    const record = decodeStoredJson<CallLogRecord>(row.record_json);
    const half = decodeStoredJson<CallLogRecord>((this.storedHalf.get(id) as { caller_half: Uint8Array | string | null } | undefined)?.caller_half);
    return {
      row: this.annotations.enrich([toHistoryRow(row)])[0]!,
      record: record && half ? mergeRingOutPair(record, half) : record,
      tracked: decodeStoredJson<TrackedCall>(row.tracked_json),
    };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n;
  }

  getMeta(key: string): string | null {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    if (this.readOnly) return;
    this.setMetaUnsafe(key, value);
  }

  private setMetaUnsafe(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
