import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isGlobalShortcut, type Settings as SettingsValue } from '../../../src-shared/settings';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { describeAccelerator, recordKey } from '../lib/accelerator';
import { AppState } from '../state/app-state.svelte';
import Settings from './Settings.svelte';

/** Issue 25, item 11: errors beside their field in words, "Saved" in view, shortcuts recorded by pressing keys. */

function bridge() {
  let current: SettingsValue = structuredClone(DEFAULT_SETTINGS);
  return new FakeBridge(
    {},
    {
      'settings.update': (patch) => {
        current = { ...current, ...(patch as Partial<SettingsValue>) };
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

const updates = (fake: FakeBridge) => fake.calls.filter((c) => c.channel === 'settings.update');

describe('Settings errors (issue 25)', () => {
  it('refuses a bad redirect URI beside the field, in words, focused, and keeps what was typed', async () => {
    const fake = bridge();
    await show(fake);
    const field = screen.getByLabelText('Sign-in redirect URI') as HTMLInputElement;
    field.focus();
    await fireEvent.input(field, { target: { value: 'https://example.com/callback' } });
    await fireEvent.keyDown(field, { key: 'Enter' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The redirect URI must look like http://127.0.0.1:<port>/<path> (this computer, an explicit port and a path).');
    expect(alert.textContent).not.toMatch(/\(redirectUri\)/);
    // Beside its field (the next things after it), and the field says it is the one.
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain(alert.id);
    expect(field.closest('label')!.parentElement!.contains(alert)).toBe(true);
    expect(document.activeElement).toBe(field);
    expect(field.value).toBe('https://example.com/callback');
    expect(updates(fake)).toHaveLength(0);
    // Leaving the field with the same text again neither nags nor pulls focus back.
    const other = screen.getByLabelText('Dark');
    other.focus();
    await fireEvent.blur(field);
    expect(document.activeElement).toBe(other);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    // A good one clears the error and is saved.
    await fireEvent.input(field, { target: { value: 'http://127.0.0.1:40000/cb' } });
    await fireEvent.blur(field);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(updates(fake).at(-1)!.request).toEqual({ redirectUri: 'http://127.0.0.1:40000/cb' });
  });

  it('shows a refusal from main beside the field that caused it', async () => {
    const fake = bridge();
    fake.answers['settings.update'] = () => ({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Launch at login is not available here.' } });
    await show(fake);
    const box = screen.getByLabelText('Open Ringside at login');
    await fireEvent.click(box);
    const alert = await screen.findByRole('alert');
    expect(alert.id).toBe('launchAtLogin-error');
    expect(alert.previousElementSibling!.contains(box)).toBe(true);
  });

  it('keeps "Saved" in a header that stays in view', async () => {
    const fake = bridge();
    await show(fake);
    await fireEvent.click(screen.getByLabelText('Dark'));
    const status = await screen.findByText('Saved');
    expect(status.closest('header')).toBeTruthy();
  });
});

describe('shortcut recorder (issue 25)', () => {
  it('records pressed keys as an Electron accelerator and saves it', async () => {
    const fake = bridge();
    const app = await show(fake);
    const field = screen.getByLabelText('Quick-dial shortcut') as HTMLInputElement;
    expect(field.value).toBe('Ctrl+Shift+R');
    await fireEvent.focus(field);
    expect(field.value).toBe('Press the keys…');
    // Holding modifiers shows them; the key completes the shortcut.
    await fireEvent.keyDown(field, { key: 'Control', code: 'ControlLeft', ctrlKey: true });
    await fireEvent.keyDown(field, { key: 'Shift', code: 'ShiftLeft', ctrlKey: true, shiftKey: true });
    expect(field.value).toBe('Ctrl+Shift+…');
    await fireEvent.keyDown(field, { key: 'D', code: 'KeyD', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(app.settings?.globalShortcut).toBe('CommandOrControl+Shift+D'));
    expect(field.value).toBe('Ctrl+Shift+D');
  });

  it('refuses a key without a modifier beside the field, as the settings rule says', async () => {
    const fake = bridge();
    const app = await show(fake);
    const field = screen.getByLabelText('Dial-the-selection shortcut') as HTMLInputElement;
    await fireEvent.focus(field);
    await fireEvent.keyDown(field, { key: 'r', code: 'KeyR' });
    expect((await screen.findByRole('alert')).textContent).toBe('A shortcut needs a modifier key (Ctrl, Alt, Shift or Cmd) and one other key.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(app.settings?.dialHotkey).toBe('CommandOrControl+Alt+R');
    expect(updates(fake)).toHaveLength(0);
  });

  it('clears with the Clear button or Backspace, and lets Tab leave', async () => {
    const fake = bridge();
    const app = await show(fake);
    await fireEvent.click(screen.getAllByRole('button', { name: 'Clear' })[0]!);
    await waitFor(() => expect(app.settings?.globalShortcut).toBeNull());
    const dial = screen.getByLabelText('Dial-the-selection shortcut');
    await fireEvent.keyDown(dial, { key: 'Backspace', code: 'Backspace' });
    await waitFor(() => expect(app.settings?.dialHotkey).toBeNull());
    const tab = new KeyboardEvent('keydown', { key: 'Tab', code: 'Tab', shiftKey: true, bubbles: true, cancelable: true });
    dial.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(false);
    expect(updates(fake)).toHaveLength(2);
  });
});

describe('recordKey', () => {
  const press = (key: string, code: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key,
    code,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('names keys the way Electron accelerators do, by their position', () => {
    expect(recordKey(press('@', 'Digit2', { ctrlKey: true, shiftKey: true }), false)).toEqual({ kind: 'shortcut', accelerator: 'CommandOrControl+Shift+2' });
    expect(recordKey(press('ArrowUp', 'ArrowUp', { altKey: true }), false)).toEqual({ kind: 'shortcut', accelerator: 'Alt+Up' });
    expect(recordKey(press('F5', 'F5', { metaKey: true }), false)).toEqual({ kind: 'shortcut', accelerator: 'Super+F5' });
    expect(recordKey(press('1', 'Numpad1', { ctrlKey: true }), false)).toEqual({ kind: 'shortcut', accelerator: 'CommandOrControl+num1' });
    // On a Mac, Cmd is the command key and Ctrl is Control.
    expect(recordKey(press('r', 'KeyR', { metaKey: true, ctrlKey: true }), true)).toEqual({ kind: 'shortcut', accelerator: 'CommandOrControl+Control+R' });
    expect(recordKey(press('Alt', 'AltLeft', { altKey: true }), false)).toEqual({ kind: 'partial', accelerator: 'Alt' });
    expect(recordKey(press('Tab', 'Tab', { ctrlKey: true }), false)).toEqual({ kind: 'ignored' });
    expect(recordKey(press('Unidentified', 'IntlRo', { ctrlKey: true }), false)).toEqual({ kind: 'ignored' });
  });

  it('records only what the settings rule accepts once a modifier is held', () => {
    const recorded = recordKey(press('k', 'KeyK', { altKey: true, shiftKey: true }), false);
    expect(recorded.kind === 'shortcut' && isGlobalShortcut(recorded.accelerator)).toBe(true);
    const bare = recordKey(press('k', 'KeyK'), false);
    expect(bare.kind === 'shortcut' && isGlobalShortcut(bare.accelerator)).toBe(false);
  });

  it('describes an accelerator with this keyboard’s names', () => {
    expect(describeAccelerator('CommandOrControl+Shift+R', false)).toBe('Ctrl+Shift+R');
    expect(describeAccelerator('CommandOrControl+Alt+R', true)).toBe('Cmd+Option+R');
  });
});
