/**
 * Ringside in the browser: the same AppController, IPC handler table and demo simulator as
 * the Electron app, with a browser tab as the window system. The built renderer is served on
 * 127.0.0.1 under the app's own CSP, and talks to the handlers over a local WebSocket that
 * carries exactly the IPC contract. Every request passes the gate in ./security.ts; the
 * WebSocket also needs this run's ticket or token, and on Linux a socket of our own user.
 * Whatever arrives (a request line, a path, a frame) is answered or refused, never thrown.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel, EventPayloads } from '../../src-shared/ipc-contract';
import { AppController } from '../app/app-controller';
import type { AppPorts } from '../app/app-ports';
import { dispatchInvoke, handlerTable } from '../app/ipc-handlers';
import { decodedPathname, localRequestProblem, parseRequestTarget } from '../app/local-request-guard';
import type { TrayModel } from '../app/tray-model';
import { MemorySecretStore, type Logger } from '../core/ports';
import { JsonSettingsStore, systemBrowser } from './node-ports';
import { DOWNLOAD_PATH, downloadHeaders, Downloads } from './downloads';
import { PAGE_SCRIPT, PAGE_SCRIPT_PATH, PAGE_STYLE, PAGE_STYLE_PATH } from './page-script';
import { fromOwnUser } from './peer-owner';
import { CLOSE_NOT_AUTHENTICATED, parseAuthMessage, parseClientMessage, SOCKET_PATH, type HostMessage } from './protocol';
import { checkRequest, Credentials, TICKET_PARAM, type GateExpectation } from './security';

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
export const MAX_FRAME_BYTES = 256 * 1024;
/** Requests one page may have waiting at once; past it, each is refused at once (a page needs a handful). */
export const MAX_PENDING_PER_SOCKET = 32;
/** How long a new socket may take to present its ticket or token. */
const AUTH_TIMEOUT_MS = 10_000;

export interface BrowserHostOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Settings, archive, in-flight calls and exports. */
  dataDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  demo?: AppPorts['demo'];
  /** Whether a connection comes from this user (tests stand in another user); the kernel's word by default. */
  fromOwnUser?: typeof fromOwnUser;
}

export interface BrowserHost {
  /** The page's address with a new one-time ticket (valid for a minute, for one page). */
  newUrl(): string;
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

  /** Authenticated sockets: they get events. */
  const clients = new Set<WebSocket>();
  /** Every open socket, authenticated or not: stopping ends them all. */
  const connections = new Set<WebSocket>();
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
    notifier: {
      show: (notification) => broadcast({ type: 'notification', ...notification }),
      withdraw: (tag) => broadcast({ type: 'withdrawNotification', tag }),
    },
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
  const credentials = new Credentials();
  const ownUser = options.fromOwnUser ?? fromOwnUser;
  let expected: GateExpectation | null = null;

  const facts = (req: IncomingMessage, upgrade: boolean) => ({ host: req.headers.host, origin: req.headers.origin, upgrade });

