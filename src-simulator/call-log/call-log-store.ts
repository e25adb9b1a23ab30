import { toView, type CallLogView } from './record-builder';

type Json = Record<string, unknown>;

/** A stored record plus what the real service knows but does not always show. */
export interface StoredRecord {
  record: Json;
  id: string;
  extensionId: number;
  startMs: number;
  modifiedMs: number;
  telephonySessionId: string | null;
  /** Wall-clock time from which list/sync answers include it (records lag the call). */
  visibleFrom: number;
  /** Numbers on the record and its legs, digits only, for the phoneNumber filter. */
  numbers: Set<string>;
  /** When the user deleted it in RingCentral (null: not deleted): only an ISync still tells (REALITY 26). */
  deletedAt?: number | null;
}

export interface CallLogQuery {
  /** User-level queries see one extension; account-level queries see all. */
  extensionId: number | null;
  extensionNumberOf?: (extensionNumber: string) => number | null;
  view: CallLogView;
  dateFrom: number;
  dateTo: number;
  types: string[];
  directions: string[];
  phoneNumber: string | null;
  extensionNumber: string | null;
  sessionId: string | null;
  telephonySessionId: string | null;
  transports: string[];
  /** recordingType / withRecording filters: only calls with recordings (none are recorded here). */
  recordedOnly: boolean;
  page: number;
  perPage: number;
}

/** A query with no filter (every record of the account, the Simple view), `overrides` on top: for tests and tools. */
export function callLogQuery(overrides: Partial<CallLogQuery> = {}): CallLogQuery {
  return {
    extensionId: null,
    view: 'Simple',
    dateFrom: 0,
    dateTo: Date.now() + 60_000,
    types: [],
    directions: [],
    phoneNumber: null,
    extensionNumber: null,
    sessionId: null,
    telephonySessionId: null,
    transports: [],
    recordedOnly: false,
    page: 1,
    perPage: 10_000_000,
    ...overrides,
  };
}

function digits(value: unknown): string | null {
  return typeof value === 'string' ? value.replace(/\D/g, '') : null;
}

function collectNumbers(record: Json): Set<string> {
  const numbers = new Set<string>();
  const add = (p: unknown) => {
    const n = digits((p as { phoneNumber?: unknown } | undefined)?.phoneNumber);
    if (n) numbers.add(n);
  };
  add(record['from']);
  add(record['to']);
  for (const leg of (record['legs'] as Json[] | undefined) ?? []) {
    add(leg['from']);
    add(leg['to']);
  }
  return numbers;
}

