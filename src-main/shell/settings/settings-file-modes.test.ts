/** Issue 26, item 6, in the app: the settings file is 0600 in a 0700 folder, and an old readable one is made private. */
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetElectronMock } from '../../../test-support/electron-mock';
import { silentLogger } from '../../core/ports';
import { openSettingsFile } from './settings-file';

const modeOf = (file: string) => statSync(file).mode & 0o777;

if (process.platform === 'win32') console.log('[settings file modes] skipped on Windows: it has no POSIX file modes.');
describe.runIf(process.platform !== 'win32')('settings file modes (issue 26, item 6)', () => {
  beforeEach(resetElectronMock);

  it('writes settings 0600 in a 0700 folder under umask 022, and tightens a folder left 0755', () => {
    const previous = process.umask(0o022);
    try {
      const folder = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-settings-modes-')), 'userData');
      const { store } = openSettingsFile(folder, silentLogger);
      store.set({ ...store.get(), theme: 'dark' });
      expect(modeOf(folder)).toBe(0o700);
      expect(modeOf(path.join(folder, 'settings.json'))).toBe(0o600);
      chmodSync(folder, 0o755);
      openSettingsFile(folder, silentLogger);
      expect(modeOf(folder)).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });
});
