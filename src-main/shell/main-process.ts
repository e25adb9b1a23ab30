import { app, Notification, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInProgress } from '../../src-shared/calls';
import type { EventChannel, EventPayloads } from '../../src-shared/ipc-contract';
import type { Settings } from '../../src-shared/settings';
import { AppController } from '../app/app-controller';
import { assertExternalUrl } from '../app/external-url';
import type { EventSink } from '../app/app-ports';
import type { DemoOptions } from '../app/demo-server';
import { handlerTable } from '../app/ipc-handlers';
import { dialLinkFromArgs } from '../app/protocol-url';
import type { CallNotification } from '../core/index';
import type { Logger } from '../core/ports';
import { broadcastToWindows, registerIpcHandlers } from './ipc/ipc-bridge';
import { ElectronNotifier } from './notify/electron-notifier';
import { DialHotkey } from './os/dial-hotkey';
import {
  applyAppMenu,
  applyLaunchAtLogin,
  applyTelLinkHandling,
  bindQuickDial,
  claimSingleInstance,
  listenForProtocolLinks,
  watchPower,
} from './os/os-integration';
import { saveDialogTarget } from './save-dialog';
import { SafeStorageSecretStore } from './secrets/safe-storage-secret-store';
import { openSettingsFile } from './settings/settings-file';
import { TrayController } from './tray/tray-controller';
import { startUpdates } from './updates/updates';
import type { UpdateController } from '../app/updates/update-controller';
import type { TrayModel } from '../app/tray-model';
import { WindowController } from './windows/window-controller';

/** How long quitting waits for the core to stop (a history page in flight gives up after 3 s). */
export const STOP_GRACE_MS = 5_000;

export interface ShellPaths {
  preload: string;
  rendererDir: string;
  trayIcons: string;
  devServerUrl: string | null;
}

/** Paths of the built app, relative to the app root (the project in dev, app.asar when packaged). */
export function shellPaths(appRoot: string, devServerUrl: string | null, outDir = 'out'): ShellPaths {
  return {
    preload: path.join(appRoot, outDir, 'preload/index.cjs'),
    rendererDir: path.join(appRoot, outDir, 'renderer'),
    trayIcons: path.join(appRoot, 'resources/tray'),
    devServerUrl,
  };
}

/** Console logging for main; callers never pass credentials into details. */
export const consoleLogger: Logger = {
  info: (message, details) => console.info(`[ringside] ${message}`, details ?? ''),
  warn: (message, details) => console.warn(`[ringside] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[ringside] ${message}`, details ?? ''),
};

/** Lets a caller watch what the shell shows, without reaching into it (the real-Electron specs' test build does). */
export interface ShellObserver {
  trayUpdated?(model: TrayModel): void;
  notificationShown?(notification: CallNotification): void;
}

export interface RunningShell {
  controller: AppController;
  windows: WindowController;
  /** The dial-the-selection shortcut; `press(text)` is what the real-Electron specs' hook uses. */
  dialHotkey: DialHotkey;
  tray: { update(model: TrayModel): void; bounds(): { x: number; y: number; width: number; height: number }; destroy(): void };
  stop(): Promise<void>;
}

/**
 * The Electron main process: single instance, tel:/callto: links, tray, windows, IPC,
 * notifications, quick-dial shortcut, launch at login and power events around the
 * Electron-free AppController. Resolves null in a second instance (it hands over and quits).
 */
