import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { DEFAULT_DISPOSITIONS, dispositionListSchema, type Annotation, type QuickNumber } from '../../../src-shared/annotations';
import { otherPartyName, otherPartyNumber, type HistoryRow } from '../../../src-shared/history-row';
import type { LegState } from '../../../src-shared/leg-state';
import { digitsOf } from '../../../src-shared/phone-numbers';
import type { ContactNames } from './contacts-cache';
import type { TeamShares } from './team-shares';

/** Notes, dispositions and favourites (schema 5): the user's own words, kept apart from call-log data. */
export const ANNOTATIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS call_annotations (call_id TEXT PRIMARY KEY, note TEXT, disposition TEXT, updated_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS call_annotations_by_disposition ON call_annotations (disposition);
CREATE TABLE IF NOT EXISTS favourites (digits TEXT PRIMARY KEY, number TEXT NOT NULL, added_ms INTEGER NOT NULL);
`;

const DISPOSITIONS_KEY = 'dispositions';

/** SQL matched against a history row's id for a search text (`?` twice: note, disposition). */
export const ANNOTATION_SEARCH_SQL = "id IN (SELECT call_id FROM call_annotations WHERE note LIKE ? ESCAPE '\\' OR disposition LIKE ? ESCAPE '\\')";
/** SQL matched against a row's party for a name in the contacts cache (`?` once). */
export const CONTACT_NAME_SEARCH_SQL =
  "party_id IN (SELECT parties.id FROM contact_names JOIN parties ON parties.digits = contact_names.digits WHERE contact_names.name LIKE ? ESCAPE '\\')";
/** SQL for the disposition filter (`?` once). */
export const DISPOSITION_FILTER_SQL = 'id IN (SELECT call_id FROM call_annotations WHERE disposition = ?)';

interface RecentRow {
  to_number: string | null;
  from_number: string | null;
  to_name: string | null;
  from_name: string | null;
  direction: string | null;
  start_ms: number;
  ring_out: number;
  caller_state: string | null;
  callee_state: string | null;
  result: string | null;
  party_id: number | null;
}

/** The user's notes and dispositions on calls, their favourite numbers, and what rows show of them. */
export class Annotations {
  private readonly get: StatementSync;
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;
  private readonly favouriteGet: StatementSync;
  /** Team mode: each field edited here also waits to be shared with the team archive (set by the archive). */
  teamShares: TeamShares | null = null;

  constructor(
    private readonly db: DatabaseSync,
    private readonly names: ContactNames,
    private readonly meta: { get(key: string): string | null; set(key: string, value: string): void },
    /** Told of every write: what a filter or search matches may have changed. */
    private readonly changed: () => void = () => undefined,
    /** The archive's transaction: refuses every write of a read-only archive, in words. */
    private readonly write: <T>(work: () => T) => T = (work) => work(),
    /** Told of each call's new note or disposition, inside the write's transaction (the webhook outbox). */
    private readonly annotated: (callId: string) => void = () => undefined,
  ) {
    this.get = db.prepare('SELECT note, disposition FROM call_annotations WHERE call_id = ?');
    this.upsert = db.prepare(
      'INSERT INTO call_annotations (call_id, note, disposition, updated_ms) VALUES (?, ?, ?, ?) ON CONFLICT (call_id) DO UPDATE SET note = excluded.note, disposition = excluded.disposition, updated_ms = excluded.updated_ms',
    );
    this.remove = db.prepare('DELETE FROM call_annotations WHERE call_id = ?');
    this.favouriteGet = db.prepare('SELECT 1 FROM favourites WHERE digits = ?');
  }

  annotation(callId: string): Annotation {
    const row = this.get.get(callId) as { note: string | null; disposition: string | null } | undefined;
    return { note: row?.note ?? null, disposition: row?.disposition ?? null };
  }

  /**
   * Saves a call's note and disposition; an empty note and no disposition remove the entry.
   * In team mode each field that changed also waits to be shared (`fromTeam`: the team's own
   * value arriving, shared already).
   */
  annotate(callId: string, annotation: Annotation, now: number, fromTeam = false): Annotation {
    const note = annotation.note?.trim() ? annotation.note.trim() : null;
    const disposition = annotation.disposition?.trim() || null;
    this.write(() => {
      const before = this.annotation(callId);
      if (note === null && disposition === null) this.remove.run(callId);
      else this.upsert.run(callId, note, disposition, now);
      this.annotated(callId);
      if (!fromTeam && this.teamShares) {
        if (before.note !== note) this.teamShares.queue(callId, 'note', note, now);
        if (before.disposition !== disposition) this.teamShares.queue(callId, 'disposition', disposition, now);
      }
    });
    this.changed();
    return { note, disposition };
  }

  /** A call placed from Ringside gets its record's id once confirmed: its note goes with it. */
  moveAnnotation(fromId: string, toId: string): void {
    if (fromId === toId) return;
    this.teamShares?.moveCall(fromId, toId);
    const moving = this.get.get(fromId) as { note: string | null; disposition: string | null } | undefined;
    if (!moving) return;
    if (!this.get.get(toId)) this.upsert.run(toId, moving.note, moving.disposition, Date.now());
    this.remove.run(fromId);
  }

  dispositions(): string[] {
    const saved = this.meta.get(DISPOSITIONS_KEY);
    if (saved === null) return [...DEFAULT_DISPOSITIONS];
    const parsed = dispositionListSchema.safeParse(JSON.parse(saved));
    return parsed.success ? parsed.data : [...DEFAULT_DISPOSITIONS];
  }

  /** The user's list; calls keep a disposition removed from it (it is their history). */
  setDispositions(list: readonly string[]): string[] {
    const parsed = dispositionListSchema.parse(list.map((d) => d.trim()));
    this.write(() => this.meta.set(DISPOSITIONS_KEY, JSON.stringify(parsed)));
    return parsed;
  }

  isFavourite(number: string): boolean {
    return Boolean(this.favouriteGet.get(digitsOf(number)));
  }

  setFavourite(number: string, favourite: boolean, now: number): boolean {
    const digits = digitsOf(number);
    if (!digits) return false;
    this.write(() => {
      if (favourite)
        this.db
          .prepare('INSERT INTO favourites (digits, number, added_ms) VALUES (?, ?, ?) ON CONFLICT (digits) DO UPDATE SET number = excluded.number')
          .run(digits, number, now);
      else this.db.prepare('DELETE FROM favourites WHERE digits = ?').run(digits);
    });
    return favourite;
  }

  private quick(number: string, favourite: boolean, last: RecentRow | undefined, callLogName: string | null): QuickNumber {
    return {
      number,
      name: this.names.resolve(number, callLogName).name,
      favourite,
      last: last
        ? {
            startTime: new Date(last.start_ms).toISOString(),
            ringOut: last.ring_out === 1,
            callerState: last.caller_state as LegState | null,
            calleeState: last.callee_state as LegState | null,
            result: last.result,
          }
        : null,
    };
  }

  /** Favourites (oldest starred first) and the most recent numbers called, each with its last call. */
  quickNumbers(recentLimit = 6): { favourites: QuickNumber[]; recents: QuickNumber[] } {
    const lastByParty = this.db.prepare(
      'SELECT calls.* FROM parties JOIN calls INDEXED BY calls_by_party ON calls.party_id = parties.id WHERE parties.digits = ? ORDER BY calls.start_ms DESC LIMIT 1',
    );
    const favouriteRows = this.db.prepare('SELECT digits, number FROM favourites ORDER BY added_ms').all() as Array<{ digits: string; number: string }>;
    const favourites = favouriteRows.map((f) => {
      const last = lastByParty.get(f.digits) as RecentRow | undefined;
      return this.quick(f.number, true, last, last ? (last.direction === 'Inbound' ? last.from_name : last.to_name) : null);
    });
    // Newest outbound calls first; a few hundred rows through the start index hold the recent numbers.
    const rows = this.db
      .prepare("SELECT * FROM calls INDEXED BY calls_by_time WHERE direction = 'Outbound' ORDER BY start_ms DESC LIMIT 400")
      .all() as unknown as RecentRow[];
    const seen = new Set(favouriteRows.map((f) => f.digits));
    const recents: QuickNumber[] = [];
    for (const row of rows) {
      const digits = digitsOf(row.to_number);
      if (!row.to_number || !digits || seen.has(digits)) continue;
      seen.add(digits);
      recents.push(this.quick(row.to_number, false, row, row.to_name));
      if (recents.length >= recentLimit) break;
    }
    return { favourites, recents };
  }

  /** Adds names, notes, dispositions and stars to one page of rows (a page: a few queries, not one per row). */
  enrich(rows: HistoryRow[]): HistoryRow[] {
    if (rows.length === 0) return rows;
    const ids = rows.map((r) => r.id);
    const notes = new Map(
      (
        this.db.prepare(`SELECT call_id, note, disposition FROM call_annotations WHERE call_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as Array<{
          call_id: string;
          note: string | null;
          disposition: string | null;
        }>
      ).map((a) => [a.call_id, a]),
    );
    const digits = [...new Set(rows.map((r) => digitsOf(otherPartyNumber(r))).filter(Boolean))];
    const stars = new Set(
      digits.length
        ? (
            this.db.prepare(`SELECT digits FROM favourites WHERE digits IN (${digits.map(() => '?').join(',')})`).all(...digits) as Array<{ digits: string }>
          ).map((f) => f.digits)
        : [],
    );
    return rows.map((row) => {
      const number = otherPartyNumber(row);
      const resolved = this.names.resolve(number, otherPartyName(row));
      const annotation = notes.get(row.id);
      return {
        ...row,
        contactName: resolved.name,
        nameSource: resolved.source,
        otherNames: resolved.others.map((o) => o.name),
        note: annotation?.note ?? null,
        disposition: annotation?.disposition ?? null,
        favourite: stars.has(digitsOf(number)),
      };
    });
  }
}
