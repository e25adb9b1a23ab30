/**
 * The one `electron` mock that every shell test uses (vitest aliases `electron` to this
 * file for the shell project). It records what the shell asked Electron to do, so tests
 * assert on window options, handlers, tray, menus and notifications without a binary.
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
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
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
  bounds = { x: 0, y: 0, width: 800, height: 600 };
  loadURL = vi.fn(async (_url: string) => undefined);
  loadFile = vi.fn(async (_file: string, _options?: unknown) => undefined);
  show = vi.fn(() => {
    this.visible = true;
    this.emit('show');
  });
  hide = vi.fn(() => {
    this.visible = false;
  });
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = vi.fn(() => false);
  setBounds = vi.fn((bounds: Partial<{ x: number; y: number; width: number; height: number }>) => {
    this.bounds = { ...this.bounds, ...bounds };
  });
  setPosition = vi.fn((x: number, y: number) => {
    this.bounds = { ...this.bounds, x, y };
  });
  getBounds = vi.fn(() => this.bounds);
  close = vi.fn(() => {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
  });
  destroy = vi.fn(() => {
    this.destroyed = true;
    this.emit('closed');
  });
  isDestroyed = (): boolean => this.destroyed;
  isVisible = (): boolean => this.visible;
  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    if (typeof options['width'] === 'number') this.bounds.width = options['width'];
    if (typeof options['height'] === 'number') this.bounds.height = options['height'];
    BrowserWindow.instances.push(this);
  }
}

class MockApp extends EventEmitter {
  isPackaged = false;
  enableSandbox = vi.fn();
  quit = vi.fn();
  exit = vi.fn();
  whenReady = vi.fn(async () => undefined);
  getPath = vi.fn((name: string) => `/tmp/ringside-mock/${name}`);
  getName = vi.fn(() => 'Ringside');
  getVersion = vi.fn(() => '0.1.0');
  requestSingleInstanceLock = vi.fn((_data?: unknown) => true);
  setAsDefaultProtocolClient = vi.fn((_protocol: string) => true);
  removeAsDefaultProtocolClient = vi.fn((_protocol: string) => true);
  isDefaultProtocolClient = vi.fn((_protocol: string) => false);
  setLoginItemSettings = vi.fn();
  getLoginItemSettings = vi.fn(() => ({ openAtLogin: false }));
  setAppUserModelId = vi.fn();
  dock = { hide: vi.fn(), show: vi.fn() };
}

export const app = new MockApp();
export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

class MockIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle = vi.fn((channel: string, handler: Handler) => {
    this.handlers.set(channel, handler);
  });
  removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
  /** Calls a registered handler as Electron would, with a fake event from `senderUrl`. */
  async invokeAs(senderUrl: string | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler for ${channel}`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}
export const ipcMain = new MockIpcMain();

export const contextBridge = { exposeInMainWorld: vi.fn() };

class MockIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }));
}
export const ipcRenderer = new MockIpcRenderer();

export const safeStorage = {
  isAsyncEncryptionAvailable: vi.fn(async () => true),
  isEncryptionAvailable: vi.fn(() => true),
  /** Linux only in Electron; 'basic_text' means a hard-coded password, not a keychain. */
  getSelectedStorageBackend: vi.fn((): string => 'gnome_libsecret'),
  // Reversible but not plain text, like the real thing from the caller's point of view.
  encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`v10${Buffer.from(plain).toString('base64').split('').reverse().join('')}`)),
  decryptStringAsync: vi.fn(async (data: Buffer) => ({
    result: Buffer.from(data.toString().slice(3).split('').reverse().join(''), 'base64').toString(),
    shouldReEncrypt: false,
  })),
};

export class MockNativeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage = vi.fn((value: boolean) => {
    this.template = value;
  });
  isEmpty = () => false;
  resize = vi.fn(() => this);
}
export const nativeImage = { createFromPath: vi.fn((file: string) => new MockNativeImage(file)), createEmpty: vi.fn(() => new MockNativeImage('')) };

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: MockNativeImage;
  tooltip = '';
  menu: { items: Array<Record<string, unknown>> } | null = null;
  destroyed = false;
  constructor(image: MockNativeImage) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage = vi.fn((image: MockNativeImage) => {
    this.image = image;
  });
  setToolTip = vi.fn((text: string) => {
    this.tooltip = text;
  });
  setContextMenu = vi.fn((menu: { items: Array<Record<string, unknown>> }) => {
    this.menu = menu;
  });
  getBounds = vi.fn(() => ({ x: 1800, y: 0, width: 24, height: 24 }));
  destroy = vi.fn(() => {
    this.destroyed = true;
  });
  popUpContextMenu = vi.fn();
}

export const Menu = {
  buildFromTemplate: vi.fn((items: Array<Record<string, unknown>>) => ({ items })),
  setApplicationMenu: vi.fn(),
};

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static isSupported = vi.fn(() => true);
  shown = false;
  constructor(readonly options: { title: string; body: string; silent?: boolean; timeoutType?: 'default' | 'never'; urgency?: 'normal' | 'critical' | 'low' }) {
    super();
    Notification.instances.push(this);
  }
  show = vi.fn(() => {
    this.shown = true;
  });
  close = vi.fn();
}

export const globalShortcut = {
  registered: new Map<string, Handler>(),
  register: vi.fn((accelerator: string, callback: Handler) => {
    if (accelerator === 'Taken+Key' || accelerator === 'Alt+Shift+T') return false;
    globalShortcut.registered.set(accelerator, callback);
    return true;
  }),
  unregister: vi.fn((accelerator: string) => void globalShortcut.registered.delete(accelerator)),
  unregisterAll: vi.fn(() => globalShortcut.registered.clear()),
};

export const powerMonitor = new EventEmitter();

/** Electron 45's clipboard (async) and, as on Linux, `clipboard.selection` (PRIMARY); tests set `text`. */
export const clipboard = {
  text: { clipboard: '', selection: '' } as Record<'clipboard' | 'selection', string>,
  readText: vi.fn(async () => clipboard.text.clipboard),
  selection: { readText: vi.fn(async () => clipboard.text.selection) } as { readText(): Promise<string> } | undefined,
};

export const screen = {
  getDisplayNearestPoint: vi.fn(() => ({ workArea: { x: 0, y: 24, width: 1920, height: 1056 } })),
  getPrimaryDisplay: vi.fn(() => ({ workArea: { x: 0, y: 24, width: 1920, height: 1056 } })),
};

export const dialog = { showSaveDialog: vi.fn(async (_options: unknown) => ({ canceled: false, filePath: '/tmp/ringside-mock/export.csv' })) };

/** Forgets every window, tray, notification and handler recorded so far; call it in beforeEach. */
export function resetElectronMock(): void {
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.instances = [];
  app.removeAllListeners();
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  powerMonitor.removeAllListeners();
  globalShortcut.registered.clear();
  clipboard.text = { clipboard: '', selection: '' };
  vi.clearAllMocks();
}

export default {
  app,
  BrowserWindow,
  shell,
  ipcMain,
  contextBridge,
  ipcRenderer,
  safeStorage,
  nativeImage,
  Tray,
  Menu,
  Notification,
  globalShortcut,
  powerMonitor,
  screen,
  dialog,
  clipboard,
};
