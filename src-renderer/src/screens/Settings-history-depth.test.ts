import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings as SettingsValue } from '../../../src-shared/settings';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import Settings from './Settings.svelte';

/** Issue 27: "History goes back" chooses historyDepthDays (null = everything RingCentral keeps). */

function bridge(start: Partial<SettingsValue> = {}) {
  let current: SettingsValue = { ...structuredClone(DEFAULT_SETTINGS), ...start };
  return new FakeBridge(
    { settings: current },
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

const depth = () => screen.getByLabelText('History goes back') as HTMLSelectElement;
const updates = (fake: FakeBridge) => fake.calls.filter((c) => c.channel === 'settings.update').map((c) => c.request);

describe('Settings: History goes back', () => {
  it('shows 12 months by default, the five choices, and a one-line hint', async () => {
    await show(bridge());
    expect(depth().value).toBe('365');
    expect([...depth().options].map((o) => o.text)).toEqual(['30 days', '90 days', '6 months', '12 months', 'Everything RingCentral keeps']);
    expect(depth().getAttribute('aria-describedby')).toContain('history-depth-hint');
    expect(document.getElementById('history-depth-hint')?.textContent).toMatch(/fetches only the older calls.*most of an hour/);
  });

  it('saves days, or null for everything', async () => {
    const fake = bridge();
    const app = await show(fake);
    await fireEvent.change(depth(), { target: { value: '180' } });
    await waitFor(() => expect(app.settings?.historyDepthDays).toBe(180));
    await fireEvent.change(depth(), { target: { value: 'all' } });
    await waitFor(() => expect(app.settings?.historyDepthDays).toBeNull());
    expect(updates(fake)).toEqual([{ historyDepthDays: 180 }, { historyDepthDays: null }]);
    expect(depth().value).toBe('all');
  });

  it('a depth chosen elsewhere (the CLI) is shown as it is', async () => {
    await show(bridge({ historyDepthDays: 200 }));
    expect(depth().value).toBe('200');
    expect(depth().selectedOptions[0]?.text).toBe('200 days');
  });
});
