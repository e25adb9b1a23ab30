import { describe, expect, it } from 'vitest';
import { checkRequest, createSecret, Credentials, TICKET_LIFETIME_MS, type IncomingFacts } from './security';

const expected = { host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000' };
const good: IncomingFacts = { host: '127.0.0.1:5000', origin: undefined, upgrade: false };

describe('the browser edition gate', () => {
  it('creates a fresh, long, URL-safe secret each time', () => {
    const a = createSecret();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(createSecret()).not.toBe(a);
  });

  it('lets our page in: our Host, our Origin or none for a page load', () => {
    expect(checkRequest(good, expected)).toEqual({ ok: true });
    expect(checkRequest({ ...good, origin: expected.origin }, expected)).toEqual({ ok: true });
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
});

describe("this run's credentials (issue 26, item 1)", () => {
  it('a ticket is exchanged once for the token; a second use, or a guess, gets nothing', () => {
    const credentials = new Credentials();
    const ticket = credentials.issueTicket();
    const token = credentials.redeem(ticket);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(token).not.toBe(ticket);
    expect(credentials.redeem(ticket)).toBeNull();
    expect(credentials.redeem('x'.repeat(43))).toBeNull();
    expect(credentials.isToken(token!)).toBe(true);
    expect(credentials.isToken(ticket)).toBe(false);
  });

  it('a ticket expires a minute after it was issued', () => {
    let now = 1_000_000;
    const credentials = new Credentials(() => now);
    const late = credentials.issueTicket();
    const inTime = credentials.issueTicket();
    now += TICKET_LIFETIME_MS;
    expect(credentials.redeem(inTime)).not.toBeNull();
    now += 1;
    expect(credentials.redeem(late)).toBeNull();
  });

  it('every ticket leads to the same token (tabs of one run), and tickets differ', () => {
    const credentials = new Credentials();
    const a = credentials.issueTicket();
    const b = credentials.issueTicket();
    expect(a).not.toBe(b);
    expect(credentials.redeem(a)).toBe(credentials.redeem(b));
  });
});
