import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../app/atomic-write';
import { ensurePrivateDir } from '../core/index';
import type { SecretStore } from '../core/ports';

/**
 * The CLI's SecretStore for webhook signing secrets: one file in its data folder, 0600 in a
 * 0700 folder (the CLI has no OS keychain; the desktop app keeps them encrypted with
 * safeStorage). Everything else (RingCentral tokens) stays in memory, as before.
 */
export class CliSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'webhook-secrets.json');
    ensurePrivateDir(dataDir);
  }

  private isWebhookKey(key: string): boolean {
    return key.startsWith('webhook-secret:');
  }

  private readFile(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  async get(key: string): Promise<string | null> {
    if (!this.isWebhookKey(key)) return this.memory.get(key) ?? null;
    return this.readFile()[key] ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    if (!this.isWebhookKey(key)) return void this.memory.set(key, value);
    await writeFileAtomically(this.file, [JSON.stringify({ ...this.readFile(), [key]: value })]);
  }

  async delete(key: string): Promise<void> {
    if (!this.isWebhookKey(key)) return void this.memory.delete(key);
    const all = this.readFile();
    if (!(key in all)) return;
    delete all[key];
    await writeFileAtomically(this.file, [JSON.stringify(all)]);
  }
}
