/** Audit findings 7 and 13: the sign-in callback server. */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { flushPromises } from '../../test-support/fake-clock';
import { listenForRedirect, RedirectPortTakenError } from './loopback-redirect';

/** A port free right now (taken and given back), for a redirect URI of one test. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function send(url: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? target.host, ...options.headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('sign-in callback server', () => {
  it('refuses another Host (DNS rebinding) and any request body (finding 7)', async () => {
    const redirect = await listenForRedirect(`http://127.0.0.1:${await freePort()}/callback`);
    redirect.expectState('s1');
    try {
      expect(await send(`${redirect.redirectUri}?state=s1&code=c`, { host: 'evil.example:80' })).toBe(400);
      expect(await send(`${redirect.redirectUri}?state=s1&code=c`, { host: `localhost:${new URL(redirect.redirectUri).port}` })).toBe(400);
      expect(await send(`${redirect.redirectUri}?state=s1&code=c`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"a":1}' })).toBe(400);
      expect(await send(`${redirect.redirectUri}?state=s1&code=c`)).toBe(200);
      expect(await redirect.callback).toBe(`${redirect.redirectUri}?state=s1&code=c`);
    } finally {
      redirect.close();
    }
  });

  it('checks state before anything: a foreign error cannot abort sign-in (finding 13)', async () => {
    const redirect = await listenForRedirect(`http://127.0.0.1:${await freePort()}/callback`);
    redirect.expectState('right-state');
    try {
      expect(await send(`${redirect.redirectUri}?error=access_denied&error_description=${encodeURIComponent('Call 1-900-SCAM')}`)).toBe(400);
      expect(await send(`${redirect.redirectUri}?state=wrong&error=access_denied`)).toBe(400);
      let settled = false;
      void redirect.callback.then(
        () => (settled = true),
        () => (settled = true),
      );
      // Both refusals were answered, so the listener has handled them; let any settling run.
      await flushPromises();
      expect(settled).toBe(false);
      expect(await send(`${redirect.redirectUri}?state=right-state&code=abc`)).toBe(200);
      expect(await redirect.callback).toContain('code=abc');
    } finally {
      redirect.close();
    }
  });

  it('listens on exactly the registered URI: its port and its path', async () => {
    const port = await freePort();
    const redirect = await listenForRedirect(`http://127.0.0.1:${port}/ringside/done`);
    redirect.expectState('s');
    try {
      expect(redirect.redirectUri).toBe(`http://127.0.0.1:${port}/ringside/done`);
      expect(await send(`http://127.0.0.1:${port}/callback?state=s&code=c`)).toBe(404);
      expect(await send(`http://127.0.0.1:${port}/ringside/done?state=s&code=c`)).toBe(200);
      expect(await redirect.callback).toBe(`http://127.0.0.1:${port}/ringside/done?state=s&code=c`);
    } finally {
      redirect.close();
    }
  });

  it('names the port and how to change it when another program holds it', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    try {
      const error = await listenForRedirect(`http://127.0.0.1:${port}/callback`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectPortTakenError);
      expect((error as Error).message).toContain(`port ${port} on this computer is in use by another program`);
      expect((error as Error).message).toMatch(/another redirect URI in Settings \(or set RC_REDIRECT_URI\)/);
      expect((error as Error).message).toContain('register that exact URI in your RingCentral app');
    } finally {
      other.close();
    }
  });
});
