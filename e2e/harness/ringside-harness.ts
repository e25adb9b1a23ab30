/**
 * The Chromium harness: the built renderer in Chromium with its bridge wired to the real
 * main-side IPC handlers (same contract, same validation), the real core and the simulator
 * in demo mode. Electron-only pieces (tray, notifications, windows, dialogs) are the
 * recording fakes of test-support/recording-ports.ts, which specs assert on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
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
  /** The last requests main's handlers answered over the bridge (at most 1,000), oldest first. */
  handled: HandledRequest[];
  /** Opens a window's route in the page, with the bridge installed before any script runs. */
  open(page: Page, route: 'popover' | 'history' | 'settings' | 'signin' | 'team-board'): Promise<void>;
  /**
   * The dial hotkey pressed with this text selected: what the shell's DialHotkey hands the app
   * after reading the PRIMARY selection or the clipboard (src-main/shell/os/dial-hotkey.ts).
   */
  pressDialHotkey(selectedText: string): void;
  close(): Promise<void>;
}

/**
 * The preload's bridge (src-shared/bridge-core.ts) over a WebSocket to this process, as the
 * browser edition's page reaches its host: requests and answers as JSON text, main's events on
 * the same socket (in order with the answers, as on Electron's one IPC pipe) into
 * `__ringsideEmit`. `window.__ringsideInvoke` stays the page's transport, so a spec can wrap it.
 *
 * Not Playwright's binding (`page.exposeBinding`), which the harness used before: its argument
 * serializer walks a value key by key on both sides (50–70 ms for a 55 kB page of history rows)
 * and each answer is delivered by an evaluate into the page, the first one after a load also
 * injecting Playwright's utility script (60–180 ms before the first rows could show). Electron's
 * IPC has neither cost; `npm run bench` prints this bridge's own round trip beside the figures.
 */
function bridgeScript(socketUrl: string): string {
  return `
(() => {
  const listeners = new Map();
  window.__ringsideEmit = (channel, payload) => { const set = listeners.get(channel); if (set) for (const l of set) l(payload); };
  const socket = new WebSocket(${JSON.stringify(socketUrl)});
  const waiting = new Map();
  const queued = [];
  let lastId = 0;
  socket.onopen = () => { for (const frame of queued.splice(0)) socket.send(frame); };
  socket.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if ('event' in frame) window.__ringsideEmit(frame.event, frame.payload);
    else { const resolve = waiting.get(frame.id); waiting.delete(frame.id); if (resolve) resolve(frame.answer); }
  };
  socket.onclose = () => { for (const resolve of waiting.values()) resolve(undefined); waiting.clear(); };
  window.__ringsideInvoke = (channel, request) => new Promise((resolve) => {
    const id = ++lastId;
    waiting.set(id, resolve);
    const frame = JSON.stringify({ id, channel, request });
    if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    else queued.push(frame);
  });
  const createBridge = ${bridgeSource()};
  window.ringside = createBridge({
    invoke: (channel, request) => window.__ringsideInvoke(channel, request),
    listen: (channel, deliver) => {
      const set = listeners.get(channel) || new Set();
      set.add(deliver);
      listeners.set(channel, set);
      return () => set.delete(deliver);
    },
  }, ${JSON.stringify(INVOKE_CHANNEL_NAMES)}, ${JSON.stringify(EVENT_CHANNEL_NAMES)});
})();
`;
}

/** How long main's handler took for one request that came over the bridge (for the bench). */
export interface HandledRequest {
  channel: string;
  /** The handler's own time, from the request's arrival to its answer, in ms. */
  handlerMs: number;
}

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
  /** Demo mode on the simulator's 50-user team account (issue 29). */
  team?: boolean;
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
        ...(options.team ? { team: true } : {}),
      },
    }),
  );
  const table = handlerTable(controller);
  const server = await serveBuiltRenderer();
  // On the page's own origin, so the renderer's CSP (connect-src 'self') allows it.
  const sockets = new WebSocketServer({ noServer: true });
  server.http.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request)));
  const socketUrl = server.url.replace(/^http/, 'ws') + 'bridge';
  const handled: HandledRequest[] = [];
  sockets.on('connection', (socket) => {
    socket.on('message', async (data) => {
      let frame: { id?: unknown; channel?: unknown; request?: unknown };
      try {
        frame = JSON.parse(String(data)) as typeof frame;
      } catch {
        return;
      }
      const started = performance.now();
      const answer = await dispatchInvoke(table, frame.channel, frame.request, silentLogger);
      handled.push({ channel: String(frame.channel), handlerMs: performance.now() - started });
      if (handled.length > 1000) handled.shift();
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: frame.id, answer }));
    });
  });
  ports.onEvent((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const socket of sockets.clients) if (socket.readyState === socket.OPEN) socket.send(frame);
  });
  const wired = new WeakSet<Page>();
  return {
    controller,
    ports,
    server,
    handled,
    async open(page, route) {
      if (wired.has(page)) {
        await page.goto(`${server.url}#/${route}`);
        await page.reload();
        return;
      }
      wired.add(page);
      // A string, not a function: the bridge's source with its transport (see bridge-core.ts).
      await page.addInitScript(bridgeScript(socketUrl));
      await page.goto(`${server.url}#/${route}`);
    },
    pressDialHotkey(selectedText) {
      controller.dialFromText(selectedText);
    },
    async close() {
      for (const socket of sockets.clients) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await controller.stop();
      await server.close();
    },
  };
}
