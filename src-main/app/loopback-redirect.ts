import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localRequestProblem } from './local-request-guard';

const DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ringside</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:5rem auto;text-align:center;color:#1d1d1f}</style></head>
<body><h1>You can close this tab</h1><p>Ringside has your sign-in. Return to the app.</p></body></html>`;

export interface LoopbackRedirect {
  redirectUri: string;
  /** Resolves with the full callback URL the browser was sent to. */
  callback: Promise<string>;
  /** The `state` of the sign-in under way: only a callback carrying it is taken. */
  expectState(state: string): void;
  close(): void;
}

/**
 * A one-shot HTTP listener on 127.0.0.1 for the OAuth redirect of browser sign-in. It takes
 * the first GET to /callback that names this server in `Host` and carries the sign-in's
 * `state` (checked before anything else, `error` included: any local program or web page
 * can send requests here), answers with a short page and closes; other requests are
 * refused and ignored. It also closes by itself after `timeoutMs`.
 */
export async function listenForRedirect(timeoutMs = 5 * 60_000): Promise<LoopbackRedirect> {
  let resolve!: (url: string) => void;
  let reject!: (error: Error) => void;
  const callback = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let expectedState: string | null = null;
  let port = 0;
  const server: Server = createServer((req, res) => {
    const problem = localRequestProblem(req, [`127.0.0.1:${port}`]);
    if (problem) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    if (expectedState === null || url.searchParams.get('state') !== expectedState) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('This is not the sign-in Ringside is waiting for.');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(DONE_PAGE);
    resolve(`${redirectUri}${url.search}`);
    close();
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
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
  return {
    redirectUri,
    callback,
    expectState: (state) => {
      expectedState = state;
    },
    close,
  };
}
