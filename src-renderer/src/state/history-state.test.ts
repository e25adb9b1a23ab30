import { describe, expect, it } from 'vitest';
import type { HistoryFilter } from '../../../src-shared/history';
import type { HistoryRow } from '../../../src-shared/history-row';
import type { InvokeResponses, Result } from '../../../src-shared/ipc-contract';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { historyRow } from '../../../test-support/history-rows';
import { RingsideClient } from '../lib/ringside-client';
import { HistoryState, PAGE_SIZE } from './history-state.svelte';

type QueryAnswer = Result<InvokeResponses['history.query']>;

const row = (i: number, search = ''): HistoryRow => historyRow(i, { id: `${search}r${i}` });

/** A bridge whose history answers wait until the test releases them, in any order. */
function heldBridge(total: number) {
  const held: Array<{ request: HistoryFilter; release: () => void }> = [];
  const bridge = new FakeBridge(
    {},
    {
      'history.query': (request) =>
        new Promise<QueryAnswer>((resolve) => {
          const r = request as HistoryFilter;
          const offset = r.offset ?? 0;
          const rows = Array.from({ length: Math.max(0, Math.min(PAGE_SIZE, total - offset)) }, (_, i) => row(offset + i, r.search ?? ''));
          held.push({ request: r, release: () => resolve({ ok: true, value: { rows, total } }) });
        }),
    },
  );
  // One turn of the task queue, not a wait for time: the held answers' promise chains run to the end.
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { bridge, held, settle };
}

describe('HistoryState', () => {
  it('keeps the rows on screen until the new search answers, and drops a late answer for an older search', async () => {
    const { bridge, held, settle } = heldBridge(1000);
    const history = new HistoryState(new RingsideClient(bridge));
    void history.refresh();
    held.shift()!.release();
    await settle();
    expect(history.rowAt(0)?.id).toBe('r0');
    history.search = 'O';
    void history.refresh();
    history.search = 'Om';
    void history.refresh();
    // Nothing answered yet: the old rows are still there (no empty flash).
    expect(history.rowAt(0)?.id).toBe('r0');
    const forSearch = (search: string) => held.find((h) => h.request.search === search && h.request.offset === 0)!;
    const [forO, forOm] = [forSearch('O'), forSearch('Om')];
    forOm.release();
    await settle();
    expect(history.rowAt(0)?.id).toBe('Omr0');
    expect(history.shownSearch).toBe('Om');
    forO.release();
    await settle();
    expect(history.rowAt(0)?.id).toBe('Omr0');
    expect(history.shownSearch).toBe('Om');
  });

  it('asks only for the pages in view (and one either side), never every page a fling passes', async () => {
    const { bridge, held, settle } = heldBridge(100_000);
    const history = new HistoryState(new RingsideClient(bridge));
    void history.refresh();
    held.shift()!.release();
    await settle();
    // A fling: the list moves through 40 pages while the first requests are in flight.
    for (let page = 1; page <= 40; page++) history.ensure(page * PAGE_SIZE, page * PAGE_SIZE + 12);
    const asked = () => bridge.calls.filter((c) => c.channel === 'history.query').map((c) => (c.request as HistoryFilter).offset! / PAGE_SIZE);
    expect(asked()).toEqual([0, 1, 2]);
    while (held.length) {
      held.shift()!.release();
      await settle();
    }
    // After the first two, only where the list is now: page 40 and its neighbours.
    expect(asked()).toEqual([0, 1, 2, 40, 39, 41]);
    expect(history.rowAt(40 * PAGE_SIZE + 5)?.id).toBe(`r${40 * PAGE_SIZE + 5}`);
  });

  it('a new search starts at the top of its list: scrolled deep, a keystroke asks for the first pages only', async () => {
    const { bridge, held, settle } = heldBridge(100_000);
    const history = new HistoryState(new RingsideClient(bridge));
    void history.refresh();
    held.shift()!.release();
    await settle();
    history.ensure(900 * PAGE_SIZE, 900 * PAGE_SIZE + 12);
    while (held.length) {
      held.shift()!.release();
      await settle();
    }
    const before = bridge.calls.length;
    history.search = '555';
    void history.applyFilters();
    while (held.length) {
      held.shift()!.release();
      await settle();
    }
    const offsets = bridge.calls
      .slice(before)
      .filter((c) => c.channel === 'history.query')
      .map((c) => (c.request as HistoryFilter).offset! / PAGE_SIZE);
    expect(offsets.length).toBeGreaterThan(0);
    expect(Math.max(...offsets)).toBeLessThanOrEqual(1);
  });

  it('keeps a bounded number of pages, fetching a dropped one again when scrolled back', async () => {
    const { bridge, held, settle } = heldBridge(100_000);
    const history = new HistoryState(new RingsideClient(bridge));
    void history.refresh();
    held.shift()!.release();
    await settle();
    for (let page = 0; page < 60; page += 1) {
      history.ensure(page * PAGE_SIZE, page * PAGE_SIZE + 12);
      while (held.length) {
        held.shift()!.release();
        await settle();
      }
    }
    expect(history.pages.size).toBeLessThanOrEqual(24);
    expect(history.rowAt(0)).toBeUndefined();
    history.ensure(0, 12);
    while (held.length) {
      held.shift()!.release();
      await settle();
    }
    expect(history.rowAt(0)?.id).toBe('r0');
  });
});
