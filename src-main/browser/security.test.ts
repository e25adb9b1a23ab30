import { describe, expect, it } from 'vitest';
import { checkRequest, cookieValue, createSecret, secretCookieName, type IncomingFacts } from './security';

const expected = { host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000', secret: createSecret(), port: 5000 };
const good: IncomingFacts = { host: '127.0.0.1:5000', origin: undefined, url: `/?key=${expected.secret}`, cookie: undefined, upgrade: false };

describe('the browser edition gate', () => {
  it('creates a fresh, long, URL-safe secret each time', () => {
    const a = createSecret();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(createSecret()).not.toBe(a);
  });

  it('lets our page in with the secret in the URL or in its cookie', () => {
    expect(checkRequest(good, expected)).toEqual({ ok: true });
    const cookie = `other=1; ${secretCookieName(5000)}=${expected.secret}`;
    expect(checkRequest({ ...good, url: '/assets/index.js', cookie, origin: expected.origin }, expected)).toEqual({ ok: true });
  });

  it('refuses a request without the secret, or with a wrong one', () => {
    expect(checkRequest({ ...good, url: '/' }, expected)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ ...good, url: '/?key=' + 'x'.repeat(expected.secret.length) }, expected)).toMatchObject({ ok: false });
    expect(checkRequest({ ...good, url: '/?key=short' }, expected)).toMatchObject({ ok: false });
    // Another port's cookie is not ours.
    expect(checkRequest({ ...good, url: '/', cookie: `${secretCookieName(5001)}=${expected.secret}` }, expected)).toMatchObject({ ok: false });
  });

  it('refuses another Host (DNS rebinding), even localhost', () => {
    expect(checkRequest({ ...good, host: 'evil.example:5000' }, expected)).toMatchObject({ ok: false, reason: 'wrong Host' });
    expect(checkRequest({ ...good, host: 'localhost:5000' }, expected)).toMatchObject({ ok: false });
    expect(checkRequest({ ...good, host: undefined }, expected)).toMatchObject({ ok: false });
  });

  it('refuses another Origin, and a WebSocket upgrade without one', () => {
    expect(checkRequest({ ...good, origin: 'http://evil.example' }, expected)).toMatchObject({ ok: false, reason: 'wrong Origin' });
    expect(checkRequest({ ...good, origin: 'null' }, expected)).toMatchObject({ ok: false });
    expect(checkRequest({ ...good, upgrade: true }, expected)).toMatchObject({ ok: false, reason: 'no Origin' });
    expect(checkRequest({ ...good, upgrade: true, origin: expected.origin }, expected)).toEqual({ ok: true });
  });

  it('reads one cookie among several', () => {
    expect(cookieValue('a=1; b = 2 ;c=3', 'b')).toBe('2');
    expect(cookieValue('ab=1', 'b')).toBeNull();
    expect(cookieValue(undefined, 'b')).toBeNull();
  });
});
