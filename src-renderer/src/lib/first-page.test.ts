/**
 * The history window's first page, asked for by the page's first module (early.ts) and handed to
 * the window's first `history.query`: one request, never two, and never an answer to another.
 */
import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryFilter } from '../../../src-shared/history';
import type { InvokeResponses, Result } from '../../../src-shared/ipc-contract';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { historyRow } from '../../../test-support/history-rows';
import App from '../App.svelte';
import { getBridge } from './bridge';
// The module App uses (the tests above each take a fresh copy).
import { askFirstPageEarly } from './first-page';

type QueryAnswer = Result<InvokeResponses['history.query']>;

/** A fresh copy of the module (its early request is module state, once per page). */
async function firstPageModule() {
  vi.resetModules();
  return import('./first-page');
}

const queries = (bridge: FakeBridge) => bridge.calls.filter((c) => c.channel === 'history.query').map((c) => c.request as HistoryFilter);

/** A bridge whose history answers wait until the test releases them. */
function heldBridge() {
  const held: Array<(answer: QueryAnswer) => void> = [];
  const bridge = new FakeBridge({}, { 'history.query': () => new Promise<QueryAnswer>((resolve) => held.push(resolve)) });
  return { bridge, held };
}

beforeEach(() => {
  location.hash = '#/history';
});

afterEach(() => {
  location.hash = '';
  delete (globalThis as { ringside?: unknown }).ringside;
});

describe('the history window’s first page, asked for early', () => {
  it('is asked for once, and the window’s same first request gets that answer without asking again', async () => {
    const { askFirstPageEarly, withFirstPage, FIRST_PAGE } = await firstPageModule();
    const { bridge, held } = heldBridge();
    askFirstPageEarly(bridge);
    askFirstPageEarly(bridge);
    expect(queries(bridge)).toEqual([FIRST_PAGE]);

    const wrapped = withFirstPage(bridge);
    const first = wrapped.invoke('history.query', { limit: 100, offset: 0 });
    expect(queries(bridge)).toHaveLength(1);
    held[0]!({ ok: true, value: { rows: [historyRow(0)], total: 1 } });
    expect(await first).toEqual({ ok: true, value: { rows: [historyRow(0)], total: 1 } });

    // Used once: the same request again (a refresh later on) is a new request.
    void wrapped.invoke('history.query', { limit: 100, offset: 0 });
    expect(queries(bridge)).toHaveLength(2);
  });

  it('is dropped when the window’s first request is another one, so no later request is answered from it', async () => {
    const { askFirstPageEarly, withFirstPage } = await firstPageModule();
    const { bridge } = heldBridge();
    askFirstPageEarly(bridge);
    const wrapped = withFirstPage(bridge);
    void wrapped.invoke('history.query', { limit: 100, offset: 0, search: 'omar' });
    void wrapped.invoke('history.query', { limit: 100, offset: 0 });
    expect(queries(bridge)).toEqual([
      { limit: 100, offset: 0 },
      { limit: 100, offset: 0, search: 'omar' },
      { limit: 100, offset: 0 },
    ]);
  });

  it('is not asked for in the other windows', async () => {
    const { askFirstPageEarly } = await firstPageModule();
    for (const hash of ['', '#/settings', '#/analytics', '#/signin']) {
      location.hash = hash;
      const bridge = new FakeBridge();
      askFirstPageEarly(bridge);
      expect(bridge.calls).toEqual([]);
    }
  });

  it('a failed early request reaches the window as its error, not as an unhandled rejection', async () => {
    const { askFirstPageEarly, withFirstPage, FIRST_PAGE } = await firstPageModule();
    const bridge = new FakeBridge();
    bridge.invoke = vi.fn(() => Promise.reject(new Error('pipe closed'))) as unknown as FakeBridge['invoke'];
    askFirstPageEarly(bridge);
    // A turn of the task queue: an unhandled rejection would be reported by now.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(withFirstPage(bridge).invoke('history.query', FIRST_PAGE)).rejects.toThrow('pipe closed');
  });

  it('the app opened on History shows the early answer’s rows and asks for the first page only once', async () => {
    const { bridge, held } = heldBridge();
    (globalThis as { ringside?: unknown }).ringside = bridge;
    // As early.ts does before the app's code runs; the app then wraps the same bridge.
    askFirstPageEarly(getBridge());
    expect(queries(bridge)).toEqual([{ limit: 100, offset: 0 }]);
    held[0]!({ ok: true, value: { rows: [historyRow(0, { fromName: 'Early Answer', direction: 'Inbound' })], total: 1 } });
    render(App);
    expect(await screen.findByText('Early Answer')).toBeTruthy();
    await waitFor(() => expect(bridge.calls.some((c) => c.channel === 'app.snapshot')).toBe(true));
    expect(queries(bridge).filter((q) => q.offset === 0)).toHaveLength(1);
  });
});
