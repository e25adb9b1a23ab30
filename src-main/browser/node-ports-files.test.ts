/**
 * Issue 26: the browser edition's files. Settings keep their good fields (item 13), exports
 * are written whole or not at all (item 11), and everything is for this user only (item 6).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { folderSaveTarget, JsonSettingsStore } from './node-ports';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'ringside-node-ports-'));
const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('browser edition settings (issue 26, item 13)', () => {
  it('one bad field falls back to its default; the others are kept, with a copy and a notice', () => {
    const file = path.join(fresh(), 'settings.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, theme: 'dark', defaultCountry: 'GB', playPrompt: 'loud' }));
    const store = new JsonSettingsStore(file);
    expect(store.get()).toMatchObject({ theme: 'dark', defaultCountry: 'GB', playPrompt: DEFAULT_SETTINGS.playPrompt });
    expect(store.notice).toMatch(/Some settings were not valid and were reset: playPrompt\. The previous file was kept as .*settings\.json\.invalid-/);
    const copy = store.notice!.match(/kept as (\S+)\.$/)![1]!;
    expect(JSON.parse(readFileSync(copy, 'utf8')).playPrompt).toBe('loud');
  });

  it('reads a good file that starts with a byte-order mark, with no notice', () => {
    const file = path.join(fresh(), 'settings.json');
    writeFileSync(file, '\uFEFF' + JSON.stringify({ ...DEFAULT_SETTINGS, theme: 'dark' }));
    const store = new JsonSettingsStore(file);
    expect(store.get().theme).toBe('dark');
    expect(store.notice).toBeNull();
  });
});

describe('browser edition exports (issue 26, item 11)', () => {
  it('a failure part-way leaves no file at all, and keeps the one there before', async () => {
    const folder = path.join(fresh(), 'exports');
    const target = folderSaveTarget(folder);
    expect(await target.save('calls.csv', ['a,b\n', '1,2\n'])).toEqual({ saved: true, path: path.join(folder, 'calls.csv') });
    function* failing() {
      yield 'c,d\n';
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    await expect(target.save('calls.csv', failing())).rejects.toThrow(/ENOSPC/);
    await expect(target.save('new.csv', failing())).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(path.join(folder, 'calls.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(existsSync(path.join(folder, 'new.csv'))).toBe(false);
    expect(readdirSync(folder)).toEqual(['calls.csv']);
  });
});

describe('browser edition file modes (issue 26, item 6)', () => {
  if (process.platform === 'win32') console.log("[file modes] skipped on Windows: it has no POSIX file modes (the folder is the user profile's).");
  it.runIf(process.platform !== 'win32')('settings and exports are 0600 in 0700 folders, even under a permissive umask', async () => {
    const previous = process.umask(0o022);
    try {
      const dir = path.join(fresh(), 'data');
      const store = new JsonSettingsStore(path.join(dir, 'settings.json'));
      store.set({ ...DEFAULT_SETTINGS, theme: 'dark' });
      expect(modeOf(dir)).toBe(0o700);
      expect(modeOf(path.join(dir, 'settings.json'))).toBe(0o600);
      const saved = await folderSaveTarget(path.join(dir, 'exports')).save('calls.csv', ['a\n']);
      expect(modeOf(path.join(dir, 'exports'))).toBe(0o700);
      expect(modeOf(saved.path!)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});
