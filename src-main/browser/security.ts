/**
 * The browser edition's gate. Every HTTP request and WebSocket upgrade must be addressed to
 * our loopback address and port (Host, against DNS rebinding) and come from our own page
 * (Origin, when the browser sends one; always required for a WebSocket). The page and its
 * files hold nothing private; the data and the calls are behind the WebSocket, which a page
 * opens only with this run's credential:
 *
 * - the address Ringside opens carries a one-time *ticket* (`?ticket=…`), valid for a minute
 *   and for one connection only. A process that reads it from a command line (`ps`) is too
 *   late once the page has used it, and on Linux is refused anyway (see ./peer-owner.ts);
 * - the page sends the ticket as the WebSocket's first message and receives a *token* for
 *   this run, which it keeps in sessionStorage (this tab, this origin: port included) and
 *   presents the same way after a reload. The token is never in a URL, a command line or a
 *   cookie (cookies on 127.0.0.1 are sent to every port).
 *
 * Pure functions and a small store, so the rules are tested without a server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const TICKET_PARAM = 'ticket';
/** Long enough for a browser to start cold; short enough that an old command line is useless. */
export const TICKET_LIFETIME_MS = 60_000;

/** A fresh secret: 32 random bytes, URL-safe. */
export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface GateExpectation {
  host: string; // e.g. 127.0.0.1:51234
  origin: string; // e.g. http://127.0.0.1:51234
}

export interface IncomingFacts {
  host: string | undefined;
  origin: string | undefined;
  /** A WebSocket upgrade must name its Origin; a plain page load may omit it. */
  upgrade: boolean;
}

export type GateVerdict = { ok: true } | { ok: false; status: 400 | 403; reason: string };

export function sameSecret(presented: string | null | undefined, secret: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkRequest(facts: IncomingFacts, expected: GateExpectation): GateVerdict {
  if (facts.host !== expected.host) return { ok: false, status: 403, reason: 'wrong Host' };
  if (facts.origin !== undefined && facts.origin !== expected.origin) return { ok: false, status: 403, reason: 'wrong Origin' };
  if (facts.upgrade && facts.origin === undefined) return { ok: false, status: 403, reason: 'no Origin' };
  return { ok: true };
}

/**
 * This run's credentials: one-time tickets for opened addresses, and the token a ticket is
 * exchanged for. `now` is injectable so expiry is tested without waiting.
 */
export class Credentials {
  private readonly token = createSecret();
  private readonly tickets = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new ticket for an address to open; it works once, within TICKET_LIFETIME_MS. */
  issueTicket(): string {
    const ticket = createSecret();
    this.tickets.set(ticket, this.now() + TICKET_LIFETIME_MS);
    for (const [old, expires] of this.tickets) if (expires < this.now()) this.tickets.delete(old);
    return ticket;
  }

  /** The run's token for a valid ticket, which is used up; null for anything else. */
  redeem(ticket: string): string | null {
    for (const [known, expires] of this.tickets) {
      if (!sameSecret(ticket, known)) continue;
      this.tickets.delete(known);
      return expires >= this.now() ? this.token : null;
    }
    return null;
  }

  isToken(presented: string): boolean {
    return sameSecret(presented, this.token);
  }
}