export async function startShell(
  paths: ShellPaths,
  logger: Logger = consoleLogger,
  env: Record<string, string | undefined> = process.env,
  demo?: DemoOptions,
  observer: ShellObserver = {},
): Promise<RunningShell | null> {
  let controller: AppController | null = null;
  let windows: WindowController | null = null;
  let updates: UpdateController | null = null;
  const pendingUrls: string[] = [];
  const openLink = (url: string) => (controller ? controller.handleProtocolUrl(url) : pendingUrls.push(url));

  const primary = claimSingleInstance((_args, url) => {
    if (url) openLink(url);
    else windows?.focusAny();
  });
  if (!primary) return null;
  listenForProtocolLinks(openLink);
  app.enableSandbox();
  await app.whenReady();
  applyAppMenu(app.isPackaged);

  const userData = app.getPath('userData');
  const { store: settings, notice } = openSettingsFile(userData, logger);
  const source = { devServerUrl: paths.devServerUrl, appPage: pathToFileURL(path.join(paths.rendererDir, 'index.html')).href };
  windows = new WindowController(paths.preload, paths.rendererDir, source, settings);
  const windowsRef = windows;
  let shortcut: string | null = null;
  const dialHotkey = new DialHotkey((text) => controller?.dialFromText(text));
  const applyOsSettings = (next: Settings) => {
    const refusal = bindQuickDial(next.globalShortcut, shortcut, () => windowsRef.togglePopover(tray.bounds()));
    shortcut = refusal ? null : next.globalShortcut;
    if (refusal) broadcastToWindows.send('notice', { message: refusal });
    // Shown next to the field in Settings (and in the snapshot of a window opened later).
    controller?.reportDialHotkey(dialHotkey.bind(next.dialHotkey, shortcut));
    applyLaunchAtLogin(next.launchAtLogin);
    applyTelLinkHandling(next.handleTelLinks);
  };
  const events: EventSink = {
    send<E extends EventChannel>(channel: E, payload: EventPayloads[E]) {
      broadcastToWindows.send(channel, payload);
      if (channel === 'settings.changed') applyOsSettings(payload as Settings);
    },
  };
  const trayController = new TrayController(paths.trayIcons, {
    togglePopover: (bounds) => windowsRef.togglePopover(bounds),
    cancelCall: (id) => void controller?.cancelCall(id).catch((error: Error) => events.send('notice', { message: error.message })),
    // The same confirmation as a link or History's "Call again": never a call on one click.
    callAgain: (number) => {
      try {
        controller?.askToCall(number);
      } catch (error) {
        events.send('notice', { message: (error as Error).message });
      }
    },
    openHistory: () => windowsRef.open('history'),
    openTeamBoard: () => windowsRef.open('teamBoard'),
    openSettings: () => windowsRef.open('settings'),
    signIn: () => windowsRef.open('signIn'),
    signOut: () => void controller?.signOut(),
    restartToUpdate: () => void updates?.restartToUpdate(),
    quit: () => app.quit(),
  });
  const tray = {
    update(model: TrayModel) {
      observer.trayUpdated?.(model);
      trayController.update(model);
      // The tray follows every call change: a restart waiting for the calls to end goes ahead now if it may.
      updates?.callsChanged();
    },
    bounds: () => trayController.bounds(),
    destroy: () => trayController.destroy(),
  };

  const electronNotifier = new ElectronNotifier((callId) => controller?.notificationClicked(callId));
  const secrets = new SafeStorageSecretStore(path.join(userData, 'secrets'), logger);
  controller = await AppController.start({
    secrets,
    settings,
    notifier: {
      show: (notification) => {
        observer.notificationShown?.(notification);
        electronNotifier.show(notification);
      },
      withdraw: (tag) => electronNotifier.withdraw(tag),
    },
    tray,
    windows,
    // security-reviewed: the URL is RingCentral's authorize page, built by the core for sign-in.
    browser: { open: (url) => shell.openExternal(assertExternalUrl(url)) },
    saveTarget: saveDialogTarget,
    events,
    logger,
    dataDir: userData,
    env,
    demo,
  });
  const stopIpc = registerIpcHandlers(handlerTable(controller), source, logger);
  applyOsSettings(settings.get());
  watchPower(() => void controller?.resumeAfterSleep(), logger);
  // Keeps the tray honest as time passes (a failed call's red fades after a minute).
  const trayTimer = setInterval(() => controller?.refreshTray(), 15_000);
  if (notice) controller.addNotice(notice);
  // Without secure storage the user must sign in at every launch: say why, in the app.
  const secretsProblem = await secrets.persistenceProblem();
  if (secretsProblem) {
    logger.warn('Credentials are kept in memory only', { reason: secretsProblem });
    controller.addNotice(secretsProblem);
  }

  const firstUrl = dialLinkFromArgs(process.argv);
  if (firstUrl) pendingUrls.push(firstUrl);
  for (const url of pendingUrls.splice(0)) controller.handleProtocolUrl(url);
  if (controller.currentSession.status === 'signedOut') windows.open('signIn');

  updates = await startUpdates({
    isPackaged: app.isPackaged,
    logger,
    // Any call still placing, ringing or connected, not only the one the tray shows.
    isCallLive: () => controller?.snapshot().calls.some(isInProgress) ?? false,
    showMenuItem: (item) => trayController.setUpdateItem(item),
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
  });

  // A tray app: closing every window keeps Ringside running in the tray.
  app.on('window-all-closed', () => undefined);
  const running: RunningShell = {
    controller,
    windows,
    dialHotkey,
    tray,
    async stop() {
      updates?.stop();
      clearInterval(trayTimer);
      stopIpc();
      tray.destroy();
      await controller?.stop();
    },
  };
  // Quitting waits for the core to stop (at most STOP_GRACE_MS), so the archive is closed
  // cleanly: an archive left open is checked whole at the next start (Archive.open).
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS));
    void Promise.race([running.stop(), grace])
      .catch((error: unknown) => logger.warn('Ringside did not stop cleanly', { error: (error as Error).message }))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  return running;
}
