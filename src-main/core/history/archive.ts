import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import { legState } from '../../../src-shared/leg-state';
import { deriveLegs } from '../ringout/derive-legs';
import { explainOutcome } from '../ringout/explain';
import type { HistoryFilter, HistoryRow } from './history-types';

export const ARCHIVE_SCHEMA_VERSION = 2;

export interface ArchiveOpenResult {
  archive: Archive;
  /** Set when the file on disk could not be used and was set aside (never deleted). */
  recovered: { movedTo: string; reason: string } | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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
  duration INTEGER,
  ring_out INTEGER NOT NULL,
  caller_status TEXT,
  callee_status TEXT,
  caller_state TEXT,
  callee_state TEXT,
  explanation TEXT,
  session_id TEXT,
  record TEXT,
  tracked TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_start ON calls (start_ms DESC);
CREATE INDEX IF NOT EXISTS calls_by_session ON calls (session_id);
-- Search rows share the rowid of their call (looked up by rowid, never scanned by id).
CREATE VIRTUAL TABLE IF NOT EXISTS calls_search USING fts5 (text, tokenize = 'trigram');
`;

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
  tracked: string | null;
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
    explanation: row.explanation,
    tracked: row.tracked !== null,
  };
}

/** Text the search index holds for a call: names and numbers with and without punctuation. */
function searchText(values: Array<string | null | undefined>): string {
  return values
    .filter((v): v is string => !!v)
    .flatMap((v) => [v, v.replace(/\D/g, '')])
    .join(' ');
}

/**
 * The local call archive: SQLite (node:sqlite, no native module to download) in WAL mode,
 * every write in a transaction so a crash never leaves half a batch, records upserted by id
 * keeping the newest lastModifiedTime, full-text (trigram) search over names and numbers.
 */
export class Archive {
  private readonly insert: StatementSync;
  private readonly rowidOf: StatementSync;
  private readonly searchDelete: StatementSync;
  private readonly searchInsert: StatementSync;

  private constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare(`
      INSERT INTO calls (id, start_ms, modified_ms, direction, action, result, result_state, from_number, from_name, to_number, to_name,
        duration, ring_out, caller_status, callee_status, caller_state, callee_state, explanation, session_id, record, tracked)
      VALUES (:id, :start_ms, :modified_ms, :direction, :action, :result, :result_state, :from_number, :from_name, :to_number, :to_name,
        :duration, :ring_out, :caller_status, :callee_status, :caller_state, :callee_state, :explanation, :session_id, :record, :tracked)
      ON CONFLICT (id) DO UPDATE SET
        start_ms = excluded.start_ms, modified_ms = excluded.modified_ms, direction = excluded.direction, action = excluded.action,
        result = excluded.result, result_state = excluded.result_state, from_number = excluded.from_number, from_name = excluded.from_name,
        to_number = excluded.to_number, to_name = excluded.to_name, duration = excluded.duration, ring_out = excluded.ring_out,
        caller_status = excluded.caller_status, callee_status = excluded.callee_status, caller_state = excluded.caller_state,
        callee_state = excluded.callee_state, explanation = excluded.explanation, session_id = excluded.session_id, record = excluded.record,
        tracked = COALESCE(excluded.tracked, calls.tracked)
      WHERE excluded.modified_ms >= calls.modified_ms OR excluded.tracked IS NOT NULL`);
    this.rowidOf = db.prepare('SELECT rowid FROM calls WHERE id = ?');
    this.searchDelete = db.prepare('DELETE FROM calls_search WHERE rowid = ?');
    this.searchInsert = db.prepare('INSERT INTO calls_search (rowid, text) VALUES (?, ?)');
  }

  /**
   * Opens (or creates) the archive. A file that is not a usable database is moved aside
   * with a `.corrupt-<time>` suffix and a fresh archive is started; history then comes back
   * from RingCentral's call log by sync.
   */
  static open(file: string): ArchiveOpenResult {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    try {
      return { archive: Archive.openUnchecked(file), recovered: null };
    } catch (error) {
      if (file === ':memory:') throw error;
      const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix);
      return { archive: Archive.openUnchecked(file), recovered: { movedTo, reason: (error as Error).message } };
    }
  }

  private static openUnchecked(file: string): Archive {
    const db = new DatabaseSync(file);
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000;');
      const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
      if (check?.quick_check !== 'ok') throw new Error(`integrity check failed: ${check?.quick_check ?? 'no answer'}`);
      const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
      if (version > ARCHIVE_SCHEMA_VERSION) throw new Error(`archive was written by a newer Ringside (schema ${version})`);
      if (version === 1) {
        // v1 kept the search index keyed by id (slow to update): rebuild it keyed by rowid.
        db.exec('DROP TABLE IF EXISTS calls_search');
      }
      db.exec(SCHEMA);
      if (version === 1) {
        db.exec("INSERT INTO calls_search (rowid, text) SELECT rowid, concat_ws(' ', from_number, from_name, to_number, to_name) FROM calls");
      }
      db.exec(`PRAGMA user_version = ${ARCHIVE_SCHEMA_VERSION}`);
      return new Archive(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private write(values: Record<string, string | number | null>, search: string): void {
    this.insert.run(values);
    const { rowid } = this.rowidOf.get(String(values['id'])) as { rowid: number };
    this.searchDelete.run(rowid);
    this.searchInsert.run(rowid, search);
  }

  private recordValues(record: CallLogRecord, tracked: TrackedCall | null): Record<string, string | number | null> {
    const legs = deriveLegs(record);
    return {
      id: record.id,
      start_ms: Date.parse(record.startTime),
      modified_ms: Date.parse(record.lastModifiedTime ?? record.startTime) || 0,
      direction: record.direction ?? null,
      action: record.action ?? null,
      result: record.result ?? null,
      result_state: legState(record.result),
      from_number: record.from?.phoneNumber ?? record.from?.extensionNumber ?? null,
      from_name: record.from?.name ?? null,
      to_number: record.to?.phoneNumber ?? record.to?.extensionNumber ?? null,
      to_name: record.to?.name ?? null,
      duration: record.duration ?? null,
      ring_out: legs.ringOut ? 1 : 0,
      caller_status: legs.callerStatus,
      callee_status: legs.calleeStatus,
      caller_state: legs.ringOut ? legState(legs.callerStatus) : null,
      callee_state: legs.ringOut ? legState(legs.calleeStatus) : null,
      explanation: legs.ringOut ? explainOutcome(legs.callerStatus, legs.calleeStatus) : null,
      session_id: record.sessionId ?? null,
      record: JSON.stringify(record),
      tracked: tracked ? JSON.stringify(tracked) : null,
    };
  }

  /** Adds or updates call-log records in one transaction (all or nothing). */
  upsertRecords(records: readonly CallLogRecord[], meta?: Record<string, string>): void {
    this.transaction(() => {
      for (const record of records) {
        this.write(this.recordValues(record, null), searchText([record.from?.phoneNumber, record.from?.name, record.to?.phoneNumber, record.to?.name]));
      }
      if (meta) for (const [key, value] of Object.entries(meta)) this.setMetaUnsafe(key, value);
    });
  }

  /** A call placed from Ringside: its record (when confirmed) plus the live timeline. */
  saveTracked(call: TrackedCall, record: CallLogRecord | null): void {
    this.transaction(() => {
      if (record) {
        this.write(this.recordValues(record, call), searchText([record.from?.phoneNumber, record.from?.name, record.to?.phoneNumber, record.to?.name, call.toName]));
        return;
      }
      // No record (outcome unknown or refused): keep what Ringside saw, under its own id.
      this.write(
        {
          id: `ringside:${call.id}`,
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
          record: null,
          tracked: JSON.stringify(call),
        },
        searchText([call.to, call.from, call.toName]),
      );
    });
  }

  private where(filter: HistoryFilter): { sql: string; params: Array<string | number> } {
    const clauses: string[] = [];
    const params: Array<string | number> = [];
    if (filter.from !== undefined) {
      clauses.push('start_ms >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      clauses.push('start_ms <= ?');
      params.push(filter.to);
    }
    if (filter.direction) {
      clauses.push('direction = ?');
      params.push(filter.direction);
    }
    if (filter.ringOutOnly) clauses.push('ring_out = 1');
    if (filter.outcome) {
      clauses.push('(caller_state = ? OR callee_state = ? OR (ring_out = 0 AND result_state = ?))');
      params.push(filter.outcome, filter.outcome, filter.outcome);
    }
    const search = filter.search?.trim();
    if (search) {
      const digits = search.replace(/\D/g, '');
      const term = digits.length >= 3 && /^[\d\s()+.-]+$/.test(search) ? digits : search;
      if (term.length >= 3) {
        clauses.push('rowid IN (SELECT rowid FROM calls_search WHERE calls_search MATCH ?)');
        params.push(`"${term.replace(/"/g, '""')}"`);
      } else {
        // Trigram search needs three characters; shorter text is matched directly.
        clauses.push("(to_name LIKE ? ESCAPE '\\' OR from_name LIKE ? ESCAPE '\\' OR to_number LIKE ? ESCAPE '\\' OR from_number LIKE ? ESCAPE '\\')");
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        params.push(like, like, like, like);
      }
    }
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  query(filter: HistoryFilter = {}): { rows: HistoryRow[]; total: number } {
    const { sql, params } = this.where(filter);
    const limit = Math.max(1, Math.min(filter.limit ?? 100, 10_000));
    const offset = Math.max(0, filter.offset ?? 0);
    const rows = this.db.prepare(`SELECT * FROM calls ${sql} ORDER BY start_ms DESC, id LIMIT ? OFFSET ?`).all(...params, limit, offset) as unknown as Row[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM calls ${sql}`).get(...params) as { n: number }).n;
    return { rows: rows.map(toHistoryRow), total };
  }

  /** Every row matching a filter, in pages (export of large archives without one huge array). */
  *iterate(filter: HistoryFilter = {}, pageSize = 2000): Generator<HistoryRow> {
    for (let offset = 0; ; offset += pageSize) {
      const { rows } = this.query({ ...filter, limit: pageSize, offset });
      yield* rows;
      if (rows.length < pageSize) return;
    }
  }

  detail(id: string): { row: HistoryRow; record: CallLogRecord | null; tracked: TrackedCall | null } | null {
    const row = this.db.prepare('SELECT * FROM calls WHERE id = ?').get(id) as (Row & { record: string | null }) | undefined;
    if (!row) return null;
    return { row: toHistoryRow(row), record: row.record ? (JSON.parse(row.record) as CallLogRecord) : null, tracked: row.tracked ? (JSON.parse(row.tracked) as TrackedCall) : null };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n;
  }

  getMeta(key: string): string | null {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.setMetaUnsafe(key, value);
  }

  private setMetaUnsafe(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
