import type { BrowserWindow } from 'electron';
import { screen, type BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';
import type { WindowKind } from '../../../src-shared/ipc-contract';
import { TEAM_BOARD_SIZE } from '../../../src-shared/team-board';
import type { SettingsStore } from '../../app/app-ports';
import { createSecureWindow, type RendererSource } from './secure-window';

export const POPOVER_SIZE = { width: 380, height: 560 };

/** Window options per kind; every one also gets the secure web preferences. */
export function windowOptions(
  kind: WindowKind,
  bounds: { x: number; y: number; width: number; height: number } | null,
): Omit<BrowserWindowConstructorOptions, 'webPreferences'> {
  const common = { show: false, backgroundColor: '#1c1c1e', title: 'Ringside' };
  switch (kind) {
    case 'popover':
      return {
        ...common,
        ...POPOVER_SIZE,
        frame: false,
        resizable: false,
        movable: false,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        title: 'Ringside',
      };
    case 'history':
      return {
        ...common,
        width: bounds?.width ?? 1100,
        height: bounds?.height ?? 720,
        ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
        minWidth: 720,
        minHeight: 480,
        title: 'Ringside — History',
      };
    case 'settings':
      return { ...common, width: 560, height: 680, resizable: false, minimizable: false, title: 'Ringside — Settings' };
    case 'signIn':
      return { ...common, width: 480, height: 620, resizable: false, title: 'Ringside — Sign in' };
    case 'teamBoard':
      return { ...common, ...TEAM_BOARD_SIZE, minWidth: 640, minHeight: 420, title: 'Ringside — Team board' };
  }
}

/** Places the popover under (or above) the tray icon, inside the screen's work area. */
export function popoverPosition(
  trayBounds: { x: number; y: number; width: number; height: number },
  workArea: { x: number; y: number; width: number; height: number },
) {
  const x = Math.round(
    Math.min(Math.max(trayBounds.x + trayBounds.width / 2 - POPOVER_SIZE.width / 2, workArea.x + 8), workArea.x + workArea.width - POPOVER_SIZE.width - 8),
  );
  const trayAtBottom = trayBounds.y > workArea.y + workArea.height / 2;
  const y = trayAtBottom ? Math.round(trayBounds.y - POPOVER_SIZE.height - 8) : Math.round(Math.max(trayBounds.y + trayBounds.height + 4, workArea.y + 4));
  return { x, y };
}

/**
 * One window per kind, created on demand and reused. Closing a window only hides the
 * popover; the app itself stays in the tray when every window is closed.
 */
export class WindowController {
  private readonly windows = new Map<WindowKind, BrowserWindow>();

  constructor(
    private readonly preloadPath: string,
    private readonly rendererDir: string,
    private readonly source: RendererSource,
    private readonly settings: SettingsStore,
  ) {}

  private create(kind: WindowKind): BrowserWindow {
    const bounds = kind === 'history' ? this.settings.get().historyBounds : null;
    const window = createSecureWindow({ preloadPath: this.preloadPath, source: this.source, window: windowOptions(kind, bounds) });
    if (kind === 'popover') {
      window.on('blur', () => window.hide());
    }
    if (kind === 'history') {
      const remember = () => this.settings.set({ ...this.settings.get(), historyBounds: window.getBounds() });
      window.on('resized', remember);
      window.on('moved', remember);
      window.on('close', remember);
    }
    window.on('closed', () => this.windows.delete(kind));
    window.once('ready-to-show', () => window.show());
    const route = { popover: 'popover', history: 'history', settings: 'settings', signIn: 'signin', teamBoard: 'team-board' }[kind];
    if (this.source.devServerUrl) void window.loadURL(`${this.source.devServerUrl}#/${route}`);
    else void window.loadFile(path.join(this.rendererDir, 'index.html'), { hash: `/${route}` });
    this.windows.set(kind, window);
    return window;
  }

  open(kind: WindowKind): void {
    const window = this.windows.get(kind) ?? this.create(kind);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** The tray click: show the popover under the icon, or hide it when it is showing. */
  togglePopover(trayBounds: { x: number; y: number; width: number; height: number }): void {
    const existing = this.windows.get('popover');
    if (existing?.isVisible()) {
      existing.hide();
      return;
    }
    const window = existing ?? this.create('popover');
    const { workArea } = screen.getDisplayNearestPoint({ x: trayBounds.x, y: trayBounds.y });
    const { x, y } = popoverPosition(trayBounds, workArea);
    window.setPosition(x, y);
    window.show();
    window.focus();
  }

  /** The most relevant window to bring forward (second launch, dock click). */
  focusAny(): void {
    const window = this.windows.get('history') ?? this.windows.get('popover');
    if (window) {
      window.show();
      window.focus();
    } else {
      this.open('popover');
    }
  }

  get(kind: WindowKind): BrowserWindow | undefined {
    return this.windows.get(kind);
  }
}
