/**
 * Updates in the packaged app: electron-updater behind UpdateController, its state in the
 * tray menu and, when worth it, a notification. A development run (not packaged) never
 * checks; a failure to set the updater up is logged and leaves Ringside running without it.
 */
import { systemClock, type Logger } from '../../core/ports';
import { UpdateController, type UpdateStatus } from '../../app/updates/update-controller';
import { updateMenuItem, updateNotification } from '../../app/updates/update-words';
import type { AppUpdater } from 'electron-updater';
import { ElectronUpdaterSource } from './electron-updater-source';

export interface UpdateShellPorts {
  isPackaged: boolean;
  logger: Logger;
  isCallLive(): boolean;
  /** The tray menu's update item changed (null: none). */
  showMenuItem(item: { label: string; enabled: boolean } | null): void;
  notify(title: string, body: string): void;
}

/**
 * electron-updater's platform updater. It is a CommonJS module whose `autoUpdater` is a lazy
 * getter: an ES import sees it only on the default export (the named export is missing).
 */
export async function loadAutoUpdater(): Promise<AppUpdater> {
  const module = await import('electron-updater');
  return module.default.autoUpdater;
}

export async function startUpdates(ports: UpdateShellPorts): Promise<UpdateController | null> {
  if (!ports.isPackaged) return null;
  let source: ElectronUpdaterSource;
  try {
    source = new ElectronUpdaterSource(await loadAutoUpdater());
  } catch (error) {
    ports.logger.warn('Updates are off: the updater could not start', { error: (error as Error).message });
    return null;
  }
  const controller = new UpdateController({ source, clock: systemClock, isCallLive: ports.isCallLive });
  let previous: UpdateStatus = controller.status;
  controller.onChanged((status) => {
    ports.showMenuItem(updateMenuItem(status));
    const notification = updateNotification(previous, status);
    if (notification) ports.notify(notification.title, notification.body);
    if (status.state === 'failed') ports.logger.warn('Update check failed', { kind: status.kind });
    previous = status;
  });
  controller.start();
  return controller;
}
