/**
 * The Chromium harness: the built renderer in Chromium with its bridge wired to the real
 * main-side IPC handlers (same contract, same validation), the real core and the simulator
 * in demo mode. Electron-only pieces (tray, notifications, windows, dialogs) are the
 * recording fakes of test-support/recording-ports.ts, which specs assert on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { AppController } from '../../src-main/app/app-controller';
import { dispatchInvoke, handlerTable } from '../../src-main/app/ipc-handlers';
import { RecordingPorts } from '../../test-support/recording-ports';
import { MemorySecretStore, silentLogger } from '../../src-main/core/ports';
import { serveBuiltRenderer, type StaticServer } from './static-server';
import { bridgeSource } from '../../src-shared/bridge-core';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from '../../src-shared/ipc-channels';

export interface Harness {
  controller: AppController;
  ports: RecordingPorts;
  server: StaticServer;
  /** Opens a window's route in the page, with the bridge installed before any script runs. */
  open(page: Page, route: 'popover' | 'history' | 'settings' | 'signin'): Promise<void>;
  /**
   * The dial hotkey pressed with this text selected: what the shell's DialHotkey hands the app
   * after reading the PRIMARY selection or the clipboard (src-main/shell/os/dial-hotkey.ts).
   */
  pressDialHotkey(selectedText: string): void;
  close(): Promise<void>;
}

/**
 * The preload's bridge (src-shared/bridge-core.ts) over Playwright's binding and `__ringsideEmit`.
 * Requests and answers cross the binding as JSON text, as the browser edition's WebSocket carries
 * them: Playwright's own argument serializer walks a value key by key on both sides, which took
 * 50–70 ms for a 55 kB page of history rows (a cost Electron's structured clone does not have,
 * about 1 ms), and made the harness, not the app, the slow part of every history answer.
 */
const BRIDGE_SCRIPT = `
(() => {
  const listeners = new Map();
  window.__ringsideEmit = (channel, payload) => { const set = listeners.get(channel); if (set) for (const l of set) l(payload); };
  const createBridge = ${bridgeSource()};
  window.ringside = createBridge({
    invoke: (channel, request) => window.__ringsideInvoke(channel, JSON.stringify(request)).then(JSON.parse),
    listen: (channel, deliver) => {
      const set = listeners.get(channel) || new Set();
      set.add(deliver);
      listeners.set(channel, set);
      return () => set.delete(deliver);
    },
  }, ${JSON.stringify(INVOKE_CHANNEL_NAMES)}, ${JSON.stringify(EVENT_CHANNEL_NAMES)});
})();
`;

export interface HarnessOptions {
  timeScale?: number;
  seedHistory?: number;
  seedSpanDays?: number;
  callLogDelaySeconds?: number;
  /** RC_* variables: a real (here: separately started) RingCentral instead of demo mode. */
  env?: Record<string, string>;
  /** Reused across a restart, like the app's encrypted store and data folder. */
  secrets?: MemorySecretStore;
  dataDir?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ports = new RecordingPorts();
  const controller = await AppController.start(
    ports.appPorts({
      secrets: options.secrets ?? new MemorySecretStore(),
      dataDir: options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ringside-harness-')),
      env: options.env ?? {},
      demo: {
        timeScale: options.timeScale ?? 20,
        seedHistory: options.seedHistory ?? 400,
        seedSpanDays: options.seedSpanDays,
        callLogDelaySeconds: options.callLogDelaySeconds ?? 10,
      },
    }),
  );
  const table = handlerTable(controller);
  const server = await serveBuiltRenderer();
  const pages = new Set<Page>();
  const wired = new WeakSet<Page>();
  ports.onEvent((channel, payload) => {
    for (const page of pages) {
      page
        .evaluate(([c, p]) => (window as unknown as { __ringsideEmit(c: string, p: unknown): void }).__ringsideEmit(c, p), [channel, payload] as const)
        .catch(() => undefined);
    }
  });
  return {
    controller,
    ports,
    server,
    async open(page, route) {
      if (wired.has(page)) {
        await page.goto(`${server.url}#/${route}`);
        await page.reload();
        return;
      }
      wired.add(page);
      await page.exposeBinding('__ringsideInvoke', async (_source, channel: unknown, request: unknown) =>
        JSON.stringify(await dispatchInvoke(table, channel, typeof request === 'string' ? JSON.parse(request) : request, silentLogger)),
      );
      // A string, not a function: the bridge's source with its transports (see bridge-core.ts).
      await page.addInitScript(BRIDGE_SCRIPT);
      pages.add(page);
      page.on('close', () => pages.delete(page));
      await page.goto(`${server.url}#/${route}`);
    },
    pressDialHotkey(selectedText) {
      controller.dialFromText(selectedText);
    },
    async close() {
      pages.clear();
      await controller.stop();
      await server.close();
    },
  };
}
