import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import type { HistoryFilter } from '../../../src-shared/history';
import type { HistoryRow } from '../../../src-shared/history-row';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files';
import { Annotations } from './annotations';
import { ContactNames } from './contacts-cache';
import { decodeStoredJson } from './stored-json';
import type { ExportRow } from './export';
import {
  ARCHIVE_SCHEMA_VERSION,
  ArchiveFullError,
  ArchiveReadOnlyError,
  buildCounts,
  CorruptArchiveError,
  createTables,
  dropCountTriggers,
  isCorruption,
  NewerSchemaError,
  packSchema5,
  rebuildCounts,
  REBUILD_BELOW_VERSION,
  SECONDARY_INDEXES,
  SQLITE,
  sleepSync,
  sqliteCode,
  storeFactsNotWords,
  uncleanEnd,
} from './archive-schema';
import { CallRows, UNCONFIRMED_PREFIX } from './archive-rows';
import { RingOutPairing } from './archive-pairing';
import { ArchiveQueries } from './archive-queries';
import { TeamShares } from './team-shares';

export { ARCHIVE_SCHEMA_VERSION, ArchiveFullError, ArchiveReadOnlyError };

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
 * The local call archive: SQLite (node:sqlite, no native module to download) in WAL mode,
 * every write in a transaction so a crash never leaves half a batch, records upserted by id
 * keeping the newest lastModifiedTime, indexed search by the other party's name or number.
 * A facade over its rooms: archive-schema (tables, migrations, open errors), archive-rows (a
 * call's row), archive-pairing (RingOut halves, pending calls), archive-queries (lists, counts,
 * export, detail).
 */
export class Archive {
  /** Names from the user's contacts and the company directory (schema 5). */
  readonly names: ContactNames;
  /** Notes, dispositions and favourites (schema 5). */
  readonly annotations: Annotations;
  /** Team mode: edits waiting for the team archive, and who wrote what the desktop shows (team-shares.ts). */
  readonly teamShares: TeamShares;
  private readonly rows: CallRows;
  private readonly pairing: RingOutPairing;
  private readonly queries: ArchiveQueries;
  /** Told of each call written, inside its transaction (the webhook outbox: webhooks/call-reporter.ts). */
  private callObserver: ((rowId: string, placed: boolean) => void) | null = null;

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
      () => this.queries.forgetCounts(),
      (work) => this.transaction(work),
      (callId) => this.callObserver?.(callId, false),
    );
    this.teamShares = new TeamShares(db, (work) => this.transaction(work), readOnly !== null);
    this.annotations.teamShares = this.teamShares;
    this.rows = new CallRows(db);
    this.pairing = new RingOutPairing(db, this.rows, (fromId, toId) => this.annotations.moveAnnotation(fromId, toId));
    this.queries = new ArchiveQueries(db, this.annotations, this.pairing);
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
      let upToDate = version === 5 ? packSchema5(db) : true;
      // Schema 7 (from 5 or 6): facts instead of stored words (see storeFactsNotWords).
      if (upToDate && version >= REBUILD_BELOW_VERSION && version < 7) upToDate = storeFactsNotWords(db);
      // Schema 8: the analytics roll-up and party counts for the calls already there (later writes keep them by trigger).
      if (upToDate && version > 0 && version < 8) upToDate = buildCounts(db);
      const archive = new Archive(db);
      if (legacy.length > 0) {
        archive.transaction(() => {
          for (const row of legacy) {
            const tracked = decodeStoredJson<TrackedCall>(row.tracked);
            if (row.record) archive.pairing.writeRecord(decodeStoredJson<CallLogRecord>(row.record)!, tracked);
            else if (tracked) archive.rows.writeUnconfirmed(tracked);
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

  /** Whoever reports call changes (the webhook outbox) writes its rows in the same transaction as each change. */
  observeCalls(observer: (rowId: string, placed: boolean) => void): void {
    this.callObserver = observer;
  }

  /** One transaction (also for the sibling modules sharing this database); inside one, `work` joins it. */
  transaction<T>(work: () => T): T {
    if (this.readOnly) throw new ArchiveReadOnlyError(this.readOnly);
    if (this.db.isTransaction) return work();
    // Any write may change how many calls a filter matches.
    this.queries.forgetCounts();
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

  /** Adds or updates call-log records in one transaction (all or nothing). */
  upsertRecords(records: readonly CallLogRecord[], meta?: Record<string, string>): void {
    this.transaction(() => {
      for (const record of records) {
        this.pairing.writeRecord(record, null);
        this.callObserver?.(record.id, false);
      }
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
      if (empty) {
        for (const name of ['calls_by_time', 'calls_by_session', 'calls_by_party', 'calls_by_direction', 'calls_by_kind'])
          this.db.exec(`DROP INDEX IF EXISTS ${name}`);
        dropCountTriggers(this.db);
      }
      for (const record of records) {
        this.pairing.writeRecord(record, null);
        if (++written % 50_000 === 0) onProgress?.(written);
      }
      if (empty) {
        this.db.exec(SECONDARY_INDEXES);
        rebuildCounts(this.db);
      }
    });
    onProgress?.(written);
    return written;
  }

  /** A call placed from Ringside: its record (when confirmed) plus the live timeline. */
  saveTracked(call: TrackedCall, record: CallLogRecord | null): void {
    this.transaction(() => {
      if (record) {
        this.pairing.writeRecord(record, call);
        // A note written while the call waited for its record follows it to the record.
        this.annotations.moveAnnotation(`${UNCONFIRMED_PREFIX}${call.id}`, record.id);
      } else this.rows.writeUnconfirmed(call);
      this.callObserver?.(record ? record.id : `${UNCONFIRMED_PREFIX}${call.id}`, true);
    });
  }

  /** The SQLite database, for the sibling modules (analytics) that query it. */
  get database(): DatabaseSync {
    return this.db;
  }

  /**
   * One page of calls matching a filter (newest first) and how many match in all. The count
   * is remembered per filter until the next write, so paging through a list counts once.
   */
  query(filter: HistoryFilter = {}): { rows: HistoryRow[]; total: number } {
    return this.queries.query(filter);
  }

  /** Every row matching a filter, newest first, in pages (see ArchiveQueries.iterate). */
  iterate(filter: HistoryFilter = {}, pageSize = 250, max = Number.POSITIVE_INFINITY): Generator<ExportRow> {
    return this.queries.iterate(filter, pageSize, max);
  }

  detail(id: string): { row: HistoryRow; record: CallLogRecord | null; tracked: TrackedCall | null } | null {
    return this.queries.detail(id);
  }

  count(): number {
    return this.queries.count();
  }

  countBetween(from: number, to?: number): number {
    return this.queries.countBetween(from, to);
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
