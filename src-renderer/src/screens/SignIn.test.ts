import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import SignIn from './SignIn.svelte';

describe('SignIn', () => {
  it('starts browser sign-in on the chosen server and shows refusals plainly', async () => {
    const bridge = new FakeBridge(
      { session: { status: 'signedOut', demo: false } },
      {
        'session.signInBrowser': () => ({ ok: false, error: { code: 'INVALID_REQUEST', message: "Enter the RingCentral app's client ID." } }),
      },
    );
    const app = new AppState(bridge);
    await app.start();
    render(SignIn, { app });
    await fireEvent.click(screen.getByLabelText('Developer sandbox'));
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in with RingCentral' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', "Enter the RingCentral app's client ID.");
    expect(bridge.calls.find((c) => c.channel === 'session.signInBrowser')!.request).toEqual({ kind: 'sandbox' });
  });

  it('offers the demo', async () => {
    const bridge = new FakeBridge(
      { session: { status: 'signedOut', demo: false } },
      { 'session.useDemo': () => ({ ok: true, value: { status: 'signedIn', demo: true, server: 'x', userName: 'Alex Demo', extensionNumber: '101' } }) },
    );
    const app = new AppState(bridge);
    await app.start();
    render(SignIn, { app });
    await fireEvent.click(screen.getByRole('button', { name: 'Try the demo' }));
    expect(bridge.calls.some((c) => c.channel === 'session.useDemo')).toBe(true);
  });
});

describe('SignIn while already signed in', () => {
  it('never says "Signed in as" while asking to sign in; in demo mode it says so and offers no second demo button', async () => {
    const bridge = new FakeBridge({ session: { status: 'signedIn', demo: true, server: 'http://127.0.0.1:1', userName: 'Alex Demo', extensionNumber: '101' } });
    const app = new AppState(bridge);
    await app.start();
    render(SignIn, { app });
    expect(document.body.textContent).not.toMatch(/Signed in as/);
    expect(screen.getByRole('status').textContent).toMatch(/You are using the demo/);
    expect(screen.queryByRole('button', { name: 'Try the demo' })).toBeNull();
  });
});

describe('SignIn: the redirect URI to register', () => {
  it('shows the default redirect URI with a copy button, and RC_REDIRECT_URI when set', async () => {
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void writes.push(text) }, configurable: true });
    const bridge = new FakeBridge({ session: { status: 'signedOut', demo: false } });
    const app = new AppState(bridge);
    await app.start();
    const view = render(SignIn, { app });
    expect(screen.getByLabelText('Redirect URI to register')).toHaveProperty('value', 'http://127.0.0.1:37219/callback');
    await fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writes).toEqual(['http://127.0.0.1:37219/callback']);
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
    view.unmount();

    const fromEnv = new AppState(new FakeBridge({ session: { status: 'signedOut', demo: false }, envRedirectUri: 'http://127.0.0.1:40000/cb' }));
    await fromEnv.start();
    render(SignIn, { app: fromEnv });
    expect(screen.getByLabelText('Redirect URI to register')).toHaveProperty('value', 'http://127.0.0.1:40000/cb');
  });

  it('after RingCentral ended the session it says so, and never "Signed in as"', async () => {
    const app = new AppState(new FakeBridge({ session: { status: 'needsSignIn', demo: false, server: 'https://platform.ringcentral.com', reason: 'x' } }));
    await app.start();
    render(SignIn, { app });
    expect(screen.getByRole('status').textContent).toMatch(/^Signed out by RingCentral/);
    expect(document.body.textContent).not.toMatch(/Signed in as/);
    expect(screen.getAllByRole('button', { name: 'Try the demo' })).toHaveLength(1);
  });
});
