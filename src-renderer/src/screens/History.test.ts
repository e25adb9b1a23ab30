import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { historyRow } from '../../../test-support/history-rows';
import { AppState } from '../state/app-state.svelte';
import History from './History.svelte';

const row = historyRow;

function bridgeWith(total: number) {
  return new FakeBridge(
    {},
    {
      'history.query': (request) => {
        const { offset = 0, limit = 200 } = request as { offset?: number; limit?: number };
        const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => row(offset + i));
        return { ok: true, value: { rows, total } };
      },
      'history.detail': (request) => ({ ok: true, value: { row: row(Number((request as { id: string }).id.slice(1))), record: null, tracked: null } }),
      'history.export': () => ({ ok: true, value: { saved: true, path: '/tmp/calls.csv', rows: total } }),
    },
  );
}

async function show(bridge: FakeBridge) {
  const app = new AppState(bridge);
  await app.start();
  render(History, { app });
  return app;
}

describe('History', () => {
  it('shows the count of 100k calls while asking for one page at a time', async () => {
    const bridge = bridgeWith(100_000);
    await show(bridge);
    expect(await screen.findByText('100,000 calls', { selector: 'p' })).toBeTruthy();
    const queries = bridge.calls.filter((c) => c.channel === 'history.query').map((c) => c.request);
    // The count and the first page in one answer, then the next page ahead of the scroll.
    expect(queries[0]).toEqual({ limit: 100, offset: 0 });
    expect(queries.slice(1)).toEqual([{ limit: 100, offset: 100 }]);
    // Rows themselves need layout; the Chromium harness checks them (e2e/harness/screens.spec.ts).
  });

  it('queries again with each filter, asking only for a page at a time', async () => {
    const bridge = bridgeWith(50);
    await show(bridge);
    await fireEvent.change(screen.getByLabelText('Outcome (either leg)'), { target: { value: 'notCalled' } });
    await fireEvent.click(screen.getByLabelText('RingOut only'));
    await waitFor(() =>
      expect(bridge.calls.filter((c) => c.channel === 'history.query').at(-1)!.request).toEqual({
        outcome: 'notCalled',
        ringOutOnly: true,
        limit: 100,
        offset: 0,
      }),
    );
  });

  it('searches as you type, without waiting for a pause, and shows which search the rows are for', async () => {
    const bridge = bridgeWith(50);
    await show(bridge);
    const list = screen.getByRole('listbox', { name: 'Call history' });
    await waitFor(() => expect(list.getAttribute('data-shown-search')).toBe(''));
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'Om' } });
    // Asked at once: no debounce timer stands between a keystroke and its query.
    expect(bridge.calls.filter((c) => c.channel === 'history.query').at(-1)!.request).toEqual({ search: 'Om', limit: 100, offset: 0 });
    await waitFor(() => expect(list.getAttribute('data-shown-search')).toBe('Om'));
  });

  it('selects with the keyboard and shows the explanation', async () => {
    await show(bridgeWith(10));
    const list = screen.getByRole('listbox', { name: 'Call history' });
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(0));
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(await screen.findByRole('heading', { name: 'Person 1' })).toBeTruthy();
    expect(screen.getAllByText('Your phone was busy, so the other party was never called.').length).toBeGreaterThan(0);
  });

  it('exports the current filter and says where it went', async () => {
    const bridge = bridgeWith(5);
    await show(bridge);
    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Exported 5 calls to /tmp/calls.csv.')).toBeTruthy();
  });

  it('says when nothing matches', async () => {
    await show(bridgeWith(0));
    expect(await screen.findByText('No calls yet. They appear here once RingCentral has them.')).toBeTruthy();
  });
});
