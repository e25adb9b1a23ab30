/**
 * One small vocabulary for a leg's state, whichever RingCentral vocabulary reported it:
 * RingOut status (`CallingStatusInfo`), call-log `result` (`CallResultEnum`) or Ringside's
 * own `Not called`. Unknown values fall to `unknown` rather than failing.
 */
export type LegState =
  /** Not dialled yet: the other party waits until your phone answers. */
  | 'waiting'
  | 'ringing'
  | 'connected'
  | 'busy'
  | 'noAnswer'
  | 'rejected'
  | 'voicemail'
  | 'hungUp'
  /** The leg stopped without saying why (a reason-less Disconnected): better evidence may follow. */
  | 'ended'
  | 'blocked'
  | 'wrongNumber'
  | 'failed'
  | 'notCalled'
  | 'unknown';

/** Every leg state, in the order a person reads them. */
export const LEG_STATES = [
  'waiting',
  'ringing',
  'connected',
  'busy',
  'noAnswer',
  'rejected',
  'voicemail',
  'hungUp',
  'ended',
  'blocked',
  'wrongNumber',
  'failed',
  'notCalled',
  'unknown',
] as const satisfies readonly LegState[];

const STATES: Record<string, LegState> = {
  // RingOut status endpoint (CallingStatusInfo)
  InProgress: 'ringing',
  Success: 'connected',
  Finished: 'connected',
  Busy: 'busy',
  NoAnswer: 'noAnswer',
  NoAnsweringMachine: 'noAnswer',
  Rejected: 'rejected',
  InternationalDisabled: 'blocked',
  DestinationBlocked: 'blocked',
  NotEnoughFunds: 'blocked',
  RingOutFromThisNumberIsNotSupported: 'blocked',
  NosuchUser: 'wrongNumber',
  // Older specs and SDK docs spell it with a capital S.
  NoSuchUser: 'wrongNumber',
  Invalid: 'wrongNumber',
  GenericError: 'failed',
  Error: 'failed',
  CannotReach: 'failed',
  NoSessionFound: 'failed',
  // Call log (CallResultEnum)
  'In Progress': 'ringing',
  'Call connected': 'connected',
  Accepted: 'connected',
  Received: 'connected',
  'No Answer': 'noAnswer',
  Missed: 'noAnswer',
  Declined: 'rejected',
  Voicemail: 'voicemail',
  'Sent to Voicemail': 'voicemail',
  // Newer results (REALITY 27): another of your phones took the call; the caller asked to be called back.
  'Answered Elsewhere': 'connected',
  'Callback requested': 'noAnswer',
  'Hang Up': 'hungUp',
  Stopped: 'hungUp',
  Abandoned: 'hungUp',
  'International Disabled': 'blocked',
  'International Restricted': 'blocked',
  Blocked: 'blocked',
  'Restricted Number': 'blocked',
  'Not Allowed': 'blocked',
  'No Calling Credit': 'blocked',
  'Wrong Number': 'wrongNumber',
  'Call Failed': 'failed',
  'Call Failure': 'failed',
  'Internal Error': 'failed',
  'IP Phone Offline': 'failed',
  'Carrier is not active': 'failed',
  'EDGE trunk misconfigured': 'failed',
  'Suspended account': 'blocked',
  'Not called': 'notCalled',
  // The caller's own voicemail picked up and nobody pressed 1.
  'Answered Not Accepted': 'voicemail',
};

/**
 * Looked up case-insensitively: RingCentral's spellings drift (`NosuchUser` / `NoSuchUser`,
 * `line Busy` / `Line Busy`, REALITY 6 and 27), and a new spelling of a known word is that word.
 */
const BY_LOWERCASE = new Map(Object.entries(STATES).map(([word, state]) => [word.toLowerCase(), state]));

function known(status: string): LegState | undefined {
  return BY_LOWERCASE.get(status.trim().toLowerCase());
}

/** Values of the RingOut status vocabulary (CallingStatusInfo) that say nothing about a leg. */
const STATUS_UNKNOWN = new Set(['unknown']);

/**
 * A RingOut status value (`CallingStatusInfo`) to a leg state. Unlike `legState`, a value
 * this build does not know means the leg failed in some way RingCentral did not name: a
 * generic failure (the raw value is kept by the caller), never a crash or a leg stuck live.
 */
export function ringOutStatusState(status: string | null | undefined): LegState {
  if (status == null || STATUS_UNKNOWN.has(status.trim().toLowerCase())) return 'unknown';
  return known(status) ?? 'failed';
}

/**
 * A call-log `result` (or any of the vocabularies above) to a leg state, whatever its case. A
 * value this build does not know is `unknown`: the raw word is kept beside it and shown.
 */
export function legState(status: string | null | undefined): LegState {
  if (status == null) return 'unknown';
  return known(status) ?? 'unknown';
}

/** Whether a leg in this state can still change (the call is not over for it). */
export function isLegFinal(state: LegState): boolean {
  return state !== 'waiting' && state !== 'ringing' && state !== 'unknown';
}

/** A leg that ended without a conversation (what deserves a "missed/failed" notice). */
export function isLegFailure(state: LegState): boolean {
  return isLegFinal(state) && state !== 'connected' && state !== 'voicemail' && state !== 'notCalled' && state !== 'ended';
}
