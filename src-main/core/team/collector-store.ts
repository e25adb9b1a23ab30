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
 * The progress line's count is the archive's own, counted when the batches are flushed (so it
 * trails by the page in flight), rather than kept in memory per record written: a collector
 * running for months would hold every id it ever wrote.
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
  /** The window the progress line last asked about, and the archive's count for it at the last flush. */
  private asked: { from: number; to: number | undefined } | null = null;
  private counted: { from: number; to: number | undefined; calls: number } | null = null;

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
    this.enqueue(records.map((record) => ({ extensionId: extensionOf(record), record })));
  }

  /** The calls the archive held in the window at the last flush (0 for a window not counted yet). */
  countBetween(from: number, to?: number): number {
    this.asked = { from, to };
    return this.counted && this.counted.from === from && this.counted.to === to ? this.counted.calls : 0;
  }

  /** Resolves when every batch so far is committed, and the progress line's window counted; rejects with the first batch's failure. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
    const asked = this.asked;
    if (asked) this.counted = { ...asked, calls: await this.lease.countBetween(asked.from, asked.to) };
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
