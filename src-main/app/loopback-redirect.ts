import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RingsideError } from '../core/index';
import { localRequestProblem, parseRequestTarget } from './local-request-guard';

const DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ringside</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:5rem auto;text-align:center;color:#1d1d1f}</style></head>
<body><h1>You can close this tab</h1><p>Ringside has your sign-in. Return to the app.</p></body></html>`;

/** The redirect URI's port is in use by another program: the user must free it or choose another URI. */
export class RedirectPortTakenError extends RingsideError {
  constructor(
    readonly port: number,
    readonly redirectUri: string,
  ) {
    super(
      'REDIRECT_PORT_TAKEN',
      `Ringside cannot receive RingCentral's sign-in answer: port ${port} on this computer is in use by another program (or another Ringside). ` +
        `Close that program and try again, or choose another redirect URI in Settings (or set RC_REDIRECT_URI), for example http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}/callback, ` +
        `and register that exact URI in your RingCentral app.`,
    );
    this.name = 'RedirectPortTakenError';
  }
}

export interface LoopbackRedirect {
  redirectUri: string;
  /** Resolves with the full callback URL the browser was sent to. */
  callback: Promise<string>;
  /** The `state` of the sign-in under way: only a callback carrying it is taken. */
  expectState(state: string): void;
  close(): void;
}

/**
 * A one-shot HTTP listener on the fixed, registered redirect URI of browser sign-in (RingCentral
 * refuses any other, REALITY 1). It takes the first GET to the URI's path that names this
 * server in `Host` and carries the sign-in's
 * `state` (checked before anything else, `error` included: any local program or web page
 * can send requests here), answers with a short page and closes; other requests are
 * refused and ignored. It also closes by itself after `timeoutMs`. A port in use is a
 * RedirectPortTakenError that names the port and how to change it.
 */
export async function listenForRedirect(registeredUri: string, timeoutMs = 5 * 60_000): Promise<LoopbackRedirect> {
  const target = new URL(registeredUri);
  const port = Number(target.port);
  let redirectUri = registeredUri;
  let resolve!: (url: string) => void;
  let reject!: (error: Error) => void;
  const callback = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let expectedState: string | null = null;
  const server: Server = createServer((req, res) => {
    const problem = localRequestProblem(req, [target.host]);
    if (problem) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
      return;
    }
    const url = parseRequestTarget(req.url);
    if (req.method !== 'GET' || url?.pathname !== target.pathname) {
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
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  await new Promise<void>((res, rej) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      rej(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new RedirectPortTakenError(port, registeredUri) : error),
    );
    server.listen(port, host, () => res());
  });
  if (port === 0) {
    // Tests only (port 0 is never a registered URI): the port the system gave.
    target.port = String((server.address() as AddressInfo).port);
    redirectUri = target.toString();
  }
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
