import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ringside</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:5rem auto;text-align:center;color:#1d1d1f}</style></head>
<body><h1>You can close this tab</h1><p>Ringside has your sign-in. Return to the app.</p></body></html>`;

export interface LoopbackRedirect {
  redirectUri: string;
  /** Resolves with the full callback URL the browser was sent to. */
  callback: Promise<string>;
  close(): void;
}

/**
 * A one-shot HTTP listener on 127.0.0.1 for the OAuth redirect of browser sign-in. It takes
 * the first request to /callback, answers with a short page and closes; it also closes by
 * itself after `timeoutMs`.
 */
export async function listenForRedirect(timeoutMs = 5 * 60_000): Promise<LoopbackRedirect> {
  let resolve!: (url: string) => void;
  let reject!: (error: Error) => void;
  const callback = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(DONE_PAGE);
    resolve(`${redirectUri}${url.search}`);
    close();
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const timer = setTimeout(() => {
    reject(new Error('Sign-in timed out: the browser did not come back to Ringside.'));
    close();
  }, timeoutMs);
  timer.unref?.();
  function close() {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections?.();
  }
  callback.catch(() => undefined);
  return { redirectUri, callback, close };
}
