import { RING_OUT_REFUSAL_WORDS } from '../errors';

/**
 * What Ringside tells a person when RingCentral refuses to place a RingOut (REALITY 18): the
 * sentences live in the one table of failure words (core/errors.ts). The app and the CLI both
 * show them: the tracker puts them on the failed call and in the PLACE_FAILED error it throws.
 */
const REFUSALS = RING_OUT_REFUSAL_WORDS;

/**
 * The sentence for a refusal of POST ring-out, by its inner error code; null for a code without
 * one. CMN-102 ("not found") is about the forwarding number only when it names that parameter
 * (it also answers an unknown account or extension).
 */
export function ringOutRefusal(errorCode: string | null | undefined, parameterName?: string | null): string | null {
  if (!errorCode || !Object.hasOwn(REFUSALS, errorCode)) return null;
  if (errorCode === 'CMN-102' && !/forwardingNumber/i.test(parameterName ?? '')) return null;
  return REFUSALS[errorCode] ?? null;
}

/** Every code with a sentence (for tests and the README). */
export const RING_OUT_REFUSAL_CODES: readonly string[] = Object.keys(REFUSALS);
