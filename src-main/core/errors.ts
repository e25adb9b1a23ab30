/**
 * One error type for every condition Ringside knows, and ONE table of what a person is told
 * about each: the window (IPC) and the command line both map failures through `failureOf`.
 * A `RingsideError` carries a code from this table and a sentence: its own when the thrower
 * knows more (which number, which redirect URI, RingCentral's detail), else the table's words.
 */
import type { ErrorCode } from '../../src-shared/ipc-contract';

/** The words a person is told, and the code a window can act on. */
interface Failure {
  /** The code the renderer sees (the IPC contract's, coarser than ours). */
  ipc: ErrorCode;
  /** What a person is told when the error brings no sentence of its own. */
  words: string;
}

/** What the user is told when RingCentral will not (or did not) end a call. */
export const COULD_NOT_END = 'RingCentral could not end the call; hang up your phone.';

const FAILURES = {
  // ── requests and numbers ──
  INVALID_REQUEST: { ipc: 'INVALID_REQUEST', words: 'The request was not understood.' },
  USAGE: { ipc: 'INVALID_REQUEST', words: 'That command was not understood. Run "ringside help" for the list.' },
  UNSAFE_URL: { ipc: 'INVALID_REQUEST', words: 'Ringside opens only https:// addresses (http:// on this computer) in the browser.' },
  INVALID_NUMBER: { ipc: 'INVALID_NUMBER', words: 'That is not a phone number Ringside can call.' },
  INVALID_RING_ME_AT: { ipc: 'INVALID_NUMBER', words: 'The "ring me at" number is not a phone number RingCentral can ring.' },
  // ── calls ──
  PLACE_FAILED: { ipc: 'CALL_FAILED', words: 'RingCentral could not place the call.' },
  CANCEL_FAILED: { ipc: 'CALL_FAILED', words: COULD_NOT_END },
  NOT_FOUND: { ipc: 'NOT_FOUND', words: 'That call is not in progress any more.' },
  TOO_LATE: { ipc: 'TOO_LATE', words: 'The call is still being placed; try again in a moment.' },
  // ── session ──
  NOT_SIGNED_IN: { ipc: 'NOT_SIGNED_IN', words: 'Sign in to RingCentral first (or try the demo).' },
  SIGN_IN_FAILED: { ipc: 'SIGN_IN_FAILED', words: 'Signing in to RingCentral failed. Please try again.' },
  SIGN_IN_DENIED: { ipc: 'SIGN_IN_FAILED', words: 'Sign-in was cancelled.' },
  PKCE_STATE_MISMATCH: { ipc: 'SIGN_IN_FAILED', words: 'The sign-in answer did not match this sign-in attempt. Please try again.' },
  REDIRECT_URI_NOT_REGISTERED: {
    ipc: 'SIGN_IN_FAILED',
    words: "RingCentral refused the sign-in because Ringside's redirect URI is not registered for your RingCentral app.",
  },
  REDIRECT_PORT_TAKEN: {
    ipc: 'SIGN_IN_FAILED',
    words: "Ringside cannot receive RingCentral's sign-in answer: the redirect URI's port is in use by another program.",
  },
  // ── RingCentral's answers (one per kind of failed request) ──
  RC_NETWORK: { ipc: 'NETWORK', words: 'RingCentral could not be reached. Check your connection; Ringside will keep trying.' },
  RC_UNAUTHORIZED: { ipc: 'NOT_SIGNED_IN', words: 'Your RingCentral session is no longer valid. Please sign in again.' },
  RC_FORBIDDEN: { ipc: 'INTERNAL', words: 'Your RingCentral account does not allow this.' },
  RC_NOT_FOUND: { ipc: 'INTERNAL', words: 'RingCentral does not know this item (any more).' },
  RC_BAD_REQUEST: { ipc: 'INTERNAL', words: 'RingCentral refused the request.' },
  RC_RATE_LIMITED: { ipc: 'RATE_LIMITED', words: 'RingCentral asked Ringside to slow down; it will retry shortly.' },
  RC_UNAVAILABLE: { ipc: 'INTERNAL', words: 'RingCentral is temporarily unavailable; Ringside will retry shortly.' },
  RC_SERVER: { ipc: 'INTERNAL', words: 'RingCentral had an internal error.' },
  // ── the call archive ──
  DISK_FULL: { ipc: 'DISK_FULL', words: 'The disk is full, so call history could not be saved. Free some disk space; the sync resumes where it stopped.' },
  READ_ONLY: { ipc: 'READ_ONLY', words: 'Not saved: your call history is read-only this session.' },
  // ── integrations (issue 30) ──
  WRAP_UP_REQUIRED: { ipc: 'INVALID_REQUEST', words: 'This wrap-up cannot be skipped: your settings require a disposition after every call.' },
  WEBHOOK_NOT_FOUND: { ipc: 'NOT_FOUND', words: 'That webhook endpoint is not set up (any more).' },
  // ── the team archive (issue 29) ──
  TEAM_ARCHIVE_OFF: {
    ipc: 'NOT_FOUND',
    words: 'Team mode is off: enter the team archive’s address in Settings → Team archive (or set RINGSIDE_TEAM_DATABASE_URL).',
  },
  TEAM_ARCHIVE_UNREACHABLE: {
    ipc: 'NETWORK',
    words: 'The team archive could not be reached. Check its address, your login and password, and that PostgreSQL is running.',
  },
  // ── updates (never shown as an error: the update line says it) ──
  UPDATE_FAILED: { ipc: 'INTERNAL', words: 'The update could not be downloaded.' },
} as const satisfies Record<string, Failure>;

export type RingsideErrorCode = keyof typeof FAILURES;

/** Every code in the table (for tests). */
export const RINGSIDE_ERROR_CODES = Object.keys(FAILURES) as RingsideErrorCode[];

/** The table's words for a code. */
export function wordsFor(code: RingsideErrorCode): string {
  return FAILURES[code].words;
}

/** Every failure Ringside knows: a code from the table and a sentence meant for a person. */
export class RingsideError extends Error {
  constructor(
    readonly code: RingsideErrorCode,
    message: string = wordsFor(code),
  ) {
    super(message);
    this.name = 'RingsideError';
  }
}

/** What the window or the terminal tells a person about a known failure, or null for an unexpected one. */
export function failureOf(error: unknown): { code: ErrorCode; message: string } | null {
  if (!(error instanceof RingsideError)) return null;
  return { code: FAILURES[error.code].ipc, message: error.message || wordsFor(error.code) };
}

/**
 * What Ringside tells a person when RingCentral refuses to place a RingOut (REALITY 18): one
 * sentence per RingCentral code, saying what happened and what to do. Keyed on the inner
 * `errors[].errorCode` (the top-level code is only a kind, and the message may be localised).
 * They are the words of a PLACE_FAILED error (core/ringcentral/ringout-refusals.ts picks one).
 */
export const RING_OUT_REFUSAL_WORDS: Readonly<Record<string, string>> = {
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
