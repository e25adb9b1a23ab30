/**
 * The one `electron` mock that every shell test uses (vitest aliases `electron` to this
 * file for the shell project). It records what the shell asked Electron to do, so tests
 * assert on window options, handlers and calls without an Electron binary.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

export class MockSession {
  permissionRequestHandler: Handler | null = null;
  setPermissionRequestHandler = vi.fn((handler: Handler | null) => {
    this.permissionRequestHandler = handler;
  });
}

export class MockWebContents extends EventEmitter {
  session = new MockSession();
  windowOpenHandler: Handler | null = null;
  send = vi.fn();
  setWindowOpenHandler = vi.fn((handler: Handler) => {
    this.windowOpenHandler = handler;
  });
  /** Emits an Electron-style event and reports whether a listener called preventDefault. */
  simulate(eventName: string, ...args: unknown[]): { defaultPrevented: boolean } {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit(eventName, event, ...args);
    return event;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }
  readonly options: Record<string, unknown>;
  readonly webContents = new MockWebContents();
  destroyed = false;
  visible = false;
  loadURL = vi.fn(async (_url: string) => undefined);
  loadFile = vi.fn(async (_file: string) => undefined);
  show = vi.fn(() => {
    this.visible = true;
  });
  hide = vi.fn(() => {
    this.visible = false;
  });
  focus = vi.fn();
  close = vi.fn(() => {
    this.destroyed = true;
    this.emit('closed');
  });
  isDestroyed = (): boolean => this.destroyed;
  isVisible = (): boolean => this.visible;
  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    BrowserWindow.instances.push(this);
  }
}

class MockApp extends EventEmitter {
  isPackaged = false;
  enableSandbox = vi.fn();
  quit = vi.fn();
  whenReady = vi.fn(async () => undefined);
  getPath = vi.fn((name: string) => `/tmp/ringside-mock/${name}`);
  requestSingleInstanceLock = vi.fn(() => true);
  setAsDefaultProtocolClient = vi.fn(() => true);
  setLoginItemSettings = vi.fn();
  getLoginItemSettings = vi.fn(() => ({ openAtLogin: false }));
}

export const app = new MockApp();
export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn(), on: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
export const safeStorage = {
  isEncryptionAvailable: vi.fn(() => true),
  encryptString: vi.fn((plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`)),
  decryptString: vi.fn((data: Buffer) => Buffer.from(data.toString().slice(4), 'base64').toString()),
};

/** Forgets every window and call recorded so far; call it in beforeEach. */
export function resetElectronMock(): void {
  BrowserWindow.instances = [];
  app.removeAllListeners();
  vi.clearAllMocks();
}

export default { app, BrowserWindow, shell, ipcMain, contextBridge, ipcRenderer, safeStorage };
