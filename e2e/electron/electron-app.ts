/** Launching the real app in Electron for the real-Electron specs, and reaching into it. */
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findElectronBinary } from './electron-binary';
import { TEST_BUILD_OUT_DIR, type ElectronTestHook as Hook } from './test-hook';

export const binary = findElectronBinary();
export const skipReason = 'missing' in binary ? `real-Electron spec skipped: ${binary.missing}` : '';

const testBuildMain = path.resolve(TEST_BUILD_OUT_DIR, 'main/index.js');

/** The specs run the test build (the app plus its test hook), built once on first use. */
function ensureTestBuild(): void {
  if (existsSync(testBuildMain)) return;
  // npx is a .cmd file on Windows, which Node starts only through a shell (constant arguments).
  const built = spawnSync('npx', ['electron-vite', 'build', '--mode', 'e2e'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) throw new Error('The test build failed: npm run build:e2e');
}

/** The environment every launch gets: demo mode, the simulator sped up. */
export const launchEnv = (env: Record<string, string> = {}) => ({
  ...process.env,
  RINGSIDE_DEMO_TIME_SCALE: '20',
  RC_SERVER_URL: '',
  RC_CLIENT_ID: '',
  ...env,
});

/** The command line of the test build, for starting a second instance by hand. */
export const testBuildCommand = (args: string[]) => ({ binary: 'path' in binary ? binary.path : '', args: [testBuildMain, ...args] });

export async function launch(args: string[] = [], env: Record<string, string> = {}): Promise<ElectronApplication> {
  if (!('path' in binary)) throw new Error(skipReason);
  ensureTestBuild();
  return electron.launch({
    executablePath: binary.path,
    args: [testBuildMain, ...args],
    env: launchEnv(env),
  });
}

type Bridge = { invoke(channel: string, request: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> };

export const invoke = (page: Page, channel: string, request: unknown) =>
  page.evaluate(([c, r]) => (window as unknown as { ringside: Bridge }).ringside.invoke(c as string, r), [channel, request] as const);

export const trayModel = (app: ElectronApplication) => app.evaluate(() => (globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.tray());
export const notifications = (app: ElectronApplication) =>
  app.evaluate(() => [...(globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.notifications]);

/** Runs a simulator control in the main process (demo mode), e.g. 'killWebSockets'. */
export const simulator = (app: ElectronApplication, method: string, ...args: unknown[]) =>
  app.evaluate(
    (_electron, [m, a]) => {
      const sim = (globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.simulator();
      if (!sim) throw new Error('not in demo mode');
      return (sim[m as string] as (...x: unknown[]) => unknown).apply(sim, a as unknown[]);
    },
    [method, args] as const,
  );

export const trayMenu = (app: ElectronApplication) => app.evaluate(() => (globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.trayMenu());
export const nativeNotifications = (app: ElectronApplication) =>
  app.evaluate(() => (globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.nativeNotifications());
export const clickNotification = (app: ElectronApplication, index: number) =>
  app.evaluate((_electron, i) => (globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.clickNotification(i), index);
export const pressDialHotkey = (app: ElectronApplication, selection: string) =>
  app.evaluate((_electron, text) => (globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.pressDialHotkey(text), selection);
export const secretsRoundTrip = (app: ElectronApplication, value: string) =>
  app.evaluate((_electron, v) => (globalThis as unknown as { __ringsideE2E: Hook }).__ringsideE2E.secretsRoundTrip(v), value);
