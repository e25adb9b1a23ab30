import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import { mergeRingOutPair } from '../ringout/merge-records';
import type { HistoryFilter } from '../../../src-shared/history';
import { digitsOf } from '../../../src-shared/phone-numbers';
import type { HistoryRow } from '../../../src-shared/history-row';
import { ANNOTATION_SEARCH_SQL, type Annotations, CONTACT_NAME_SEARCH_SQL, DISPOSITION_FILTER_SQL } from './annotations';
import { type Row, toHistoryRow, UNCONFIRMED_PREFIX } from './archive-rows';
import type { RingOutPairing } from './archive-pairing';
import { decodeStoredJson } from './stored-json';
import type { ExportRow } from './export';

/** The first archive schema that keeps `party_calls`. */
const PARTY_CALLS_SINCE = 8;

/** A filter as SQL: rows come from `source`, ordered by `start` DESC then `tie`. */
interface Where {
  source: string;
  sql: string;
  params: Array<string | number>;
  start: string;
  tie: string;
  /** Outcome with at most a time range and RingOut only: countable on call_states' key. */
  byStateOnly: boolean;
  /** A search alone (or no filter): countable from the party counts (schema 8) as this SQL. */
  byParties?: { sql: string; params: Array<string | number> };
}

/** Reading calls: one page of a filter and its count, every row for an export, one call's detail. */
export class ArchiveQueries {
  /** Matching-call counts by filter, valid until the next write. */
  private readonly counts = new Map<string, number>();
  private readonly statements = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly annotations: Annotations,
    private readonly pairing: RingOutPairing,
  ) {}

  /** Any write may change how many calls a filter matches. */
  forgetCounts(): void {
    this.counts.clear();
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
    const searchOnly = clauses.length === 0 && !viaStates;
    let byParties: Where['byParties'] = searchOnly
      ? { sql: 'SELECT (SELECT coalesce(sum(calls), 0) FROM party_calls) + (SELECT count(*) FROM calls WHERE party_id IS NULL) AS n', params: [] }
      : undefined;
    if (search) {
      const digits = digitsOf(search);
      const byNumber = digits.length >= 3 && /^[\d\s()+.-]+$/.test(search);
      // The other party, by part of a number in any format, or by part of a name.
      if (byNumber) {
        const byDigits = 'party_id IN (SELECT id FROM parties WHERE digits LIKE ?)';
        clauses.push(byDigits);
        params.push(`%${digits}%`);
        if (byParties) byParties = { sql: `SELECT coalesce(sum(calls), 0) AS n FROM party_calls WHERE ${byDigits}`, params: [`%${digits}%`] };
      } else {
        // A name from the call log or the contacts cache, or the user's note or disposition.
        const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const byName = `(party_id IN (SELECT id FROM parties WHERE name LIKE ? ESCAPE '\\') OR ${CONTACT_NAME_SEARCH_SQL})`;
        clauses.push(`(${byName} OR ${ANNOTATION_SEARCH_SQL})`);
        params.push(pattern, pattern, pattern, pattern);
        // The calls of the matching parties, plus the calls found by their note alone (few: notes are the user's).
        if (byParties)
          byParties = {
            sql: `SELECT (SELECT coalesce(sum(calls), 0) FROM party_calls WHERE ${byName}) + (SELECT count(*) FROM calls WHERE ${ANNOTATION_SEARCH_SQL} AND NOT coalesce(${byName}, 0)) AS n`,
            params: [pattern, pattern, pattern, pattern, pattern, pattern],
          };
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
      : { source: 'calls', sql, params, start: 'start_ms', tie: 'id', byStateOnly: false, byParties };
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
    } else if (where.byParties && this.hasPartyCounts()) {
      total = (this.statement(where.byParties.sql).get(...where.byParties.params) as { n: number }).n;
    } else {
      total = (this.statement(`SELECT count(*) AS n FROM ${where.source} ${where.sql}`).get(...where.params) as { n: number }).n;
    }
    if (this.counts.size >= 64) this.counts.clear();
    this.counts.set(key, total);
    return total;
  }

  private partyCountsKept = false;

  /** Whether `party_calls` is complete (schema 8 or later; an older archive read as it is has none). */
  private hasPartyCounts(): boolean {
    this.partyCountsKept ||= (this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version >= PARTY_CALLS_SINCE;
    return this.partyCountsKept;
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
      const owner = (this.pairing.halfOwner.get(id) as { call_id: string } | undefined)?.call_id;
      return owner && owner !== id ? this.detail(owner) : null;
    }
    const record = decodeStoredJson<CallLogRecord>(row.record_json);
    const half = decodeStoredJson<CallLogRecord>((this.pairing.storedHalf.get(id) as { caller_half: Uint8Array | string | null } | undefined)?.caller_half);
    return {
      row: this.annotations.enrich([toHistoryRow(row)])[0]!,
      record: record && half ? mergeRingOutPair(record, half) : record,
      tracked: decodeStoredJson<TrackedCall>(row.tracked_json),
    };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n;
  }

  /** Calls that started from `from` to `to` (open-ended without it), counted on the index without building a row. */
  countBetween(from: number, to?: number): number {
    const sql = `SELECT count(*) AS n FROM calls WHERE start_ms >= ?${to === undefined ? '' : ' AND start_ms <= ?'}`;
    return (this.statement(sql).get(from, ...(to === undefined ? [] : [to])) as { n: number }).n;
  }
}
