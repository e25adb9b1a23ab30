/**
 * Settings → Team archive in main (issue 29): the address checked by the collector's rule before
 * anything is saved, the password kept in the SecretStore only (never in settings, never in the
 * view a renderer gets), RINGSIDE_TEAM_DATABASE_URL winning, and words for an archive that does
 * not answer. (Reading a real archive: core/team/team-reader.test.ts.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import { MemorySecretStore } from '../core/ports';
import { RingsideError } from '../core/index';
import { AppTeam, TEAM_ARCHIVE_PASSWORD_KEY } from './app-team';

function setup(env: Record<string, string> = {}) {
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const secrets = new MemorySecretStore();
  const team = new AppTeam({
    env,
    secrets,
    settings: { get: () => settings, set: (next) => void (settings = next) },
    saveTarget: { save: async () => ({ saved: false, path: null }) },
  });
  return { team, secrets, settings: () => settings };
}

const refusal = async (work: Promise<unknown>) => {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RingsideError);
  return error as RingsideError;
};

describe('Settings → Team archive', () => {
  it('refuses another computer without TLS, and an address with its password inside, saving nothing', async () => {
    const { team, secrets, settings } = setup();
    expect((await refusal(team.set({ url: 'postgres://casey@db.example.com/team', password: 'pw' }))).message).toBe(
      'The team archive at db.example.com is on another computer: reach it over TLS (add ?sslmode=verify-full to the address).',
    );
    expect((await refusal(team.set({ url: 'postgres://casey:hunter2@127.0.0.1/team', password: null }))).message).toMatch(
      /^Leave the password out of the address/,
    );
    expect((await refusal(team.set({ url: 'http://db.example.com', password: null }))).message).toMatch(/must look like postgres:\/\//);
    expect(settings().teamArchiveUrl).toBeNull();
    expect(secrets.values.size).toBe(0);
  });

  it('keeps the password in the SecretStore only; the view says one is saved, never what it is; an archive that does not answer is told in words', async () => {
    const { team, secrets, settings } = setup();
    // A socket folder with no server in it: this computer, nothing listening.
    const folder = mkdtempSync(path.join(tmpdir(), 'ringside-no-pg-'));
    const url = `postgresql://casey@/team?host=${encodeURIComponent(folder)}`;
    const failure = await refusal(team.set({ url, password: 'hunter2' }));
    expect(failure.code).toBe('TEAM_ARCHIVE_UNREACHABLE');
    expect(failure.message).toMatch(/^Cannot open the team archive at .*Check the address, the user and password, and that PostgreSQL is running\.$/);
    expect(failure.message).not.toContain('hunter2');
    // Saved all the same, to be retried once the server runs.
    expect(settings().teamArchiveUrl).toBe(url);
    expect(JSON.stringify(settings())).not.toContain('hunter2');
    expect(await secrets.get(TEAM_ARCHIVE_PASSWORD_KEY)).toBe('hunter2');
    const view = await team.view();
    expect(view).toEqual({ url, hasPassword: true, fromEnvironment: false, reachable: null, waitingElsewhere: [] });
    expect(JSON.stringify(view)).not.toContain('hunter2');
    // Turning team mode off forgets the password too.
    expect(await team.set({ url: null, password: null })).toEqual({
      url: null,
      hasPassword: false,
      fromEnvironment: false,
      reachable: null,
      waitingElsewhere: [],
    });
    expect(secrets.values.size).toBe(0);
    await expect(team.analytics({ from: 0, to: 1, utcOffsetMinutes: 0 })).rejects.toThrow(/^Team mode is off/);
  });

  it('RINGSIDE_TEAM_DATABASE_URL wins over the address in Settings, and is said so', async () => {
    const { team } = setup({ RINGSIDE_TEAM_DATABASE_URL: 'postgres://lee@db.example.com/team' });
    expect((await team.view()).fromEnvironment).toBe(true);
    // The environment's address goes through the same rule when first used.
    expect((await refusal(team.analytics({ from: 0, to: 1, utcOffsetMinutes: 0 }))).message).toMatch(/reach it over TLS/);
  });
});
