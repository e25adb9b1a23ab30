import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetElectronMock, safeStorage } from '../../../test-support/electron-mock';
import { silentLogger } from '../../core/ports';
import { SafeStorageSecretStore } from './safe-storage-secret-store';

const TOKEN = JSON.stringify({ access_token: 'SIMAT-very-secret-access', refresh_token: 'SIMRT-very-secret-refresh' });

describe('SafeStorageSecretStore', () => {
  beforeEach(resetElectronMock);

  it('writes only encrypted bytes and reads them back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-secrets-'));
    const store = new SafeStorageSecretStore(dir, silentLogger);
    await store.set('ringcentral.auth', TOKEN);
    const files = readdirSync(dir);
    expect(files).toEqual(['ringcentral.auth.bin']);
    const onDisk = readFileSync(path.join(dir, files[0]!), 'utf8');
    expect(onDisk).not.toContain('very-secret');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalled();
    expect(await new SafeStorageSecretStore(dir, silentLogger).get('ringcentral.auth')).toBe(TOKEN);
    await store.delete('ringcentral.auth');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps credentials in memory only when the OS offers no encryption', async () => {
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValueOnce(false);
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-secrets-'));
    const store = new SafeStorageSecretStore(dir, silentLogger);
    await store.set('ringcentral.auth', TOKEN);
    expect(readdirSync(dir)).toEqual([]);
    expect(await store.get('ringcentral.auth')).toBe(TOKEN);
  });

  it('treats an undecryptable value as absent instead of failing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-secrets-'));
    const store = new SafeStorageSecretStore(dir, silentLogger);
    await store.set('k', 'v');
    safeStorage.decryptStringAsync.mockRejectedValueOnce(new Error('key changed'));
    expect(await store.get('k')).toBeNull();
  });
});

describe('SafeStorageSecretStore on Linux without a keyring (finding 12)', () => {
  beforeEach(resetElectronMock);

  it('treats the basic_text backend as no encryption: nothing on disk, and a reason for the user', async () => {
    safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-secrets-'));
    const store = new SafeStorageSecretStore(dir, silentLogger, true);
    await store.set('ringcentral.auth', TOKEN);
    expect(readdirSync(dir)).toEqual([]);
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(await store.get('ringcentral.auth')).toBe(TOKEN);
    expect(await store.persistenceProblem()).toMatch(/sign in each time/);
    safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
    expect(await new SafeStorageSecretStore(dir, silentLogger, true).persistenceProblem()).toBeNull();
  });
});
