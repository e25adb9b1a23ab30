import { SDK } from '@ringcentral/sdk';

/** Where and as which app Ringside talks to RingCentral (env vars, settings or demo mode). */
export interface ServerConfig {
  server: string;
  clientId: string;
  /** Absent for a public (PKCE-only) app. */
  clientSecret?: string | undefined;
  /** Loopback redirect for browser sign-in, e.g. http://127.0.0.1:PORT/callback. */
  redirectUri?: string | undefined;
  /**
   * How long before expiry the SDK refreshes the access token (SDK default: 60 s). A
   * sped-up simulator issues shorter-lived tokens and needs a proportionally shorter margin,
   * or every request would refresh first.
   */
  refreshHandicapMs?: number | undefined;
}

export const PRODUCTION_SERVER = 'https://platform.ringcentral.com';
export const SANDBOX_SERVER = 'https://platform.devtest.ringcentral.com';

/**
 * The SDK keeps its tokens in a synchronous Storage. Ours lives in memory only; the
 * session copies the tokens to the encrypted SecretStore itself, so nothing is ever
 * written in plain text.
 */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}

export function createSdk(config: ServerConfig): SDK {
  return new SDK({
    server: config.server,
    clientId: config.clientId,
    clientSecret: config.clientSecret ?? '',
    redirectUri: config.redirectUri ?? '',
    localStorage: new MemoryStorage(),
    appName: 'Ringside',
    appVersion: '0.1.0',
    // A failed refresh must not wipe the session silently: the session decides.
    clearCacheOnRefreshError: false,
    handleRateLimit: false,
    refreshDelayMs: 0,
    ...(config.refreshHandicapMs !== undefined ? { refreshHandicapMs: config.refreshHandicapMs } : {}),
  });
}
