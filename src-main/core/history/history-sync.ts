import type { Clock, Logger } from '../ports';
import type { RingCentralApi } from '../ringcentral/api';
import type { Archive } from './archive';
import { Emitter, type Event } from '../../../src-shared/emitter';
import { IDLE_SYNC, type SyncProgress } from '../../../src-shared/history';
import type { CallLogRecord } from '../../../src-shared/call-log';

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
/** The server's time of the last sync answer: where a date-window read picks up. */
const SINCE_KEY = 'sync.since';
const LAST_RUN_KEY = 'sync.lastRun';
/** A Detailed call-log page holds at most 250 records (REALITY 24): asking for more is silently cut. */
export const CALL_LOG_PAGE_SIZE = 250;
/** ISync returns at most 250 records; a full answer means there may be more. */
const ISYNC_LIMIT = 250;
/**
 * How far before the last sync a date-window read starts: records appear late (often ~30 s,
 * sometimes minutes) and are modified later (REALITY 14); a day of records is one page or two.
 */
const LATE_MARGIN_MS = 86_400_000;

/** One answer's records with each id once, the newest version kept (FSync answers may repeat). */
function uniqueById(records: readonly CallLogRecord[]): CallLogRecord[] {
  const byId = new Map<string, CallLogRecord>();
  const modified = (r: CallLogRecord) => Date.parse(r.lastModifiedTime ?? r.startTime) || 0;
  for (const record of records) {
    const seen = byId.get(record.id);
    if (!seen || modified(record) >= modified(seen)) byId.set(record.id, record);
  }
  return [...byId.values()];
}

