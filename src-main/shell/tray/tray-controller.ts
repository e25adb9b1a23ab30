import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import path from 'node:path';
import { formatForDisplay } from '../../core/index';
import type { TrayIcon, TrayModel } from '../../app/tray-model';

export interface TrayActions {
  togglePopover(bounds: { x: number; y: number; width: number; height: number }): void;
  cancelCall(id: string): void;
  callAgain(number: string): void;
  openHistory(): void;
  /** The team board (issue 29); absent where there is no such window. */
  openTeamBoard?(): void;
  openSettings(): void;
  signIn(): void;
  signOut(): void;
  /** The user chose to restart into a downloaded update. */
  restartToUpdate(): void;
  quit(): void;
}

/** The update line of the menu ("Restart to update to Ringside 1.2.0"), from the update words. */
export type TrayUpdateItem = { label: string; enabled: boolean } | null;

/** PNG for Windows/Linux (colour), template PNG for macOS (the menu bar tints it). */
export function trayIconPath(iconsDir: string, icon: TrayIcon, platform: NodeJS.Platform): string {
  return path.join(iconsDir, platform === 'darwin' ? `${icon}Template.png` : `${icon}.png`);
}

export function trayMenuTemplate(model: TrayModel, actions: TrayActions, update: TrayUpdateItem = null): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (model.liveCall) {
    const live = model.liveCall;
    items.push({ label: live.label, enabled: false });
    items.push({ label: live.endLabel, enabled: live.cancellable, click: () => actions.cancelCall(live.id) });
    items.push({ type: 'separator' });
  }
  if (model.signedIn && model.recentNumbers.length > 0) {
    items.push({
      label: 'Call again',
      submenu: model.recentNumbers.slice(0, 8).map((number) => {
        const name = model.recentNames[number];
        return { label: name ? `${name} · ${formatForDisplay(number)}` : formatForDisplay(number), click: () => actions.callAgain(number) };
      }),
    });
  }
  if (model.signedIn && model.syncLine) items.push({ label: model.syncLine, enabled: false });
  items.push({ label: 'History…', enabled: model.signedIn, click: () => actions.openHistory() });
  const openTeamBoard = actions.openTeamBoard;
  if (model.signedIn && openTeamBoard) items.push({ label: 'Team board…', click: () => openTeamBoard() });
  items.push({ label: 'Settings…', click: () => actions.openSettings() });
  items.push({ type: 'separator' });
  if (update) items.push({ label: update.label, enabled: update.enabled, click: () => actions.restartToUpdate() });
  items.push(
    model.signedIn ? { label: model.demo ? 'Leave demo' : 'Sign out', click: () => actions.signOut() } : { label: 'Sign in…', click: () => actions.signIn() },
  );
  items.push({ label: 'Quit Ringside', role: 'quit', click: () => actions.quit() });
  return items;
}

/** The tray icon, its tooltip and menu, kept in step with the TrayModel from the app layer. */
export class TrayController {
  private readonly tray: Tray;
  private readonly images = new Map<TrayIcon, NativeImage>();
  private lastIcon: TrayIcon | null = null;
  private lastModel: TrayModel | null = null;
  private updateItem: TrayUpdateItem = null;

  constructor(
    private readonly iconsDir: string,
    private readonly actions: TrayActions,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.tray = new Tray(this.image('signedOut'));
    this.tray.on('click', () => this.actions.togglePopover(this.tray.getBounds()));
  }

  private image(icon: TrayIcon): NativeImage {
    let image = this.images.get(icon);
    if (!image) {
      image = nativeImage.createFromPath(trayIconPath(this.iconsDir, icon, this.platform));
      if (this.platform === 'darwin') image.setTemplateImage(true);
      this.images.set(icon, image);
    }
    return image;
  }

  update(model: TrayModel): void {
    if (model.icon !== this.lastIcon) {
      this.tray.setImage(this.image(model.icon));
      this.lastIcon = model.icon;
    }
    this.tray.setToolTip(model.tooltip);
    this.lastModel = model;
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model, this.actions, this.updateItem)));
  }

  /** Shows (or removes) the update line in the menu. */
  setUpdateItem(item: TrayUpdateItem): void {
    this.updateItem = item;
    if (this.lastModel) this.update(this.lastModel);
  }

  bounds() {
    return this.tray.getBounds();
  }

  destroy(): void {
    this.tray.destroy();
  }
}
