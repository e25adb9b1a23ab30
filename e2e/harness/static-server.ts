import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { TYPES } from '../../src-main/browser/browser-host';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the built renderer (out/renderer) on 127.0.0.1 the way Electron loads it. */
export async function serveBuiltRenderer(root = path.resolve('out/renderer')): Promise<StaticServer> {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`No built renderer at ${root}: run \`npm run build\` first.`);
  }
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    // Chromium opens sockets ahead of need; one that never sent a request counts as busy, and
    // close() alone waited for it until the headers timeout (60 s) — past a spec's own timeout.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
