/**
 * Issue 25, item 13 and "README vs app": Settings in the browser edition offers only what works
 * there; every window names demo mode.
 */
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import Settings from './Settings.svelte';
import SignIn from './SignIn.svelte';

async function app(bridge = new FakeBridge()) {
  const state = new AppState(bridge);
  await state.start();
  return state;
}

afterEach(() => {
  delete document.documentElement.dataset['edition'];
});

describe('Settings in the browser edition', () => {
  it('hides the shortcut, dial hotkey, login item and phone links, and says why once', async () => {
    document.documentElement.dataset['edition'] = 'browser';
    render(Settings, { app: await app() });
    expect(await screen.findByText(/In the browser edition there are no keyboard shortcuts outside the page/)).toBeTruthy();
    expect(screen.queryByLabelText('Quick-dial shortcut')).toBeNull();
    expect(screen.queryByLabelText('Dial-the-selection shortcut')).toBeNull();
    expect(screen.queryByLabelText('Open Ringside at login')).toBeNull();
    expect(screen.queryByText('Phone links')).toBeNull();
    // What does work stays.
    expect(screen.getByText('Appearance')).toBeTruthy();
  });

  it('the app offers them all', async () => {
    render(Settings, { app: await app() });
    expect(await screen.findByLabelText('Dial-the-selection shortcut')).toBeTruthy();
    expect(screen.getByLabelText('Open Ringside at login')).toBeTruthy();
    expect(screen.queryByText(/In the browser edition/)).toBeNull();
  });
});

describe('the Demo badge on every window', () => {
  it('Settings and Sign-in name demo mode', async () => {
    const state = await app();
    render(Settings, { app: state });
    expect(screen.getByText('Demo').getAttribute('title')).toMatch(/Nobody is really called/);
    document.body.innerHTML = '';
    render(SignIn, { app: state });
    expect(screen.getByText('Demo').getAttribute('title')).toMatch(/Nobody is really called/);
  });

  it('no badge for a real account', async () => {
    const state = await app(
      new FakeBridge({ session: { status: 'signedIn', demo: false, server: 'https://platform.ringcentral.com', userName: 'A', extensionNumber: '1' } }),
    );
    render(Settings, { app: state });
    expect(screen.queryByText('Demo')).toBeNull();
  });
});
