import type { Clock, Logger } from '../ports';
import type { RingCentralApi } from '../ringcentral/api';
import { Emitter, type Event } from '../../../src-shared/emitter';
import { IDLE_SYNC, type SyncProgress } from '../../../src-shared/history';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { CALL_LOG_PAGE_SIZE, estimateTotal, fillCursorOf, newFill, type FillCursor, type LegacyCursor } from './sync-fill';
import { heavyRequestsPerMinute, secondsForHeavy } from './sync-pace';

/** How far back the sync reads, in days; null = everything RingCentral still keeps. A function is asked at each page. */
export type HistoryDepth = number | null | (() => number | null);

/** What a sync needs of the API: the call-log reads and syncs (the user's or the account's) and the planner's pace. */
export type SyncApi = Pick<RingCentralApi, 'callLogPage' | 'callLogSync' | 'planner'>;

/** What a sync needs of the archive it fills (the local SQLite archive, or the team archive's collector store). */
export interface SyncArchive {
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  /** Records and the sync's meta after them, saved together. */
  upsertRecords(records: readonly CallLogRecord[], meta?: Record<string, string>): void;
  /** How many calls the archive holds that started from `from` to `to` (open-ended without it), for the progress line. */
  countBetween(from: number, to?: number): number;
}

/** The core is stopping: the run ends quietly, its cursor saved after the last whole page. */
class SyncStoppedError extends Error {}

const CURSOR_KEY = 'sync.initial';
const TOKEN_KEY = 'sync.token';
/** The server's time of the last sync answer: where a date-window read picks up. */
const SINCE_KEY = 'sync.since';
const LAST_RUN_KEY = 'sync.lastRun';
/** Epoch ms from which the archive holds every call: saved with each page that moves it back. */
const COMPLETE_FROM_KEY = 'sync.completeFrom';
/** ISync returns at most 250 records; a full answer means there may be more. */
const ISYNC_LIMIT = 250;
export { CALL_LOG_PAGE_SIZE };
const DAY_MS = 86_400_000;
/**
 * How long RingCentral keeps the call log: 12 months for most accounts, nine for some
 * (RingCentral's data retention policies, support article "RingCentral data retention
 * policies"). "Everything" reads this far back; a year and a day covers twelve calendar months.
 */
export const CALL_LOG_KEPT_DAYS = 366;
/**
 * How far before the last sync a date-window read starts: records appear late (often ~30 s,
 * sometimes minutes) and are modified later (REALITY 14); a day of records is one page or two.
 */
