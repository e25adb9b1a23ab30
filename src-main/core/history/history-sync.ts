import type { Clock, Logger } from '../ports';
import type { RingCentralApi } from '../ringcentral/api';
import type { Archive } from './archive';
import { Emitter, type Event } from '../../../src-shared/emitter';
import { IDLE_SYNC, type SyncProgress } from '../../../src-shared/history';

interface InitialCursor {
  dateFrom: string;
  dateTo: string;
  nextPage: number;
  fetched: number;
  total: number | null;
  done: boolean;
}

/** The core is stopping: the run ends quietly, its cursor saved after the last whole page. */
class SyncStoppedError extends Error {}

const CURSOR_KEY = 'sync.initial';
const TOKEN_KEY = 'sync.token';
const LAST_RUN_KEY = 'sync.lastRun';
const PAGE_SIZE = 1000;
/** ISync returns at most 250 records; a full answer means there may be more. */
const ISYNC_LIMIT = 250;

/**
 * Fills the archive from RingCentral's Detailed call log. The initial sync pages through a
 * fixed date window with the largest pages (fewest Heavy requests) and saves its cursor in
 * the same transaction as each page, so it resumes exactly where it stopped. After it,
 * incremental sync asks call-log-sync (ISync) for records added or changed since last time.
 */
export class HistorySync {
  private readonly progressed = new Emitter<SyncProgress>();
  readonly onProgress: Event<SyncProgress> = this.progressed.event;
  private running: Promise<SyncProgress> | null = null;
  private stopped = false;
  private last: SyncProgress = { ...IDLE_SYNC };

  constructor(
    private readonly api: RingCentralApi,
    private readonly archive: Archive,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly initialDays = 90,
  ) {}

  get progress(): SyncProgress {
    return this.last;
  }

  private report(progress: SyncProgress): void {
    this.last = progress;
    this.progressed.fire(progress);
  }

  /** Runs the initial sync (or its remainder) or an incremental one; one run at a time. */
  run(): Promise<SyncProgress> {
    if (this.stopped) return Promise.resolve({ ...this.last, phase: 'idle' });
    this.running ??= this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** No further pages after the one in flight; resolves when the run has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private throwIfStopped(): void {
    if (this.stopped) throw new SyncStoppedError();
  }

  private async runOnce(): Promise<SyncProgress> {
    try {
      const cursor = this.cursor();
      if (!cursor.done) await this.initial(cursor);
      else await this.incremental();
      this.archive.setMeta(LAST_RUN_KEY, new Date(this.clock.now()).toISOString());
      const done: SyncProgress = { phase: 'idle', fetched: this.last.fetched, total: this.last.total, message: null };
      this.report(done);
      return done;
    } catch (error) {
      if (error instanceof SyncStoppedError) {
        const idle: SyncProgress = { ...this.last, phase: 'idle', message: null };
        this.report(idle);
        return idle;
      }
      this.logger.warn('History sync stopped; it will resume', { error: (error as Error).message });
      const failed: SyncProgress = { ...this.last, phase: 'error', message: (error as Error).message };
      this.report(failed);
      return failed;
    }
  }

  private cursor(): InitialCursor {
    const saved = this.archive.getMeta(CURSOR_KEY);
    if (saved) {
      try {
        return JSON.parse(saved) as InitialCursor;
      } catch {
        // A damaged cursor restarts the initial sync; upserts make that harmless.
      }
    }
    const now = this.clock.now();
    return { dateFrom: new Date(now - this.initialDays * 86_400_000).toISOString(), dateTo: new Date(now).toISOString(), nextPage: 1, fetched: 0, total: null, done: false };
  }

  private async initial(start: InitialCursor): Promise<void> {
    let cursor = start;
    this.report({ phase: 'initial', fetched: cursor.fetched, total: cursor.total, message: null });
    for (;;) {
      this.throwIfStopped();
      const page = await this.api.callLogPage({ dateFrom: cursor.dateFrom, dateTo: cursor.dateTo, perPage: PAGE_SIZE, page: cursor.nextPage }, 'sync');
      const fetched = cursor.fetched + page.records.length;
      this.throwIfStopped();
      cursor = { ...cursor, nextPage: cursor.nextPage + 1, fetched, total: page.totalElements ?? cursor.total, done: !page.hasNextPage };
      this.archive.upsertRecords(page.records, { [CURSOR_KEY]: JSON.stringify(cursor) });
      this.report({ phase: 'initial', fetched, total: cursor.total, message: null });
      if (cursor.done) break;
    }
    // A sync token for the incremental syncs to come.
    const token = await this.api.callLogSync({ syncType: 'FSync', recordCount: 1 });
    this.throwIfStopped();
    this.archive.upsertRecords(token.records, { [TOKEN_KEY]: token.syncToken });
  }

  private async incremental(): Promise<void> {
    let fetched = 0;
    this.report({ phase: 'incremental', fetched, total: null, message: null });
    for (let round = 0; round < 20; round++) {
      this.throwIfStopped();
      const token = this.archive.getMeta(TOKEN_KEY);
      const answer = token
        ? await this.api.callLogSync({ syncType: 'ISync', syncToken: token }).catch(async (error: unknown) => {
            // An expired token: start a new sync frame (records are upserted, nothing doubles).
            if ((error as { kind?: string }).kind !== 'badRequest') throw error;
            return this.api.callLogSync({ syncType: 'FSync', recordCount: ISYNC_LIMIT });
          })
        : await this.api.callLogSync({ syncType: 'FSync', recordCount: ISYNC_LIMIT });
      this.throwIfStopped();
      this.archive.upsertRecords(answer.records, { [TOKEN_KEY]: answer.syncToken });
      fetched += answer.records.length;
      this.report({ phase: 'incremental', fetched, total: null, message: null });
      if (answer.records.length < ISYNC_LIMIT) break;
    }
  }
}
