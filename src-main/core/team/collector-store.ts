/**
 * The team archive as the personal sync's archive (history-sync.ts SyncArchive), for the
 * collector: HistorySync reads and writes its meta (cursor, sync token, where the archive is
 * complete from) synchronously, the team archive answers asynchronously. So the meta lives in
 * memory, loaded from `collector_state` when the lease is taken (only the lease holder writes
 * it), and every batch of records goes to PostgreSQL with the meta after it in one transaction
 * (CollectorLease.ingest), in order. The collector waits for the batches (`flush`) before each
 * request to RingCentral: a page is committed, cursor and all, before the next one is asked
 * for, so a collector that dies loses at most the page in flight, and its successor resumes
 * from the last committed cursor. A batch that fails (the lease lost, the server gone) stops
 * every later one: the collector then ends and the next one starts from the database again.
 */
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { SyncArchive } from '../history/history-sync';
import type { CollectorLease } from './collector-lease';
import type { TeamRecord } from './team-calls';

/** Whose call a record of the company call log is: its `extension.id` (also on its legs). */
export function extensionOf(record: CallLogRecord): string {
  type WithExtension = { extension?: { id?: number | string } };
  const own = (record as WithExtension).extension?.id ?? record.legs?.map((leg) => (leg as WithExtension).extension?.id).find((id) => id !== undefined);
  // A record that names no extension is the account's own (e.g. a call to the main number nobody took).
  return own === undefined ? 'account' : String(own);
}

export class CollectorStore implements SyncArchive {
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  /** Start times (ms) of the records this collector wrote, by id: the progress line's count. */
  private readonly written = new Map<string, number>();

  private constructor(
    private readonly lease: CollectorLease,
    private readonly meta: Map<string, string>,
  ) {}

  /** The store of a lease just taken: the sync's meta as the last collector committed it. */
  static async open(lease: CollectorLease): Promise<CollectorStore> {
    const saved = await lease.cursor();
    let meta: Record<string, string> = {};
    try {
      const parsed: unknown = saved ? JSON.parse(saved) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, string>;
    } catch {
      // A cursor this collector cannot read starts the sync afresh; upserts by id make that harmless.
    }
    return new CollectorStore(lease, new Map(Object.entries(meta).filter(([, v]) => typeof v === 'string')));
  }

  getMeta(key: string): string | null {
    return this.meta.get(key) ?? null;
  }

  setMeta(key: string, value: string): void {
    this.meta.set(key, value);
    this.enqueue([]);
  }

  upsertRecords(records: readonly CallLogRecord[], meta: Record<string, string> = {}): void {
    for (const [key, value] of Object.entries(meta)) this.meta.set(key, value);
    for (const record of records) this.written.set(record.id, Date.parse(record.startTime));
    this.enqueue(records.map((record) => ({ extensionId: extensionOf(record), record })));
  }

  /** Records this collector wrote that started in the window (a two-record RingOut counts twice: an estimate for progress). */
  countBetween(from: number, to?: number): number {
    let total = 0;
    for (const start of this.written.values()) if (start >= from && (to === undefined || start <= to)) total += 1;
    return total;
  }

  /** Resolves when every batch so far is committed; rejects with the first batch's failure. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
  }

  private enqueue(records: TeamRecord[]): void {
    const cursor = JSON.stringify(Object.fromEntries(this.meta));
    this.pending = this.pending.then(async () => {
      if (this.failure) return;
      try {
        await this.lease.ingest(records, cursor);
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
      }
    });
  }
}
