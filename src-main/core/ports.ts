/**
 * Everything the core needs from the outside world, as interfaces. The Electron shell
 * implements them with safeStorage, electron-store and Notification; tests, the CLI and
 * the Chromium harness implement them in memory or on disk.
 */

/** Encrypted storage for credentials. Values never leave main and are never logged. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface Clock {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void;
}

/**
 * Real time. Its timers keep Node's event loop alive: the core awaits them (the rate
 * planner's wait for a window), and an unref'd timer let the CLI exit mid-sync with
 * "unsettled top-level await". Whoever sets one cancels it when done (the core on stop).
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A secret store that keeps values in memory (tests, CLI `--demo`). */
export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
