import { Emitter, type Disposable } from '../src-shared/emitter';
import type { EventChannel, EventPayloads, WindowKind } from '../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, type Settings } from '../src-shared/settings';
import type { AppPorts, BrowserOpener, EventSink, Notifier, SaveTarget, SettingsStore, TrayPresenter, WindowManager } from '../src-main/app/app-ports';
import type { CallNotification } from '../src-main/core/index';
import { silentLogger } from '../src-main/core/ports';
import type { TrayModel } from '../src-main/app/tray-model';

/**
 * Recording implementations of the app ports: the Chromium e2e harness and tests use them in
 * place of Electron's tray, notifications, windows and dialogs, and assert on what they saw.
 * Test machinery: it lives here, outside the product's sources, and never reaches a bundle.
 */
export class RecordingPorts {
  readonly trayModels: TrayModel[] = [];
  readonly notifications: CallNotification[] = [];
  readonly openedWindows: WindowKind[] = [];
  readonly openedUrls: string[] = [];
  readonly events: Array<{ channel: EventChannel; payload: unknown }> = [];
  readonly saved: Array<{ name: string; text: string }> = [];
  private settingsValue: Settings = structuredClone(DEFAULT_SETTINGS);
  private readonly sent = new Emitter<{ channel: EventChannel; payload: unknown }>();

  readonly settings: SettingsStore = {
    get: () => this.settingsValue,
    set: (next) => void (this.settingsValue = structuredClone(next)),
  };

  readonly withdrawnNotifications: string[] = [];

  readonly notifier: Notifier = {
    show: (n) => void this.notifications.push(n),
    withdraw: (tag) => void this.withdrawnNotifications.push(tag),
  };

  readonly tray: TrayPresenter = {
    update: (model) => {
      const last = this.trayModels.at(-1);
      if (!last || JSON.stringify(last) !== JSON.stringify(model)) this.trayModels.push(model);
    },
  };

  readonly windows: WindowManager = { open: (kind) => void this.openedWindows.push(kind) };

  readonly browser: BrowserOpener = { open: async (url) => void this.openedUrls.push(url) };

  readonly saveTarget: SaveTarget = {
    save: async (name, chunks) => {
      this.saved.push({ name, text: [...chunks].join('') });
      return { saved: true, path: `/virtual/${name}` };
    },
  };

  readonly eventSink: EventSink = {
    send: <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => {
      this.events.push({ channel, payload });
      this.sent.fire({ channel, payload });
    },
  };

  /** Everything an AppController needs, with these recorders in place of Electron. */
  appPorts(host: Pick<AppPorts, 'secrets' | 'dataDir' | 'env'> & Partial<Pick<AppPorts, 'demo' | 'logger'>>): AppPorts {
    return {
      settings: this.settings,
      notifier: this.notifier,
      tray: this.tray,
      windows: this.windows,
      browser: this.browser,
      saveTarget: this.saveTarget,
      events: this.eventSink,
      logger: silentLogger,
      ...host,
    };
  }

  onEvent(listener: (channel: EventChannel, payload: unknown) => void): Disposable {
    return this.sent.event(({ channel, payload }) => listener(channel, payload));
  }
}
