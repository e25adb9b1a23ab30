import { app, globalShortcut, powerMonitor } from 'electron';
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

/** tel:, callto: and rcmobile://call links open Ringside (macOS delivers them as open-url events). */
export function registerProtocols(onUrl: (url: string) => void): void {
  for (const protocol of PROTOCOLS) app.setAsDefaultProtocolClient(protocol);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    onUrl(url);
  });
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
