/**
 * The main-process entry of the test build (`npm run build:e2e`, into out-e2e/): the real
 * app plus a hook through which the real-Electron specs read the tray and notifications and
 * drive the demo simulator. It lives with the specs and is never part of the production
 * bundle in out/ (the security gate's bundle scan checks that).
 */
import { app, Notification, safeStorage, Tray, type Menu } from 'electron';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SafeStorageSecretStore } from '../../src-main/shell/secrets/safe-storage-secret-store';
import type { TrayModel } from '../../src-main/app/tray-model';
import { consoleLogger, shellPaths, startShell, type RunningShell } from '../../src-main/shell/main-process';
import { TEST_BUILD_OUT_DIR, type ElectronTestHook } from './test-hook';

// Built to out-e2e/main/index.js: the project root is two folders up.
const projectRoot = path.resolve(import.meta.dirname, '../..');

let running: RunningShell | null = null;
let lastTray: TrayModel | null = null;
let lastMenu: Menu | null = null;
const shown: Notification[] = [];

// Watch the real Tray's menu and the real notifications as the shell sets and shows them.
const setContextMenu = Tray.prototype.setContextMenu;
Tray.prototype.setContextMenu = function (this: Tray, menu: Menu | null) {
  lastMenu = menu;
  return setContextMenu.call(this, menu);
};
const show = Notification.prototype.show;
Notification.prototype.show = function (this: Notification) {
  shown.push(this);
  return show.call(this);
};

const hook: ElectronTestHook = {
  tray: () => lastTray,
  trayMenu: () => lastMenu?.items.map((item) => ({ label: item.type === 'separator' ? '—' : item.label, enabled: item.enabled })) ?? null,
  notifications: [],
  nativeNotifications: () => shown.map((n) => n.title),
  clickNotification: (index) => shown[index]?.emit('click') ?? false,
  pressDialHotkey: async (selection) => running?.dialHotkey.press(selection),
  simulator: () => (running?.controller.demoSimulator as unknown as ReturnType<ElectronTestHook['simulator']>) ?? null,
  async secretsRoundTrip(value) {
    const dir = await mkdtemp(path.join(tmpdir(), 'ringside-secrets-'));
    const store = new SafeStorageSecretStore(dir, consoleLogger);
    await store.set('probe', value);
    const files = await readdir(dir).catch(() => [] as string[]);
    const filesOnDisk = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'latin1')));
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
    return { backend, problem: await store.persistenceProblem(), readBack: await store.get('probe'), filesOnDisk };
  },
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
