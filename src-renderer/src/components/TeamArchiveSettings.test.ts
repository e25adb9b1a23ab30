/** Issue 29: Settings → Team archive over a scripted bridge (main's checks: src-main/app/app-team.test.ts). */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TeamArchiveView } from '../../../src-shared/team-analytics';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { RingsideClient } from '../lib/ringside-client';
import TeamArchiveSettings from './TeamArchiveSettings.svelte';

const off: TeamArchiveView = { url: null, hasPassword: false, fromEnvironment: false, reachable: null, waitingElsewhere: [] };

describe('Settings → Team archive', () => {
  it('saves the address and password, says the archive answered, and never shows the password again', async () => {
    let saved = off;
    const bridge = new FakeBridge(
      {},
      {
        'teamArchive.get': () => ({ ok: true, value: saved }),
        'teamArchive.set': (request) => {
          const { url } = request as { url: string };
          saved = { url, hasPassword: true, fromEnvironment: false, reachable: true, waitingElsewhere: [] };
          return { ok: true, value: saved };
        },
      },
    );
    render(TeamArchiveSettings, { client: new RingsideClient(bridge) });
    await fireEvent.input(await screen.findByLabelText('Address'), { target: { value: 'postgres://casey@db.example.com/team?sslmode=verify-full' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'hunter2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save and check' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('The team archive answered: team mode is on.'));
    expect(bridge.calls.find((c) => c.channel === 'teamArchive.set')!.request).toEqual({
      url: 'postgres://casey@db.example.com/team?sslmode=verify-full',
      password: 'hunter2',
    });
    const field = screen.getByLabelText('Password') as HTMLInputElement;
    expect(field.value).toBe('');
    expect(field.placeholder).toMatch(/^Saved/);
    expect(screen.getByRole('button', { name: 'Turn team mode off' })).toBeTruthy();
  });

  it('shows main’s words for an address it refuses, on the field', async () => {
    const words = 'The team archive at db.example.com is on another computer: reach it over TLS (add ?sslmode=verify-full to the address).';
    const bridge = new FakeBridge(
      {},
      {
        'teamArchive.get': () => ({ ok: true, value: off }),
        'teamArchive.set': () => ({ ok: false, error: { code: 'INVALID_REQUEST', message: words } }),
      },
    );
    render(TeamArchiveSettings, { client: new RingsideClient(bridge) });
    const address = await screen.findByLabelText('Address');
    await fireEvent.input(address, { target: { value: 'postgres://casey@db.example.com/team' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save and check' }));
    expect((await screen.findByRole('alert')).textContent).toBe(words);
    expect(address.getAttribute('aria-invalid')).toBe('true');
  });

  it('says when RINGSIDE_TEAM_DATABASE_URL wins', async () => {
    const bridge = new FakeBridge({}, { 'teamArchive.get': () => ({ ok: true, value: { ...off, fromEnvironment: true } }) });
    render(TeamArchiveSettings, { client: new RingsideClient(bridge) });
    expect((await screen.findByRole('note')).textContent).toMatch(/^RINGSIDE_TEAM_DATABASE_URL is set/);
  });
});
