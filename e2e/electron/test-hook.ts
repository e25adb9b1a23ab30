/** What the test build's main process exposes as `globalThis.__ringsideE2E` (see main-with-test-hook.ts). */
export interface ElectronTestHook {
  tray(): { icon: string; tooltip: string } | null;
  /** The items of the menu last set on the real Tray (label, enabled; separators as '—'). */
  trayMenu(): Array<{ label: string; enabled: boolean }> | null;
  notifications: string[];
  /** Titles of the real Notification objects shown, in order. */
  nativeNotifications(): string[];
  /** Emits 'click' on the index-th real Notification shown, as the OS does when the user clicks it. */
  clickNotification(index: number): boolean;
  /** Presses the global dial hotkey with this text as the selection (the DialHotkey seam). */
  pressDialHotkey(selection: string): Promise<void>;
  simulator(): Record<string, (...args: unknown[]) => unknown> | null;
  /**
   * Stores `value` with the app's own SafeStorageSecretStore in a fresh folder and reads it
   * back: what was written to disk, what came back, and the store's persistence problem.
   */
  secretsRoundTrip(value: string): Promise<{ backend: string | null; problem: string | null; readBack: string | null; filesOnDisk: string[] }>;
}

/** Where `electron-vite build --mode e2e` puts the test build (never out/, which ships). */
export const TEST_BUILD_OUT_DIR = 'out-e2e';