const LATE_MARGIN_MS = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** What a step of the sync reports; the rest of a SyncProgress is where the archive stands. */
type SyncReport = Pick<SyncProgress, 'phase' | 'fetched' | 'total' | 'message' | 'calls'> & { secondsLeft?: number | null };

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
 * the next incremental sync), then reads the chosen depth newest first with the largest pages
 * a Detailed read allows (250, REALITY 24), so the last day is archived with the first page;
 * its cursor is saved in the same transaction as each page, so it resumes exactly where it
 * stopped, and so is where the archive is complete from. Then it reads from the window's end
 * to now. A deeper depth chosen later reads only the older part the archive lacks; a shallower
 * one reads nothing and keeps what is archived.
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
  private last: SyncProgress;

  constructor(
    private readonly api: SyncApi,
    private readonly archive: SyncArchive,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly depth: HistoryDepth = DEFAULT_SETTINGS.historyDepthDays,
  ) {
    this.last = this.progressOf({ ...IDLE_SYNC });
  }

  /** Where sync stands; before any run, idle with where the archive is complete from. */
  get progress(): SyncProgress {
    return this.last;
  }

  private depthDays(): number | null {
    return typeof this.depth === 'function' ? this.depth() : this.depth;
  }

  /** Where a depth reaches back to from now (server time): everything is as far as RingCentral keeps calls. */
  private depthStart(days: number | null): number {
    return this.api.planner.serverTime.now() - (days ?? CALL_LOG_KEPT_DAYS) * DAY_MS;
  }

  /** The archive holds every call from this moment to now; null before a first page. */
  private completeFrom(): number | null {
    const saved = Number(this.archive.getMeta(COMPLETE_FROM_KEY));
    if (Number.isFinite(saved) && saved > 0) return saved;
    // An archive filled before this was saved: its finished first sync reached back to its dateFrom.
    const cursor = this.savedCursor();
    return cursor?.done && cursor.kind !== 'deeper' ? Date.parse(cursor.dateFrom) || null : null;
  }

  /** A report completed with where the archive stands, the depth and the rate limit. */
  private progressOf(progress: SyncReport): SyncProgress {
    const days = this.depthDays();
    return {
      ...progress,
      completeFrom: this.completeFrom(),
      depthFrom: days === null ? null : this.depthStart(days),
      secondsLeft: progress.secondsLeft ?? null,
      requestsPerMinute: heavyRequestsPerMinute(this.api.planner),
    };
  }

  private report(progress: SyncReport): void {
    this.last = this.progressOf(progress);
    this.progressed.fire(this.last);
  }

  /** Runs the first sync (or its remainder) or an incremental one, then any deeper part; one run at a time. */
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

  private idle(message: string | null, phase: SyncProgress['phase'] = 'idle'): SyncProgress {
    return this.progressOf({
      phase,
      fetched: this.last.fetched,
      total: this.last.total,
      message,
      secondsLeft: phase === 'idle' ? null : this.last.secondsLeft,
    });
  }

  private async runOnce(): Promise<SyncProgress> {
    try {
      const cursor = this.savedCursor();
      if (cursor && !cursor.done) await this.fill(cursor);
      else if (!cursor) await this.fill(this.firstCursor());
      else {
        await this.incremental();
        const deeper = this.deeperCursor();
        if (deeper) await this.fill(deeper);
      }
      this.archive.setMeta(LAST_RUN_KEY, iso(this.clock.now()));
      this.report(this.idle(null));
      return this.last;
    } catch (error) {
      if (error instanceof SyncStoppedError) {
        this.report(this.idle(null));
        return this.last;
      }
      this.logger.warn('History sync stopped; it will resume', { error: (error as Error).message });
      this.report(this.idle((error as Error).message, 'error'));
      return this.last;
    }
  }

  private savedCursor(): FillCursor | null {
    const saved = this.archive.getMeta(CURSOR_KEY);
    if (!saved) return null;
    try {
      return fillCursorOf(JSON.parse(saved) as FillCursor | LegacyCursor, this.depthDays());
    } catch {
      // A damaged cursor restarts the first sync; upserts make that harmless.
      return null;
    }
  }

  private firstCursor(): FillCursor {
    const days = this.depthDays();
    const now = this.api.planner.serverTime.now();
    return newFill('first', this.depthStart(days), now, days);
  }

  /** The older part a deeper depth asks for, up to where the archive is complete; null when it has it all. */
  private deeperCursor(): FillCursor | null {
    const complete = this.completeFrom();
    const days = this.depthDays();
    const from = this.depthStart(days);
    if (complete === null || from >= complete) return null;
    // dateTo is inclusive: the newest record the deeper part may hold started just before `complete`.
    return newFill('deeper', from, complete - 1, days);
  }

  /**
   * A depth changed while a fill runs: deeper moves its far end back (the pages read so far stay
   * valid, the log answering newest first); shallower brings it forward, and ends the fill when the
   * archive already reaches it. A re-read is never cut short: it must see every archived call again.
   */
  private followDepth(cursor: FillCursor): FillCursor {
    const days = this.depthDays();
    if (days === cursor.depthDays) return cursor;
    const from = this.depthStart(days);
    if (from < Date.parse(cursor.dateFrom)) return { ...cursor, depthDays: days, dateFrom: iso(from) };
    if (cursor.kind === 'reread') return { ...cursor, depthDays: days };
    const complete = this.completeFrom();
    const reached = (complete !== null && from >= complete) || from > Date.parse(cursor.dateTo);
    return { ...cursor, depthDays: days, dateFrom: iso(from), done: reached };
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

  /**
   * The calls a fill's records have made in the archive so far: from the oldest moment read to
   * the window's end (a deeper fill) or to now (the first fill and its catch-up).
   */
  private callsRead(cursor: FillCursor): number {
    if (cursor.fetched === 0) return 0;
    const from = Date.parse(cursor.done ? cursor.dateFrom : cursor.dateTo);
    return this.archive.countBetween(from, cursor.kind === 'deeper' ? Date.parse(cursor.windowTo) : undefined);
  }

  private fillProgress(cursor: FillCursor): SyncReport & { secondsLeft: number | null } {
    const catchUp = cursor.kind === 'deeper' ? 0 : 1;
    // Each page reads its oldest record again, so a page brings 249 new ones.
    const pages = cursor.total === null ? null : Math.max(1, Math.ceil((cursor.total - cursor.fetched) / (CALL_LOG_PAGE_SIZE - 1)));
    const pagesLeft = cursor.done ? catchUp : pages === null ? null : pages + catchUp;
    return {
      phase: 'initial',
      fetched: cursor.fetched,
      total: cursor.total,
      calls: this.callsRead(cursor),
      message: null,
      secondsLeft: pagesLeft === null ? null : secondsForHeavy(this.api.planner, pagesLeft, this.clock.now()),
    };
  }

  /** Reads a fill's window newest first, page by page, each saved with its cursor and where the archive is now complete from. */
  private async fill(start: FillCursor): Promise<void> {
    let cursor = start;
    // The token first: anything that appears or changes from now on comes with the next ISync,
    // including records of calls made during this sync and late records inside the window.
    if (cursor.kind === 'first' && !this.archive.getMeta(TOKEN_KEY)) await this.takeToken();
    this.report(this.fillProgress(cursor));
    while (!cursor.done) {
      this.throwIfStopped();
      const followed = this.followDepth(cursor);
      if (followed.done) {
        cursor = followed;
        this.archive.setMeta(CURSOR_KEY, JSON.stringify(cursor));
        break;
      }
      const answer = await this.api.callLogPage(
        { dateFrom: followed.dateFrom, dateTo: followed.dateTo, perPage: CALL_LOG_PAGE_SIZE, page: followed.page },
        'sync',
      );
      this.throwIfStopped();
      const dateTo = Date.parse(followed.dateTo);
      const oldest = answer.records.reduce((min, r) => Math.min(min, Date.parse(r.startTime) || min), dateTo);
      const seen = new Set(followed.edgeIds ?? []);
      const fresh = answer.records.filter((r) => !seen.has(r.id)).length;
      const startedAt = (ms: number) => answer.records.filter((r) => Date.parse(r.startTime) === ms).map((r) => r.id);
      const next: FillCursor = {
        ...followed,
        fetched: followed.fetched + fresh,
        // Back to the oldest record read (inclusive, so one sharing its start time is not skipped); the next page of the same window only when a whole page began in one millisecond.
        ...(oldest < dateTo
          ? { dateTo: iso(oldest), page: 1, edgeIds: startedAt(oldest) }
          : { page: followed.page + 1, edgeIds: [...seen, ...startedAt(dateTo)] }),
        done: !answer.hasNextPage,
      };
      // Totals only when the answer has them (many omit them, REALITY 16); the end is known by nextPage.
      next.total = estimateTotal(followed, next, answer.totalElements);
      // Every call from just after the oldest record read to the window's end is archived now; all of it once the window is done.
      const reached = next.done ? Date.parse(next.dateFrom) : oldest + 1;
      const complete = this.completeFrom();
      const meta: Record<string, string> = { [CURSOR_KEY]: JSON.stringify(next) };
      if (complete === null || reached < complete) meta[COMPLETE_FROM_KEY] = String(reached);
      this.archive.upsertRecords(answer.records, meta);
      cursor = next;
      this.report(this.fillProgress(cursor));
    }
    if (cursor.kind === 'deeper') return;
    // From the window's end to now: the calls made while the window was read.
    const caughtUp = await this.readWindow(Date.parse(cursor.windowTo) + 1, (n) =>
      this.report({
        phase: 'initial',
        fetched: cursor.fetched + n,
        total: null,
        calls: this.callsRead({ ...cursor, fetched: cursor.fetched + n }),
        message: null,
        secondsLeft: secondsForHeavy(this.api.planner, 1, this.clock.now()),
      }),
    );
    const fetched = cursor.fetched + caughtUp;
    const calls = this.callsRead({ ...cursor, fetched });
    this.report({ phase: 'initial', fetched, total: fetched, calls, message: null, secondsLeft: 0 });
  }

  /** Reads every record that started from `fromMs` to now, page by page; returns how many came. */
  private async readWindow(fromMs: number, onPage: (fetched: number) => void): Promise<number> {
    const dateFrom = iso(fromMs);
    const dateTo = iso(this.api.planner.serverTime.now() + 60_000);
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
   * The full-sync fallback: a new token, then the whole archived window read again page by page
   * (from where the archive is complete to now), then the date window to now, exactly as the
   * first sync, resumable at every page. Records are upserted by id, so nothing doubles.
   */
  private async reread(): Promise<void> {
    const days = this.depthDays();
    const start = this.completeFrom() ?? this.depthStart(days);
    const now = this.api.planner.serverTime.now();
    const cursor = newFill('reread', start, now, days);
    // The cursor goes in with the new token: stopped in between, the next run resumes the re-read.
    await this.takeToken({ [CURSOR_KEY]: JSON.stringify(cursor) });
    await this.fill(cursor);
  }
}