  const serve = (req: IncomingMessage, res: ServerResponse) => {
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
      // The opened URL carries a ticket: never hand it to another site.
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    const target = parseRequestTarget(req.url);
    const pathname = target && decodedPathname(target);
    if (pathname === null) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request path.\n');
      return;
    }
    if (pathname === '/' || pathname === '/index.html') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(page);
      return;
    }
    if (pathname === PAGE_SCRIPT_PATH || pathname === PAGE_STYLE_PATH) {
      const script = pathname === PAGE_SCRIPT_PATH;
      res.writeHead(200, { ...headers, 'content-type': TYPES[script ? '.js' : '.css'] }).end(script ? PAGE_SCRIPT : PAGE_STYLE);
      return;
    }
    // An export is the user's history: like the socket, only a connection of this user may fetch it.
    if (
      pathname.startsWith(DOWNLOAD_PATH) &&
      !ownUser({ address: req.socket.remoteAddress, port: req.socket.remotePort }, { address: req.socket.localAddress, port: req.socket.localPort })
    ) {
      options.logger.warn('Refused a download to another user of this computer');
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden.\n');
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
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    try {
      serve(req, res);
    } catch (error) {
      options.logger.warn('A page request failed', { error: (error as Error).message });
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Ringside could not answer this request.\n');
    }
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const refuse = (socket: Duplex, status: number, reason: string) =>
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

  /** A socket is quiet until it presents a ticket or the token: no events, no answers before. */
  const accept = (client: WebSocket) => {
    // ws reports a frame over MAX_FRAME_BYTES (1009) or invalid UTF-8 (1007) here, then closes the socket itself.
    client.on('error', (error) => options.logger.warn('Closed a page connection that sent a frame Ringside cannot read', { error: error.message }));
    connections.add(client);
    let authenticated = false;
    let pending = 0;
    const authTimer = setTimeout(() => client.close(CLOSE_NOT_AUTHENTICATED, 'No ticket.'), AUTH_TIMEOUT_MS);
    client.on('close', () => {
      clearTimeout(authTimer);
      clients.delete(client);
      connections.delete(client);
    });
    const send = (message: HostMessage) => client.readyState === client.OPEN && client.send(JSON.stringify(message));
    client.on('message', (data, isBinary) => {
      if (!authenticated) {
        const auth = isBinary ? null : parseAuthMessage(data.toString());
        const token = auth === null ? null : 'ticket' in auth ? credentials.redeem(auth.ticket) : credentials.isToken(auth.token) ? auth.token : null;
        if (token === null) {
          client.close(CLOSE_NOT_AUTHENTICATED, 'This page link has expired or was already used.');
          return;
        }
        authenticated = true;
        clearTimeout(authTimer);
        clients.add(client);
        send({ type: 'hello', edition: 'browser', secretsInMemory: true, token });
        if (lastTray) send({ type: 'tray', model: lastTray });
        if (settings.notice) send({ type: 'event', channel: 'notice', payload: { message: settings.notice } });
        return;
      }
      const message = isBinary ? null : parseClientMessage(data.toString());
      if (!message) {
        // Our page never sends this: whoever did is not speaking the contract.
        client.close(1008, 'Not a Ringside message.');
        return;
      }
      // Downloads go to the page the user last used.
      activeClient = client;
      if (message.type === 'notificationClicked') {
        controller.notificationClicked(message.callId);
        return;
      }
      if (pending >= MAX_PENDING_PER_SOCKET) {
        const busy = `Too many requests at once from this page (${MAX_PENDING_PER_SOCKET} are waiting): wait for their answers, then try again.`;
        send({ type: 'result', id: message.id, result: { ok: false, error: { code: 'RATE_LIMITED', message: busy } } });
        return;
      }
      pending += 1;
      void dispatchInvoke(table, message.channel, message.request, options.logger).then((result) => {
        pending -= 1;
        send({ type: 'result', id: message.id, result });
      });
    });
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets the connection must not take the process with it.
    socket.on('error', () => socket.destroy());
    const guarded = expected !== null && localRequestProblem(req, [expected.host]) === null;
    const onSocketPath = parseRequestTarget(req.url)?.pathname === SOCKET_PATH;
    const verdict = expected && guarded && onSocketPath ? checkRequest(facts(req, true), expected) : ({ ok: false, status: 403, reason: 'refused' } as const);
    if (!verdict.ok) return refuse(socket, verdict.status, 'Forbidden');
    const own = ownUser({ address: req.socket.remoteAddress, port: req.socket.remotePort }, { address: req.socket.localAddress, port: req.socket.localPort });
    if (!own) {
      options.logger.warn('Refused a connection from another user of this computer');
      return refuse(socket, 403, 'Forbidden');
    }
    sockets.handleUpgrade(req, socket, head, accept);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  expected = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };
  // Keeps the strip honest as time passes (a failed call's red fades after a minute).
  const trayTimer = setInterval(() => controller.refreshTray(), 15_000);

  return {
    newUrl: () => `http://127.0.0.1:${port}/?${TICKET_PARAM}=${credentials.issueTicket()}#/popover`,
    port,
    controller,
    async close() {
      clearInterval(trayTimer);
      for (const client of connections) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await controller.stop();
    },
  };
}
