/**
 * The main-process entry of the test build (`npm run build:e2e`, into out-e2e/): the real
 * app plus a hook through which the real-Electron specs read the tray and notifications and
 * drive the demo simulator. It lives with the specs and is never part of the production
 * bundle in out/ (the security gate's bundle scan checks that).
 */
import { app } from 'electron';
import path from 'node:path';
import type { TrayModel } from '../../src-main/app/tray-model';
import { consoleLogger, shellPaths, startShell, type RunningShell } from '../../src-main/shell/main-process';
import { TEST_BUILD_OUT_DIR, type ElectronTestHook } from './test-hook';

// Built to out-e2e/main/index.js: the project root is two folders up.
const projectRoot = path.resolve(import.meta.dirname, '../..');

let running: RunningShell | null = null;
let lastTray: TrayModel | null = null;
const hook: ElectronTestHook = {
  tray: () => lastTray,
  notifications: [],
  simulator: () => (running?.controller.demoSimulator as unknown as ReturnType<ElectronTestHook['simulator']>) ?? null,
};
(globalThis as { __ringsideE2E?: ElectronTestHook }).__ringsideE2E = hook;

const demoTimeScale = Number(process.env['RINGSIDE_DEMO_TIME_SCALE']) || undefined;
const demoHistory = Number(process.env['RINGSIDE_DEMO_HISTORY']) || undefined;

startShell(
  shellPaths(projectRoot, null, TEST_BUILD_OUT_DIR),
  consoleLogger,
  process.env,
  { timeScale: demoTimeScale, seedHistory: demoHistory },
  {
    trayUpdated: (model) => (lastTray = model),
    notificationShown: (notification) => hook.notifications.push(notification.body),
  },
)
  .then((shell) => (running = shell))
  .catch((error: unknown) => {
    consoleLogger.error('Ringside (test build) could not start', { error: (error as Error).message });
    app.exit(1);
  });
