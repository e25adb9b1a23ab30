/**
 * What Ringside tells a person when RingCentral refuses to place a RingOut (REALITY 18): one
 * sentence per code, saying what happened and what to do. Keyed on the inner
 * `errors[].errorCode` (the top-level code is only a kind, and the message may be localised).
 * The app and the CLI both show these words: the tracker puts them on the failed call and in
 * the error it throws.
 */
const REFUSALS: Readonly<Record<string, string>> = {
  'TEL-107': 'RingCentral does not allow that caller ID for your calls. Choose another caller ID (or your account default) and call again.',
  'TEL-108': 'RingCentral could not use your "ring me at" number: it is empty or not a valid phone number. Check the phone RingCentral should ring first.',
  'TEL-109': 'RingCentral could not use the number you called: it is empty or not a valid phone number. Check the number and call again.',
  'TEL-101':
    'Calls to this number are blocked for your RingCentral account (it is on a blocked list). Ask your RingCentral administrator if you need to call it.',
  'TEL-102': 'Your "ring me at" number is on a blocked list in your RingCentral account, so RingCentral will not ring it. Choose another phone to ring first.',
  'RNG-102': "The caller ID must be one of your company's RingCentral numbers. Choose a company number as caller ID (or your account default).",
  'BIL-103':
    "RingOut is not part of your RingCentral account's plan, so calls cannot be placed from Ringside. Ask your RingCentral administrator to enable RingOut.",
  'CMN-112': 'RingOut is not available for your type of RingCentral user. Ask your RingCentral administrator to enable RingOut for you.',
  'CMN-113':
    'Your RingCentral user may not make domestic calls, so RingCentral refused this one. Ask your RingCentral administrator to allow domestic calling.',
  'CMN-102': 'The phone RingCentral should ring first is no longer one of your forwarding numbers. Choose another "ring me at" phone and call again.',
};

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
