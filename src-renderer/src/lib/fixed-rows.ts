/**
 * The history list's rows in view, computed from the scroll position: every row is the same
 * height, so this is arithmetic (no per-row layout, which at 1M rows cost tens of ms at each
 * change of count). Past MAX_LIST_PX the list's height is capped (Chromium draws no element
 * taller than about 33.5 M px) and the scroll position maps proportionally onto the rows.
 */
export const MAX_LIST_PX = 8_000_000;

export interface RowsInView {
  /** The list's scrollable height, px. */
  height: number;
  /** Each row to draw: its index and its top within the list, px. */
  items: Array<{ index: number; start: number }>;
}

/** Where the rows' own offset is for a scroll position (equal to it below the cap). */
function rowOffset(count: number, rowHeight: number, scrollTop: number, viewport: number): number {
  const full = count * rowHeight;
  const height = Math.min(full, MAX_LIST_PX);
  const scrollable = Math.max(0, height - viewport);
  return full === height || scrollable === 0 ? scrollTop : (scrollTop / scrollable) * Math.max(0, full - viewport);
}

export function rowsInView(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan: number): RowsInView {
  const height = Math.min(count * rowHeight, MAX_LIST_PX);
  if (count === 0) return { height, items: [] };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, height - viewport));
  const offset = rowOffset(count, rowHeight, top, viewport);
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((offset + viewport) / rowHeight) + overscan);
  const items = [];
  for (let index = first; index <= last; index++) items.push({ index, start: top + index * rowHeight - offset });
  return { height, items };
}

/** The scroll position that brings a row into view, moving as little as possible (the current one when it is in view). */
export function scrollTopFor(index: number, count: number, rowHeight: number, scrollTop: number, viewport: number): number {
  const full = count * rowHeight;
  const height = Math.min(full, MAX_LIST_PX);
  const scale = full === height ? 1 : Math.max(0, full - viewport) / Math.max(1, height - viewport);
  const offset = rowOffset(count, rowHeight, scrollTop, viewport);
  const rowTop = index * rowHeight;
  if (rowTop >= offset && rowTop + rowHeight <= offset + viewport) return scrollTop;
  const wanted = rowTop < offset ? rowTop : rowTop + rowHeight - viewport;
  return Math.max(0, Math.min(height - viewport, wanted / scale));
}
