import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings as SettingsValue } from '../../../src-shared/settings';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import Settings from './Settings.svelte';

function bridge() {
  let current: SettingsValue = structuredClone(DEFAULT_SETTINGS);
  return new FakeBridge(
    {},
    {
      'settings.update': (patch) => {
        const p = patch as Partial<SettingsValue> & { notifications?: Partial<SettingsValue['notifications']> };
        current = { ...current, ...p, notifications: { ...current.notifications, ...p.notifications } } as SettingsValue;
        return { ok: true, value: current };
      },
    },
  );
}

async function show(fake: FakeBridge) {
  const app = new AppState(fake);
  await app.start();
  render(Settings, { app });
  return app;
}

describe('Settings', () => {
  it('saves each change at once: the notification mode, and the persistent alert only when there are notifications', async () => {
    const fake = bridge();
    const app = await show(fake);
    expect((screen.getByLabelText('Every leg change') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByLabelText('Only outcomes (answered, busy, no answer…)'));
    await waitFor(() =>
      expect(fake.calls.at(-1)).toEqual({ channel: 'settings.update', request: { notificationMode: 'outcomes', notifications: { muted: false } } }),
    );
    expect(screen.getByRole('status').textContent).toBe('Saved');
    await fireEvent.click(screen.getByLabelText('Keep alerts for failed legs on screen until I click them'));
    await waitFor(() => expect(app.settings?.persistentFailureAlert).toBe(true));
    await fireEvent.click(screen.getByLabelText('Never'));
    await waitFor(() => expect((screen.getByLabelText('Keep alerts for failed legs on screen until I click them') as HTMLInputElement).disabled).toBe(true));
  });

  it('shows an older "mute all" as Never', async () => {
    const fake = new FakeBridge({ settings: { ...structuredClone(DEFAULT_SETTINGS), notifications: { muted: true, legChanges: true, failures: true } } });
    await show(fake);
    expect((screen.getByLabelText('Never') as HTMLInputElement).checked).toBe(true);
  });

  it('sets the dial hotkey and shows why the system refused it', async () => {
    const fake = bridge();
    const app = await show(fake);
    const field = screen.getByLabelText('Dial-the-selection shortcut') as HTMLInputElement;
    expect(field.dataset.accelerator).toBe('CommandOrControl+Alt+R');
    await fireEvent.focus(field);
    await fireEvent.keyDown(field, { key: 'F9', code: 'F9', altKey: true });
    await waitFor(() => expect(app.settings?.dialHotkey).toBe('Alt+F9'));
    fake.emit('dialHotkey.status', { problem: 'The shortcut Alt+F9 is not available (another app may use it). Choose another in Settings.' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Alt\+F9 is not available/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
  });

  it('offers only phones the rule allows as the default ring-me-at, and says the rule', async () => {
    const fake = bridge();
    fake.answers['numbers.list'] = () => ({
      ok: true,
      value: {
        ringMeAt: [
          { id: '1', phoneNumber: '+16505550198', label: 'My mobile', type: 'Mobile' },
          { id: '2', phoneNumber: '+16505550197', label: 'Desk phone', type: 'Work' },
        ],
        callerIds: [],
      },
    });
    await show(fake);
    const desk = (await screen.findByRole('option', { name: /Desk phone/ })) as HTMLOptionElement;
    expect(desk.disabled).toBe(true);
    expect(desk.textContent).toContain('(not allowed)');
    expect(screen.getByText(/digital line, a mobile phone, or the main number/)).toBeTruthy();
  });

  it('changes theme, country and the quick-dial shortcut', async () => {
    const fake = bridge();
    const app = await show(fake);
    await fireEvent.click(screen.getByLabelText('Dark'));
    await waitFor(() => expect(app.settings?.theme).toBe('dark'));
    await fireEvent.change(screen.getByLabelText('Country for numbers without +'), { target: { value: 'GB' } });
    await waitFor(() => expect(app.settings?.defaultCountry).toBe('GB'));
    const shortcut = screen.getByLabelText('Quick-dial shortcut');
    await fireEvent.keyDown(shortcut, { key: 'K', code: 'KeyK', altKey: true, shiftKey: true });
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
