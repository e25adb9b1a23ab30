/** Issue 30: Settings → Wrap-up (off / ask / require, and the countdown's seconds). */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings as SettingsValue } from '../../../src-shared/settings';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import Settings from './Settings.svelte';

async function show() {
  let current: SettingsValue = structuredClone(DEFAULT_SETTINGS);
  const fake = new FakeBridge(
    {},
    {
      'settings.update': (patch) => {
        current = { ...current, ...(patch as Partial<SettingsValue>) };
        return { ok: true, value: current };
      },
      'webhooks.list': () => ({ ok: true, value: { endpoints: [], failed: [] } }),
      'dispositions.list': () => ({ ok: true, value: [] }),
    },
  );
  const app = new AppState(fake);
  await app.start();
  render(Settings, { app });
  return { app, fake };
}

const updates = (fake: FakeBridge) => fake.calls.filter((c) => c.channel === 'settings.update').map((c) => c.request);

describe('Settings → Wrap-up', () => {
  it('off by default with the seconds greyed; choosing Require saves it and the seconds can be set', async () => {
    const { app, fake } = await show();
    expect((screen.getByLabelText('Nothing') as HTMLInputElement).checked).toBe(true);
    const seconds = screen.getByLabelText('Wrap-up time (seconds)') as HTMLInputElement;
    expect(seconds.disabled).toBe(true);
    expect(seconds.value).toBe('60');
    await fireEvent.click(screen.getByLabelText('Require a wrap-up before the next call'));
    await waitFor(() => expect(app.settings?.wrapUp).toBe('require'));
    expect(seconds.disabled).toBe(false);
    await fireEvent.input(seconds, { target: { value: '90' } });
    await fireEvent.blur(seconds);
    await waitFor(() => expect(app.settings?.wrapUpSeconds).toBe(90));
    expect(updates(fake)).toEqual([{ wrapUp: 'require' }, { wrapUpSeconds: 90 }]);
  });

  it('seconds out of range are refused in words beside the field, and not sent', async () => {
    const { fake } = await show();
    await fireEvent.click(screen.getByLabelText('Offer a wrap-up (can be skipped)'));
    await waitFor(() => expect(updates(fake)).toEqual([{ wrapUp: 'ask' }]));
    const seconds = screen.getByLabelText('Wrap-up time (seconds)') as HTMLInputElement;
    await fireEvent.input(seconds, { target: { value: '5' } });
    await fireEvent.keyDown(seconds, { key: 'Enter' });
    expect((await screen.findByText('Choose between 10 and 600 seconds.')).id).toBe('wrapUpSeconds-error');
    expect(seconds.getAttribute('aria-invalid')).toBe('true');
    expect(updates(fake)).toEqual([{ wrapUp: 'ask' }]);
  });
});
