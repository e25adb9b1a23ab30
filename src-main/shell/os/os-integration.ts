import { app, globalShortcut, Menu, powerMonitor, type MenuItemConstructorOptions } from 'electron';
import type { Logger } from '../../core/ports';
import { dialLinkFromArgs } from '../../app/protocol-url';

export const PROTOCOLS = ['tel', 'callto', 'rcmobile'] as const;

/**
 * Single instance: a second launch (e.g. a tel: link clicked while Ringside runs) hands its
 * arguments to the first one and quits. Returns false when this process is the second.
 */
export function claimSingleInstance(onSecondLaunch: (args: string[], protocolUrl: string | null) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv: string[]) => onSecondLaunch(argv, dialLinkFromArgs(argv)));
  return true;
}

/** tel:, callto: and rcmobile://call links that reach Ringside open it (macOS delivers them as open-url events). */
export function listenForProtocolLinks(onUrl: (url: string) => void): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    onUrl(url);
  });
}

/**
 * Ringside becomes the system's app for tel:/callto: links only when the user asked for it
 * in Settings (never by itself at launch), and gives them back when the user turns it off.
 */
export function applyTelLinkHandling(enabled: boolean): void {
  for (const protocol of PROTOCOLS) {
    if (enabled) app.setAsDefaultProtocolClient(protocol);
    else if (app.isDefaultProtocolClient(protocol)) app.removeAsDefaultProtocolClient(protocol);
  }
}

/**
 * The application menu: a packaged app has no View menu with DevTools or reload; macOS
 * keeps the app, edit (copy and paste) and window menus. Development keeps Electron's default.
 */
export function applyAppMenu(packaged: boolean, platform: NodeJS.Platform = process.platform): void {
  if (!packaged) return;
  const template: MenuItemConstructorOptions[] = [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
  Menu.setApplicationMenu(platform === 'darwin' ? Menu.buildFromTemplate(template) : null);
}

/** (Re)binds the quick-dial shortcut; returns a message when the OS refused it. */
export function bindQuickDial(accelerator: string | null, previous: string | null, onPress: () => void): string | null {
  if (previous) globalShortcut.unregister(previous);
  if (!accelerator) return null;
  try {
    if (globalShortcut.register(accelerator, onPress)) return null;
  } catch {
    // An accelerator Electron cannot parse.
  }
  return `The shortcut ${accelerator} is not available (another app may use it). Choose another in Settings.`;
}

export function applyLaunchAtLogin(enabled: boolean): void {
  app.setLoginItemSettings({ openAtLogin: enabled });
}

/** After sleep, a screen unlock or a network change, check the token and catch up. */
export function watchPower(onWake: () => void, logger: Logger): void {
  powerMonitor.on('resume', () => {
    logger.info('System resumed: checking the session');
    onWake();
  });
  powerMonitor.on('unlock-screen', () => onWake());
}
