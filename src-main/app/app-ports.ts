/**
 * What the application layer needs from its host: the Electron shell in the app, recording
 * fakes in the Chromium harness and in tests. No Electron types appear here.
 */
import type { EventChannel, EventPayloads, WindowKind } from '../../src-shared/ipc-contract';
import type { Settings } from '../../src-shared/settings';
import type { CallNotification } from '../core/index';
import type { Logger, SecretStore } from '../core/ports';
import type { DemoOptions } from './demo-server';
import type { TrayModel } from './tray-model';

export interface SettingsStore {
  get(): Settings;
  /** Writes a validated new value (the store keeps the previous one if writing fails). */
  set(next: Settings): void;
}

export interface Notifier {
  show(notification: CallNotification): void;
  /** Takes back the notification shown with this tag, if it is still on screen. */
  withdraw(tag: string): void;
}

export interface TrayPresenter {
  update(model: TrayModel): void;
}

export interface WindowManager {
  open(kind: WindowKind): void;
}

export interface BrowserOpener {
  open(url: string): Promise<void>;
}

/** Where an export goes: a save dialog in the app, a temp file in tests. */
export interface SaveTarget {
  save(defaultName: string, chunks: Iterable<string>): Promise<{ saved: boolean; path: string | null }>;
}

export interface EventSink {
  send<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
}

export interface AppPorts {
  secrets: SecretStore;
  settings: SettingsStore;
  notifier: Notifier;
  tray: TrayPresenter;
  windows: WindowManager;
  browser: BrowserOpener;
  saveTarget: SaveTarget;
  events: EventSink;
  logger: Logger;
  /** Where the archive and in-flight calls live. */
  dataDir: string;
  env: Record<string, string | undefined>;
  /** Demo mode's simulator speed and seeded history (tests run it faster). */
  demo?: DemoOptions;
}