/** All call-log records, newest first, with the query and sync behaviour of the real API. */
export class CallLogStore {
  private records: StoredRecord[] = [];
  private readonly byId = new Map<string, StoredRecord>();

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.records.length;
  }

  /** Adds or replaces a record (a replaced record keeps its place by startTime). */
  upsert(record: Json, meta: { extensionId: number; telephonySessionId?: string | null; visibleFrom?: number }): StoredRecord {
    const id = String(record['id']);
    const existing = this.byId.get(id);
    if (existing) this.records.splice(this.records.indexOf(existing), 1);
    const stored: StoredRecord = {
      record,
      id,
      extensionId: meta.extensionId,
      startMs: Date.parse(String(record['startTime'])),
      modifiedMs: Date.parse(String(record['lastModifiedTime'] ?? record['startTime'])),
      telephonySessionId: meta.telephonySessionId ?? null,
      visibleFrom: meta.visibleFrom ?? 0,
      numbers: collectNumbers(record),
    };
    this.insertSorted(stored);
    this.byId.set(id, stored);
    return stored;
  }

  /** Bulk load for seeding: one sort instead of one insertion per record. */
  addMany(items: Array<{ record: Json; extensionId: number }>): void {
    for (const { record, extensionId } of items) {
      const id = String(record['id']);
      const stored: StoredRecord = {
        record,
        id,
        extensionId,
        startMs: Date.parse(String(record['startTime'])),
        modifiedMs: Date.parse(String(record['lastModifiedTime'] ?? record['startTime'])),
        telephonySessionId: null,
        visibleFrom: 0,
        numbers: collectNumbers(record),
      };
      this.byId.set(id, stored);
      this.records.push(stored);
    }
    this.records.sort((a, b) => b.startMs - a.startMs);
  }

  private insertSorted(stored: StoredRecord): void {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.records[mid]!.startMs >= stored.startMs) lo = mid + 1;
      else hi = mid;
    }
    this.records.splice(lo, 0, stored);
  }

  private visible(stored: StoredRecord): boolean {
    return stored.visibleFrom <= this.now() && !stored.deletedAt;
  }

  /** The user deletes a record in RingCentral: it leaves every list and FSync; an ISync reports it (REALITY 26). */
  delete(id: string): boolean {
    const stored = this.byId.get(id);
    if (!stored || stored.deletedAt) return false;
    stored.deletedAt = this.now();
    stored.modifiedMs = stored.deletedAt;
    return true;
  }

  get(id: string, extensionId: number | null): StoredRecord | null {
    const stored = this.byId.get(id);
    if (!stored || !this.visible(stored)) return null;
    if (extensionId !== null && stored.extensionId !== extensionId) return null;
    return stored;
  }

  /** Touches a record as the service does when it updates one later (lastModifiedTime). */
  touch(id: string, change: (record: Json) => void): boolean {
    const stored = this.byId.get(id);
    if (!stored) return false;
    change(stored.record);
    const modified = this.now();
    stored.record['lastModifiedTime'] = new Date(modified).toISOString();
    stored.modifiedMs = modified;
    stored.numbers = collectNumbers(stored.record);
    return true;
  }

  query(q: CallLogQuery): { records: Json[]; total: number } {
    const phone = q.phoneNumber ? q.phoneNumber.replace(/\D/g, '') : null;
    const extensionFilter = q.extensionNumber && q.extensionNumberOf ? q.extensionNumberOf(q.extensionNumber) : null;
    const matches: StoredRecord[] = [];
    for (const stored of this.records) {
      if (stored.startMs > q.dateTo) continue;
      if (stored.startMs < q.dateFrom) break; // newest first: nothing older matches
      if (!this.visible(stored)) continue;
      if (q.extensionId !== null && stored.extensionId !== q.extensionId) continue;
      if (q.extensionNumber && stored.extensionId !== extensionFilter) continue;
      const r = stored.record;
      if (q.types.length > 0 && !q.types.includes(String(r['type']))) continue;
      if (q.directions.length > 0 && !q.directions.includes(String(r['direction']))) continue;
      if (q.transports.length > 0 && !q.transports.includes(String(r['transport']))) continue;
      if (q.recordedOnly && !r['recording']) continue;
      if (q.sessionId && r['sessionId'] !== q.sessionId) continue;
      if (q.telephonySessionId && stored.telephonySessionId !== q.telephonySessionId) continue;
      if (phone && !stored.numbers.has(phone)) continue;
      matches.push(stored);
    }
    const start = (q.page - 1) * q.perPage;
    return {
      records: matches.slice(start, start + q.perPage).map((s) => toView(s.record, q.view)),
      total: matches.length,
    };
  }

  /**
   * Records of one extension (null: every extension's) modified after `sinceMs` (ISync), newest first, up to `limit`;
   * deleted ones only with `withDeleted`. `changed` counts them all (the service refuses past 250).
   */
  modifiedSince(extensionId: number | null, sinceMs: number, limit: number, withDeleted = false): { records: StoredRecord[]; changed: number } {
    const now = this.now();
    const changed = this.records.filter(
      (s) =>
        (extensionId === null || s.extensionId === extensionId) &&
        s.visibleFrom <= now &&
        (s.deletedAt ? withDeleted && s.deletedAt > sinceMs : Math.max(s.modifiedMs, s.visibleFrom) > sinceMs),
    );
    return { records: changed.slice(0, limit), changed: changed.length };
  }

  /** The newest `count` records of one extension (null: of every extension) since `dateFrom` (FSync). */
  newest(extensionId: number | null, dateFrom: number, count: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const stored of this.records) {
      if (stored.startMs < dateFrom || out.length >= count) break;
      if ((extensionId === null || stored.extensionId === extensionId) && this.visible(stored)) out.push(stored);
    }
    return out;
  }

  clear(): void {
    this.records = [];
    this.byId.clear();
  }
}
