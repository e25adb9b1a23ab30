/** What the test build's main process exposes as `globalThis.__ringsideE2E` (see main-with-test-hook.ts). */
export interface ElectronTestHook {
  tray(): { icon: string; tooltip: string } | null;
  notifications: string[];
  simulator(): Record<string, (...args: unknown[]) => unknown> | null;
}

/** Where `electron-vite build --mode e2e` puts the test build (never out/, which ships). */
export const TEST_BUILD_OUT_DIR = 'out-e2e';
