/** Issue 25, item 6: in the browser edition, leaving History (to confirm a "Call again") keeps its filters. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBridge } from '../../test-support/fake-bridge';
import { AppState } from './state/app-state.svelte';
import App from './App.svelte';

afterEach(() => {
  delete document.documentElement.dataset['edition'];
  location.hash = '';
});

async function go(route: string) {
  location.hash = `#/${route}`;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

describe('one page for every window (browser edition)', () => {
  it('History keeps its search when the popover is shown and History comes back', async () => {
    document.documentElement.dataset['edition'] = 'browser';
    location.hash = '#/history';
    const bridge = new FakeBridge();
    render(App, { app: new AppState(bridge) });
    const search = (await screen.findByLabelText('Search numbers or names')) as HTMLInputElement;
    await fireEvent.input(search, { target: { value: 'marcus' } });
    await go('popover');
    expect(await screen.findByLabelText('Number to call')).toBeTruthy();
    expect(search.closest('[hidden]')).toBeTruthy();
    await go('history');
    await waitFor(() => expect(search.closest('[hidden]')).toBeNull());
    expect((screen.getByLabelText('Search numbers or names') as HTMLInputElement).value).toBe('marcus');
  });

  it('the app (one window per kind) mounts History only on its route', async () => {
    location.hash = '#/history';
    render(App, { app: new AppState(new FakeBridge()) });
    expect(await screen.findByLabelText('Search numbers or names')).toBeTruthy();
    await go('popover');
    await waitFor(() => expect(screen.queryByLabelText('Search numbers or names')).toBeNull());
  });
});
