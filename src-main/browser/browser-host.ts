/**
 * Ringside in the browser: the same AppController, IPC handler table and demo simulator as
 * the Electron app, with a browser tab as the window system. The built renderer is served on
 * 127.0.0.1 under the app's own CSP, and talks to the handlers over a local WebSocket that
 * carries exactly the IPC contract. Every request passes the gate in ./security.ts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel, EventPayloads } from '../../src-shared/ipc-contract';
import { AppController } from '../app/app-controller';
import type { AppPorts } from '../app/app-ports';
import { dispatchInvoke, handlerTable } from '../app/ipc-handlers';
import { localRequestProblem } from '../app/local-request-guard';
import type { TrayModel } from '../app/tray-model';
import { MemorySecretStore, type Logger } from '../core/ports';
import { JsonSettingsStore, systemBrowser } from './node-ports';
import { downloadHeaders, Downloads } from './downloads';
import { PAGE_SCRIPT, PAGE_SCRIPT_PATH, PAGE_STYLE, PAGE_STYLE_PATH } from './page-script';
import { parseClientMessage, SOCKET_PATH, type HostMessage } from './protocol';
import { checkRequest, createSecret, SECRET_PARAM, secretCookieName, type GateExpectation } from './security';

/** Content types of the built renderer's files (the Chromium harness serves them the same way). */
export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Largest frame the page may send: requests are small (a JWT is the largest). */
const MAX_FRAME_BYTES = 256 * 1024;

export interface BrowserHostOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Settings, archive, in-flight calls and exports. */
  dataDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  demo?: AppPorts['demo'];
}

export interface BrowserHost {
  /** The page's address, with this run's secret. */
  url: string;
  port: number;
  controller: AppController;
  close(): Promise<void>;
}

/** The Content-Security-Policy of the app's index.html; the browser edition serves the same. */
export function cspOf(indexHtml: string): string {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(indexHtml);
  if (!match?.[1]) throw new Error('The built renderer has no Content-Security-Policy: refusing to serve it.');
  return match[1];
}

/** The built index.html with the bridge script and the strip's style added before the app's module. */
export function withPageScript(indexHtml: string): string {
  const at = indexHtml.indexOf('<script type="module"');
  if (at < 0) throw new Error('The built renderer has no module script.');
  const tags = `<link rel="stylesheet" href=".${PAGE_STYLE_PATH}" />\n    <script src=".${PAGE_SCRIPT_PATH}"></script>\n    `;
  return indexHtml.slice(0, at) + tags + indexHtml.slice(at);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const root = path.resolve(options.rendererDir);
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`No built renderer at ${root}: run \`npm run build\` first.`);
  const builtIndex = readFileSync(indexFile, 'utf8');
  const csp = cspOf(builtIndex);
  const page = withPageScript(builtIndex);

  const clients = new Set<WebSocket>();
  let lastTray: TrayModel | null = null;
  const broadcast = (message: HostMessage) => {
    const frame = JSON.stringify(message);
    for (const client of clients) if (client.readyState === client.OPEN) client.send(frame);
  };

  // Exports go to the page that asked last (the one the person is using), as a download.
  let activeClient: WebSocket | null = null;
  const downloads = new Downloads((offer) => {
    const client = activeClient?.readyState === activeClient?.OPEN ? activeClient : [...clients].at(-1);
    client?.send(JSON.stringify({ type: 'download', ...offer } satisfies HostMessage));
  });
  const settings = new JsonSettingsStore(path.join(options.dataDir, 'settings.json'));
  const controller = await AppController.start({
    secrets: new MemorySecretStore(),
    settings,
    notifier: { show: (notification) => broadcast({ type: 'notification', ...notification }) },
    tray: {
      update(model) {
        lastTray = model;
        broadcast({ type: 'tray', model });
      },
    },
    windows: { open: (window) => broadcast({ type: 'window', window }) },
    browser: systemBrowser(options.logger),
    saveTarget: downloads.saveTarget,
    events: {
      send<E extends EventChannel>(channel: E, payload: EventPayloads[E]) {
        broadcast({ type: 'event', channel, payload } as HostMessage);
      },
    },
    logger: options.logger,
    dataDir: options.dataDir,
    env: options.env,
    demo: options.demo,
  });
  const table = handlerTable(controller);
  const secret = createSecret();
  let expected: GateExpectation | null = null;

  const facts = (req: IncomingMessage, upgrade: boolean) => ({
    host: req.headers.host,
    origin: req.headers.origin,
    url: req.url,
    cookie: req.headers.cookie,
    upgrade,
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The shared guard of every local server (Host, no request bodies), then this host's own gate.
    const guarded = expected && localRequestProblem(req, [expected.host]) === null;
    const verdict = expected && guarded ? checkRequest(facts(req, false), expected) : ({ ok: false, status: 403, reason: 'refused' } as const);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const headers = {
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      // The URL carries the secret: never hand it to another site.
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://placeholder').pathname);
    if (pathname === '/' || pathname === '/index.html') {
      // Assets are fetched without the key in their URL: the cookie carries it for them.
      const cookie = `${secretCookieName(expected!.port)}=${secret}; Path=/; HttpOnly; SameSite=Strict`;
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'], 'set-cookie': cookie }).end(page);
      return;
    }
    if (pathname === PAGE_SCRIPT_PATH || pathname === PAGE_STYLE_PATH) {
      const script = pathname === PAGE_SCRIPT_PATH;
      res.writeHead(200, { ...headers, 'content-type': TYPES[script ? '.js' : '.css'] }).end(script ? PAGE_SCRIPT : PAGE_STYLE);
      return;
    }
    const offered = downloads.take(pathname);
    if (offered) {
      res.writeHead(200, { ...headers, ...downloadHeaders(offered.name) }).end(offered.body);
      return;
    }
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, headers).end('Not found.\n');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const onSocketPath = new URL(req.url ?? '/', 'http://placeholder').pathname === SOCKET_PATH;
    const verdict = expected && onSocketPath ? checkRequest(facts(req, true), expected) : ({ ok: false, status: 403, reason: 'refused' } as const);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      client.send(JSON.stringify({ type: 'hello', edition: 'browser', secretsInMemory: true } satisfies HostMessage));
      if (lastTray) client.send(JSON.stringify({ type: 'tray', model: lastTray } satisfies HostMessage));
      if (settings.notice) client.send(JSON.stringify({ type: 'event', channel: 'notice', payload: { message: settings.notice } } satisfies HostMessage));
      client.on('message', (data, isBinary) => {
        const message = isBinary ? null : parseClientMessage(data.toString());
        if (!message) {
          // Our page never sends this: whoever did is not speaking the contract.
          client.close(1008, 'Not a Ringside message.');
          return;
        }
        activeClient = client;
        if (message.type === 'notificationClicked') {
          controller.notificationClicked(message.callId);
          return;
        }
        void dispatchInvoke(table, message.channel, message.request, options.logger).then((result) => {
          if (client.readyState === client.OPEN) client.send(JSON.stringify({ type: 'result', id: message.id, result } satisfies HostMessage));
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  expected = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, secret, port };
  // Keeps the strip honest as time passes (a failed call's red fades after a minute).
  const trayTimer = setInterval(() => controller.refreshTray(), 15_000);

  return {
    url: `http://127.0.0.1:${port}/?${SECRET_PARAM}=${secret}#/popover`,
    port,
    controller,
    async close() {
      clearInterval(trayTimer);
      for (const client of clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await controller.stop();
    },
  };
}
