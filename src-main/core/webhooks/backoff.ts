/**
 * When to try a delivery again: exponential backoff with full jitter (a random wait between 0
 * and base·2^attempt, capped), never earlier than the receiver's Retry-After asked.
 */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 60 * 60_000;
/** A delivery is parked once it has had this many attempts… */
export const MAX_ATTEMPTS = 30;
/** …and is this old: a laptop offline for a weekend does not come back to a list of failures. */
export const MAX_AGE_MS = 3 * 24 * 60 * 60_000;

export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The next attempt's time: backoff with jitter, but never before what Retry-After asked. */
export function nextAttemptAt(attempt: number, now: number, retryAfter: string | null, random: () => number): number {
  const asked = retryAfterMs(retryAfter, now) ?? 0;
  return now + Math.max(asked, backoffMs(attempt, random));
}
