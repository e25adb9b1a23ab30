/** Identifiers shaped like RingCentral's (opaque to clients, but realistic to look at). */
export type Random = () => number;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function alnum(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(random() * ALNUM.length)];
  return out;
}

export function digits(random: Random, length: number): string {
  let out = String(1 + Math.floor(random() * 9));
  for (let i = 1; i < length; i++) out += String(Math.floor(random() * 10));
  return out;
}

/** Like the real `Y3MxNzE4NDkyODg0NDM5MDJAMTAuNjIuMjkuMzM` (base64 of `cs…@host`). */
export function ringOutId(random: Random): string {
  return Buffer.from(`cs${digits(random, 17)}@10.62.29.33`)
    .toString('base64')
    .replace(/=+$/, '');
}

export function callRecordId(random: Random): string {
  return alnum(random, 15);
}

export function sessionId(random: Random): string {
  return digits(random, 12);
}

export function telephonySessionId(random: Random): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  return `s-a${hex}`;
}

/** Deterministic PRNG (mulberry32) for reproducible seeds. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
