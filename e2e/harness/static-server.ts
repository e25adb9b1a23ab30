import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { TYPES } from '../../src-main/browser/browser-host';

export interface StaticServer {
  url: string;
  /** The HTTP server itself (the harness's bridge takes its WebSocket upgrades: same origin). */
  http: Server;
  close(): Promise<void>;
}

/**
 * Serves the built renderer (out/renderer) on 127.0.0.1 the way Electron loads it. Each file is
 * read once and answered in one write, not streamed in 64 kB chunks that each wait for a turn
 * of this process's event loop (busy with the app and the simulator); Electron reads the
 * bundle in its own process.
 */
export async function serveBuiltRenderer(root = path.resolve('out/renderer')): Promise<StaticServer> {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`No built renderer at ${root}: run \`npm run build\` first.`);
  }
  const files = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    let body = files.get(file);
    if (!body) files.set(file, (body = readFileSync(file)));
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    http: server,
    // Chromium opens sockets ahead of need; one that never sent a request counts as busy, and
    // close() alone waited for it until the headers timeout (60 s) — past a spec's own timeout.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
