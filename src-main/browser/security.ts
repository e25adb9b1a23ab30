/**
 * The browser edition's gate: every HTTP request and WebSocket upgrade must be addressed to
 * our loopback address and port (Host, against DNS rebinding), come from our own page
 * (Origin, when the browser sends one; always required for a WebSocket) and carry this run's
 * secret (in the URL's `key` parameter, or the cookie the page sets). Pure functions, so the
 * rules are tested without a server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_PARAM = 'key';

/** A fresh secret per run: 32 random bytes, URL-safe. */
export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie name carries the port: cookies on 127.0.0.1 are shared by every port. */
export const secretCookieName = (port: number) => `ringside_key_${port}`;

export interface GateExpectation {
  host: string; // e.g. 127.0.0.1:51234
  origin: string; // e.g. http://127.0.0.1:51234
  secret: string;
  port: number;
}

export interface IncomingFacts {
  host: string | undefined;
  origin: string | undefined;
  /** The request target as sent (path and query). */
  url: string | undefined;
  cookie: string | undefined;
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

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function presentedSecret(facts: Pick<IncomingFacts, 'url' | 'cookie'>, port: number): string | null {
  let fromQuery: string | null;
  try {
    fromQuery = new URL(facts.url ?? '/', 'http://placeholder').searchParams.get(SECRET_PARAM);
  } catch {
    fromQuery = null;
  }
  return fromQuery ?? cookieValue(facts.cookie, secretCookieName(port));
}

export function checkRequest(facts: IncomingFacts, expected: GateExpectation): GateVerdict {
  if (facts.host !== expected.host) return { ok: false, status: 403, reason: 'wrong Host' };
  if (facts.origin !== undefined && facts.origin !== expected.origin) return { ok: false, status: 403, reason: 'wrong Origin' };
  if (facts.upgrade && facts.origin === undefined) return { ok: false, status: 403, reason: 'no Origin' };
  if (!sameSecret(presentedSecret(facts, expected.port), expected.secret)) return { ok: false, status: 403, reason: 'no valid secret' };
  return { ok: true };
}
