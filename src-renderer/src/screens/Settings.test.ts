import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings as SettingsValue } from '../../../src-shared/settings';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import Settings from './Settings.svelte';

function bridge() {
  let current: SettingsValue = structuredClone(DEFAULT_SETTINGS);
  return new FakeBridge({}, {
    'settings.update': (patch) => {
      const p = patch as Partial<SettingsValue> & { notifications?: Partial<SettingsValue['notifications']> };
      current = { ...current, ...p, notifications: { ...current.notifications, ...p.notifications } } as SettingsValue;
      return { ok: true, value: current };
    },
  });
}

async function show(fake: FakeBridge) {
  const app = new AppState(fake);
  await app.start();
  render(Settings, { app });
  return app;
}

describe('Settings', () => {
  it('saves each change at once and mutes notifications as a whole', async () => {
    const fake = bridge();
    await show(fake);
    await fireEvent.click(screen.getByLabelText('Mute all notifications'));
    await waitFor(() => expect(fake.calls.at(-1)).toEqual({ channel: 'settings.update', request: { notifications: { muted: true } } }));
    await waitFor(() => expect((screen.getByLabelText('Each time a leg changes') as HTMLInputElement).disabled).toBe(true));
    expect(screen.getByRole('status').textContent).toBe('Saved');
  });

  it('changes theme, country and the quick-dial shortcut', async () => {
    const fake = bridge();
    const app = await show(fake);
    await fireEvent.click(screen.getByLabelText('Dark'));
    await waitFor(() => expect(app.settings?.theme).toBe('dark'));
    await fireEvent.change(screen.getByLabelText('Country for numbers without +'), { target: { value: 'GB' } });
    await waitFor(() => expect(app.settings?.defaultCountry).toBe('GB'));
    const shortcut = screen.getByLabelText('Quick-dial shortcut');
    await fireEvent.input(shortcut, { target: { value: 'Alt+Shift+K' } });
    await fireEvent.blur(shortcut);
    await waitFor(() => expect(app.settings?.globalShortcut).toBe('Alt+Shift+K'));
  });

  it('makes Ringside the app for phone links only when asked, and can give them back (finding 17)', async () => {
    const fake = bridge();
    const app = await show(fake);
    expect(app.settings?.handleTelLinks).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Open phone links with Ringside' }));
    await waitFor(() => expect(fake.calls.at(-1)).toEqual({ channel: 'settings.update', request: { handleTelLinks: true } }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Stop opening phone links with Ringside' }));
    await waitFor(() => expect(fake.calls.at(-1)).toEqual({ channel: 'settings.update', request: { handleTelLinks: false } }));
  });

  it('shows a refusal from main', async () => {
    const fake = bridge();
    fake.answers['settings.update'] = () => ({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Invalid option' } });
    await show(fake);
    await fireEvent.click(screen.getByLabelText('Light'));
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid option');
  });

  it('offers to leave the demo', async () => {
    const fake = bridge();
    fake.answers['session.signOut'] = () => ({ ok: true, value: { status: 'signedOut', demo: false } });
    await show(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Leave the demo' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'session.signOut', request: {} });
  });
});
