import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetElectronMock } from '../../../test-support/electron-mock';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { silentLogger } from '../../core/ports';
import { migrate, openSettingsFile, recoverSettings } from './settings-file';

const dir = () => mkdtempSync(path.join(tmpdir(), 'ringside-settings-'));

describe('settings file', () => {
  beforeEach(resetElectronMock);

  it('starts from defaults and keeps what is set', () => {
    const folder = dir();
    const first = openSettingsFile(folder, silentLogger);
    expect(first.store.get()).toEqual(DEFAULT_SETTINGS);
    first.store.set({ ...first.store.get(), theme: 'dark', defaultCountry: 'GB' });
    const again = openSettingsFile(folder, silentLogger);
    expect(again.store.get()).toMatchObject({ theme: 'dark', defaultCountry: 'GB' });
    expect(again.notice).toBeNull();
  });

  it('sets an unreadable file aside, keeps it, and says so', () => {
    const folder = dir();
    writeFileSync(path.join(folder, 'settings.json'), '{ "version": 1, "settings": { "theme": "dark"');
    const opened = openSettingsFile(folder, silentLogger);
    expect(opened.notice).toMatch(/could not be read; it was kept as/);
    const aside = readdirSync(folder).find((f) => f.startsWith('settings.json.corrupt-'))!;
    expect(readFileSync(path.join(folder, aside), 'utf8')).toContain('"theme": "dark"');
    expect(opened.store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('resets only the invalid fields and keeps the rest', () => {
    const { settings, dropped } = recoverSettings({ theme: 'neon', defaultCountry: 'DE', playPrompt: true, notifications: { muted: 'yes' } });
    expect(dropped.sort()).toEqual(['notifications', 'theme']);
    expect(settings).toMatchObject({ theme: 'system', defaultCountry: 'DE', playPrompt: true, notifications: DEFAULT_SETTINGS.notifications });
  });

  it('migrates settings written by older versions', () => {
    expect(migrate({ version: 0, settings: { darkMode: true, playPrompt: true } })).toEqual({ theme: 'dark', playPrompt: true });
    expect(migrate(undefined)).toEqual({});
  });

  it('refuses to store an invalid value', () => {
    const { store } = openSettingsFile(dir(), silentLogger);
    expect(() => store.set({ ...store.get(), theme: 'neon' as never })).toThrow();
    expect(store.get().theme).toBe('system');
  });
});

describe('settings file faults (finding 14)', () => {
  beforeEach(resetElectronMock);
  const write = (folder: string, text: string) => writeFileSync(path.join(folder, 'settings.json'), text);
  const backups = (folder: string) => readdirSync(folder).filter((f) => f.startsWith('settings.json.invalid-'));

  it('backs up valid JSON of the wrong shape before resetting it', () => {
    const folder = dir();
    write(folder, '[1, 2, 3]');
    const opened = openSettingsFile(folder, silentLogger);
    expect(opened.store.get()).toEqual(DEFAULT_SETTINGS);
    expect(opened.notice).toMatch(/kept as/);
    expect(backups(folder).map((f) => readFileSync(path.join(folder, f), 'utf8'))).toEqual(['[1, 2, 3]']);
  });

  it('backs up a file whose invalid values are reset', () => {
    const folder = dir();
    const original = JSON.stringify({ version: 1, settings: { theme: 'neon', ringMeAt: '+16505550198' } });
    write(folder, original);
    const opened = openSettingsFile(folder, silentLogger);
    expect(opened.store.get()).toMatchObject({ theme: 'system', ringMeAt: '+16505550198' });
    expect(backups(folder).map((f) => readFileSync(path.join(folder, f), 'utf8'))).toEqual([original]);
  });

  it('reads a good file that starts with a byte-order mark', () => {
    const folder = dir();
    write(folder, `\uFEFF${JSON.stringify({ version: 1, settings: { theme: 'dark', defaultCountry: 'FR' } })}`);
    const opened = openSettingsFile(folder, silentLogger);
    expect(opened.store.get()).toMatchObject({ theme: 'dark', defaultCountry: 'FR' });
    expect(opened.notice).toBeNull();
    expect(readdirSync(folder).filter((f) => f !== 'settings.json')).toEqual([]);
  });

  it('never downgrades a file from a newer Ringside: used read-only, with a notice', () => {
    const folder = dir();
    const newer = JSON.stringify({ version: 99, settings: { theme: 'dark', futureOption: { a: 1 } } });
    write(folder, newer);
    const opened = openSettingsFile(folder, silentLogger);
    expect(opened.store.get()).toMatchObject({ theme: 'dark' });
    expect(opened.notice).toMatch(/newer version of Ringside/);
    opened.store.set({ ...opened.store.get(), theme: 'light' });
    expect(opened.store.get().theme).toBe('light');
    expect(readFileSync(path.join(folder, 'settings.json'), 'utf8')).toBe(newer);
  });
});