/**
 * Fills the archive from RingCentral's Detailed call log, gap-free. The first sync takes a
 * sync token before anything else (so whatever appears or changes while it runs comes with
 * the next incremental sync), pages through a fixed date window with the largest pages a
 * Detailed read allows (250, REALITY 24), saving its cursor in the same transaction as each
 * page so it resumes exactly where it stopped, then reads from the window's end to now.
 * Incremental syncs ask call-log-sync (ISync, with deleted records) for what was added,
 * changed or deleted; when the answer is full (250) or the server forced a full sync (FSync),
 * a date-window read from the last sync covers what the answer could not carry. When the
 * token is refused (expired, reset, or more than 250 changes: REALITY 26), the whole synced
 * window is read again like a first sync. Every read names its window (REALITY 25). Paging
 * follows `navigation.nextPage` only (REALITY 16); records are upserted by id, so overlaps
 * never double anything.
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

  private report(progress: Omit<SyncProgress, 'completeFrom' | 'depthFrom' | 'secondsLeft' | 'requestsPerMinute'> & Partial<SyncProgress>): void {
    progress = { completeFrom: null, depthFrom: null, secondsLeft: null, requestsPerMinute: null, ...progress };
    this.last = progress as SyncProgress;
    this.progressed.fire(this.last);
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
      this.report({ ...this.last, phase: 'idle', message: null });
      return this.last;
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
    const now = this.api.planner.serverTime.now();
    return {
      dateFrom: new Date(now - this.initialDays * 86_400_000).toISOString(),
      dateTo: new Date(now).toISOString(),
      nextPage: 1,
      fetched: 0,
      total: null,
      done: false,
    };
  }

  /**
   * A sync token for the incremental syncs to come, with the server time it stands for; `meta`
   * is saved in the same transaction (a re-read's cursor goes in with the token that starts it).
   */
  private async takeToken(meta: Record<string, string> = {}): Promise<string> {
    const token = await this.api.callLogSync({ syncType: 'FSync', recordCount: 1 });
    this.throwIfStopped();
    this.archive.upsertRecords(token.records, { [TOKEN_KEY]: token.syncToken, [SINCE_KEY]: token.syncTime, ...meta });
    return token.syncTime;
  }

  private async initial(start: InitialCursor, tokenTaken = false): Promise<void> {
    let cursor = start;
    // The token first: anything that appears or changes from now on comes with the next ISync,
    // including records of calls made during this sync and late records inside the window.
    if (!tokenTaken && !this.archive.getMeta(TOKEN_KEY)) await this.takeToken();
    this.report({ phase: 'initial', fetched: cursor.fetched, total: cursor.total, message: null });
    while (!cursor.done) {
      this.throwIfStopped();
      const page = await this.api.callLogPage({ dateFrom: cursor.dateFrom, dateTo: cursor.dateTo, perPage: CALL_LOG_PAGE_SIZE, page: cursor.nextPage }, 'sync');
      const fetched = cursor.fetched + page.records.length;
      this.throwIfStopped();
      // Totals only when the answer has them (many omit them, REALITY 16); the end is known by nextPage.
      cursor = { ...cursor, nextPage: cursor.nextPage + 1, fetched, total: page.totalElements ?? null, done: !page.hasNextPage };
      this.archive.upsertRecords(page.records, { [CURSOR_KEY]: JSON.stringify(cursor) });
      this.report({ phase: 'initial', fetched, total: cursor.total, message: null });
    }
    // From the window's end to now: the calls made while the window was read.
    const caughtUp = await this.readWindow(Date.parse(cursor.dateTo) + 1, (n) =>
      this.report({ phase: 'initial', fetched: cursor.fetched + n, total: null, message: null }),
    );
    const fetched = cursor.fetched + caughtUp;
    this.report({ phase: 'initial', fetched, total: fetched, message: null });
  }

  /** Reads every record that started from `fromMs` to now, page by page; returns how many came. */
  private async readWindow(fromMs: number, onPage: (fetched: number) => void): Promise<number> {
    const dateFrom = new Date(fromMs).toISOString();
    const dateTo = new Date(this.api.planner.serverTime.now() + 60_000).toISOString();
    let fetched = 0;
    for (let page = 1; ; page++) {
      this.throwIfStopped();
      const answer = await this.api.callLogPage({ dateFrom, dateTo, perPage: CALL_LOG_PAGE_SIZE, page }, 'sync');
      this.throwIfStopped();
      this.archive.upsertRecords(answer.records);
      fetched += answer.records.length;
      onPage(fetched);
      if (!answer.hasNextPage) return fetched;
    }
  }

  private async incremental(): Promise<void> {
    this.report({ phase: 'incremental', fetched: 0, total: null, message: null });
    this.throwIfStopped();
    const token = this.archive.getMeta(TOKEN_KEY);
    const since = Date.parse(this.archive.getMeta(SINCE_KEY) ?? this.archive.getMeta(LAST_RUN_KEY) ?? '') || null;
    let answer;
    try {
      // showDeleted: a call the user deleted in RingCentral is told only here (REALITY 26).
      answer = token
        ? await this.api.callLogSync({ syncType: 'ISync', syncToken: token, showDeleted: true })
        : await this.api.callLogSync({ syncType: 'FSync', recordCount: ISYNC_LIMIT });
    } catch (error) {
      // An expired or reset token, or more than 250 changes since it (REALITY 26): whatever
      // changed since the last sync, old records included, is learnt only by reading it all again.
      if ((error as { kind?: string }).kind !== 'badRequest' || !token) throw error;
      this.logger.info('Call-log sync token refused; reading the synced window again', { errorCode: (error as { errorCode?: string }).errorCode ?? null });
      await this.reread();
      return;
    }
    this.throwIfStopped();
    // A forced FSync replaces the token; its records are de-duplicated by id. Deleted records leave the archive.
    const records = uniqueById(answer.records);
    this.archive.upsertRecords(records, { [TOKEN_KEY]: answer.syncToken, [SINCE_KEY]: answer.syncTime });
    let fetched = records.length;
    this.report({ phase: 'incremental', fetched, total: null, message: null });
    const full = answer.records.length >= ISYNC_LIMIT;
    if (full || answer.syncType === 'FSync' || !token) {
      // The answer may not carry every change since the last sync: read the date window too.
      const from = (since ?? this.api.planner.serverTime.now()) - LATE_MARGIN_MS;
      fetched += await this.readWindow(from, (n) => this.report({ phase: 'incremental', fetched: records.length + n, total: null, message: null }));
      this.report({ phase: 'incremental', fetched, total: null, message: null });
    }
  }

  /**
   * The full-sync fallback: a new token, then the whole synced window read again page by page
   * (from where the first sync started to now), then the date window to now, exactly as the
   * first sync, resumable at every page. Records are upserted by id, so nothing doubles.
   */
  private async reread(): Promise<void> {
    const first = this.cursor();
    const start = Date.parse(first.dateFrom) || this.api.planner.serverTime.now() - this.initialDays * 86_400_000;
    const cursor: InitialCursor = {
      dateFrom: new Date(start).toISOString(),
      dateTo: new Date(this.api.planner.serverTime.now()).toISOString(),
      nextPage: 1,
      fetched: 0,
      total: null,
      done: false,
    };
    // The cursor goes in with the new token: stopped in between, the next run resumes the re-read.
    await this.takeToken({ [CURSOR_KEY]: JSON.stringify(cursor) });
    await this.initial(cursor, true);
  }
}
