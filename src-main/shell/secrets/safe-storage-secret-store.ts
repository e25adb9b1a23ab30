import { safeStorage } from 'electron';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger, SecretStore } from '../../core/ports';

/**
 * Credentials encrypted with the OS keychain (safeStorage, async API), one file per key.
 * When the OS offers no encryption the values stay in memory for this run only: a token is
 * never written to disk in plain text.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly memoryOnly = new Map<string, string>();
  private available: Promise<boolean> | null = null;

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    /** Tests on other systems check the Linux backend too. */
    private readonly platformOverride = false,
  ) {}

  private fileOf(key: string): string {
    return path.join(this.dir, `${key.replace(/[^a-zA-Z0-9._-]/g, '_')}.bin`);
  }

  private encryptionAvailable(): Promise<boolean> {
    this.available ??= safeStorage
      .isAsyncEncryptionAvailable()
      .then((available) => available && !this.plainTextBackend())
      .catch(() => false);
    return this.available;
  }

  /** On Linux without a keyring, Chromium "encrypts" with a password written in its source. */
  private plainTextBackend(): boolean {
    if (process.platform !== 'linux' && !this.platformOverride) return false;
    try {
      return safeStorage.getSelectedStorageBackend() === 'basic_text';
    } catch {
      return false;
    }
  }

  /**
   * Why credentials cannot be kept between launches (for a notice in the app), or null when
   * they are stored encrypted by the OS.
   */
  async persistenceProblem(): Promise<string | null> {
    if (await this.encryptionAvailable()) return null;
    return this.plainTextBackend()
      ? 'No system keyring (such as GNOME Keyring or KWallet) is available, so Ringside cannot store your sign-in securely. It keeps it only while Ringside runs: you will need to sign in each time you start Ringside.'
      : 'This system offers Ringside no secure storage for your sign-in, so it is kept only while Ringside runs: you will need to sign in each time you start Ringside.';
  }

  async get(key: string): Promise<string | null> {
    if (!(await this.encryptionAvailable())) return this.memoryOnly.get(key) ?? null;
    let data: Buffer;
    try {
      data = await readFile(this.fileOf(key));
    } catch {
      return null;
    }
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(data);
      if (shouldReEncrypt) await this.set(key, result);
      return result;
    } catch {
      this.logger.warn('A stored credential could not be decrypted; sign-in will be needed', { key });
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (!(await this.encryptionAvailable())) {
      this.logger.warn('No OS encryption available: credentials are kept for this session only');
      this.memoryOnly.set(key, value);
      return;
    }
    const encrypted = await safeStorage.encryptStringAsync(value);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(key);
    await writeFile(`${file}.tmp`, encrypted, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }

  async delete(key: string): Promise<void> {
    this.memoryOnly.delete(key);
    await rm(this.fileOf(key), { force: true });
  }
}
