import { describe, expect, it } from 'vitest';
import { CALL_LOG_PAGE_SIZE, estimateTotal, MIN_SHARE_READ_FOR_ESTIMATE, newFill, type FillCursor } from './sync-fill';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 3, 12);
const year = newFill('first', NOW - 365 * DAY, NOW, 365);

/** The fill after reading back to `daysRead` before now, with `fetched` records. */
const readBack = (daysRead: number, fetched: number, done = false): FillCursor => ({
  ...year,
  dateTo: new Date(NOW - daysRead * DAY).toISOString(),
  fetched,
  done,
});

describe('estimateTotal: how many records a fill reads in all', () => {
  it('from the density read so far once enough of the window is read', () => {
    // 1,000 records in the newest 73 days (a fifth of the year): about 5,000 in all.
    expect(estimateTotal(year, readBack(73, 1000), null)).toBe(5000);
  });

  it('says nothing while too little of the window is read: ten days of history in a year window would promise thirty times the calls', () => {
    const days = Math.floor(365 * MIN_SHARE_READ_FOR_ESTIMATE) - 1;
    expect(estimateTotal(year, readBack(days, 2 * CALL_LOG_PAGE_SIZE), null)).toBeNull();
    expect(estimateTotal(year, readBack(days + 2, 2 * CALL_LOG_PAGE_SIZE), null)).not.toBeNull();
  });

  it("the answer's own count wins when RingCentral gives one, and the end is what was read", () => {
    expect(estimateTotal(year, readBack(3, 250), 4200)).toBe(4200);
    expect(estimateTotal(year, readBack(20, 1900, true), null)).toBe(1900);
  });
});
