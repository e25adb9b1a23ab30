/** Audit findings 7 and 13: the sign-in callback server. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listenForRedirect } from './loopback-redirect';

function send(url: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET', headers: { host: options.host ?? target.host, ...options.headers } },
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
    const redirect = await listenForRedirect();
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
    const redirect = await listenForRedirect();
    redirect.expectState('right-state');
    try {
      expect(await send(`${redirect.redirectUri}?error=access_denied&error_description=${encodeURIComponent('Call 1-900-SCAM')}`)).toBe(400);
      expect(await send(`${redirect.redirectUri}?state=wrong&error=access_denied`)).toBe(400);
      let settled = false;
      void redirect.callback.then(() => (settled = true), () => (settled = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(settled).toBe(false);
      expect(await send(`${redirect.redirectUri}?state=right-state&code=abc`)).toBe(200);
      expect(await redirect.callback).toContain('code=abc');
    } finally {
      redirect.close();
    }
  });
});
