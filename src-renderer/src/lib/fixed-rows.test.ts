import { describe, expect, it } from 'vitest';
import { MAX_LIST_PX, rowsInView, scrollTopFor } from './fixed-rows';

describe('rowsInView', () => {
  it('below the cap: the rows under the scroll position, with overscan', () => {
    const view = rowsInView(1000, 56, 560, 600, 2);
    expect(view.height).toBe(56_000);
    expect(view.items[0]).toEqual({ index: 8, start: 448 });
    expect(view.items.at(-1)!.index).toBe(23);
  });

  it('at 1M rows the height is capped, and the last scroll position shows the last row', () => {
    const count = 1_000_000;
    const view = rowsInView(count, 56, 0, 600, 0);
    expect(view.height).toBe(MAX_LIST_PX);
    expect(view.items[0]).toEqual({ index: 0, start: 0 });
    const end = rowsInView(count, 56, MAX_LIST_PX - 600, 600, 0);
    const last = end.items.at(-1)!;
    expect(last.index).toBe(count - 1);
    // The last row's bottom is the list's bottom.
    expect(last.start + 56).toBeCloseTo(MAX_LIST_PX, 3);
    const middle = rowsInView(count, 56, (MAX_LIST_PX - 600) / 2, 600, 0);
    expect(Math.abs(middle.items[0]!.index - count / 2)).toBeLessThan(20);
  });

  it('no rows, no items', () => {
    expect(rowsInView(0, 56, 0, 600, 12)).toEqual({ height: 0, items: [] });
  });
});

describe('scrollTopFor', () => {
  it('keeps the position when the row is in view, else moves just enough', () => {
    expect(scrollTopFor(3, 1000, 56, 0, 600)).toBe(0);
    expect(scrollTopFor(20, 1000, 56, 0, 600)).toBe(21 * 56 - 600);
    expect(scrollTopFor(2, 1000, 56, 560, 600)).toBe(112);
  });

  it('past the cap, the row asked for is in view after the move', () => {
    const count = 1_000_000;
    for (const index of [count - 1, 654_321, 10]) {
      const top = scrollTopFor(index, count, 56, 0, 600);
      expect(rowsInView(count, 56, top, 600, 0).items.map((i) => i.index)).toContain(index);
    }
  });
});
