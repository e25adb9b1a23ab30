/** Where a history fill stands (saved with each page) and how many records it will read in all. */
/** A Detailed call-log page holds at most 250 records (REALITY 24): asking for more is silently cut. */
export const CALL_LOG_PAGE_SIZE = 250;

/**
 * Where a fill of the date window stands. The Detailed call log answers newest first, so a fill
 * reads from `dateTo` back to `dateFrom`: after each page `dateTo` moves back to the oldest record
 * it held (read again, so records sharing its start time are never split between pages), and
 * `page` stays 1 unless a whole page started in one millisecond. A record that appears or goes
 * between two reads therefore shifts no page boundary: the fill resumes exactly where it stopped.
 */
export interface FillCursor {
  /**
   * `first`: the first sync, which then reads from `windowTo` to now; `deeper`: the older part a
   * deeper depth asks for, up to where the archive was complete; `reread`: the archived window
   * read again after a refused sync token.
   */
  kind: 'first' | 'deeper' | 'reread';
  dateFrom: string;
  dateTo: string;
  page: number;
  /** The newest end of the window, where the fill began. */
  windowTo: string;
  /** The depth setting (days) `dateFrom` was computed for; null = everything. */
  depthDays: number | null;
  /** Ids already read of the records that started at `dateTo`: the next page reads them again, and they are not counted twice. */
  edgeIds?: string[];
  fetched: number;
  /** Records the fill will read in all, as the answers' paging tells or their density suggests. */
  total: number | null;
  done: boolean;
}

/** A cursor saved before fills walked back by date (page numbers over one fixed window). */
export interface LegacyCursor {
  dateFrom: string;
  dateTo: string;
  nextPage: number;
  fetched: number;
  total: number | null;
  done: boolean;
}

/** A fill of `fromMs` … `toMs` (both inclusive) that has read nothing yet. */
export function newFill(kind: FillCursor['kind'], fromMs: number, toMs: number, depthDays: number | null): FillCursor {
  const dateTo = new Date(toMs).toISOString();
  return { kind, dateFrom: new Date(fromMs).toISOString(), dateTo, page: 1, windowTo: dateTo, depthDays, fetched: 0, total: null, done: false };
}

/** A saved cursor as a fill goes on with it: a first sync saved by an earlier version goes on from its page of the same window. */
export function fillCursorOf(parsed: FillCursor | LegacyCursor, depthDays: number | null): FillCursor {
  if ('kind' in parsed) return parsed;
  return {
    kind: 'first',
    dateFrom: parsed.dateFrom,
    dateTo: parsed.dateTo,
    page: parsed.nextPage,
    windowTo: parsed.dateTo,
    depthDays,
    fetched: parsed.fetched,
    total: parsed.total,
    done: parsed.done,
  };
}

/**
 * The share of a window a fill must have read before its density says anything about the rest:
 * a demo's or a new account's history may cover ten days of a year's window, and ten days
 * stretched over a year would promise thirty times the calls there are.
 */
export const MIN_SHARE_READ_FOR_ESTIMATE = 0.05;

/**
 * Records the fill will read in all: the answer's count of its window when it gives one, or the
 * density of what was read so far (records a millisecond of the window) over what is left, once
 * enough of the window is read (null until then: no number beats a wrong one).
 */
export function estimateTotal(before: FillCursor, after: FillCursor, totalElements: number | null): number | null {
  if (after.done) return after.fetched;
  if (totalElements !== null) return Math.max(after.fetched, before.fetched - (before.page - 1) * CALL_LOG_PAGE_SIZE + totalElements);
  const read = Date.parse(after.windowTo) - Date.parse(after.dateTo);
  const left = Date.parse(after.dateTo) - Date.parse(after.dateFrom);
  if (!(read > 0) || left < 0) return before.total;
  if (read < MIN_SHARE_READ_FOR_ESTIMATE * (read + left)) return null;
  return after.fetched + Math.round((after.fetched / read) * left);
}
