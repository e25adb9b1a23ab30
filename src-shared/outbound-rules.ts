/**
 * Rules about outbound calls that every process applies, kept free of zod so the renderer
 * can use them without bundling the schemas.
 */
import { sameNumber } from './phone-numbers';
import type { Settings } from './settings';

export type NotificationMode = Settings['notificationMode'];

/**
 * The rule for "ring me at" (RingCentral's Embeddable documents it for RingOut): the phone
 * rung first must be a digital line, a mobile, or the main number with an extension
 * (`+16505550100*101`). Forwarding numbers say which they are in `type`.
 */
export const RING_ME_AT_RULE =
  'RingCentral can ring you first only on a digital line, a mobile phone, or the main number with your extension (main number*extension).';

const ALLOWED_FORWARDING_TYPES = new Set(['PhoneLine', 'Mobile', 'BusinessMobilePhone']);

/** Why a forwarding number cannot be "ring me at", or null when it can. */
export function ringMeAtProblem(number: { phoneNumber: string; type?: string | undefined }): string | null {
  if (/^\+?\d+\*\d+$/.test(number.phoneNumber.replace(/[\s().-]/g, ''))) return null;
  // A number of unknown type (an old server, a typed-in number) is given the benefit of the doubt.
  if (number.type === undefined || ALLOWED_FORWARDING_TYPES.has(number.type)) return null;
  return `${RING_ME_AT_RULE} This number is set up as "${number.type}".`;
}

/** A phone the account lists for "ring me at", with its forwarding type when the server says it. */
export interface ForwardingNumber {
  phoneNumber: string;
  type?: string | undefined;
}

export interface RingMeAtChoice {
  /** The phone to ring first: the one wanted, else the first the account allows; null when there is none. */
  number: string | null;
  /** The account's entry for that phone (matched however it is written), or null when it is not listed. */
  listed: ForwardingNumber | null;
  /** Why the account does not allow that phone to ring first, or null when it may (or is not listed). */
  problem: string | null;
  /** The first phone the account allows to ring first, where a refused choice can fall back. */
  firstAllowed: string | null;
}

/**
 * The "ring me at" choice every caller makes (the app, the call form, the CLI): the phone
 * wanted, else the first one allowed, and whether the account lists it as not allowed.
 */
export function chooseRingMeAt(numbers: readonly ForwardingNumber[], wanted: string | null | undefined): RingMeAtChoice {
  const firstAllowed = numbers.find((n) => ringMeAtProblem(n) === null)?.phoneNumber ?? null;
  const number = wanted ?? firstAllowed;
  const listed = number ? (numbers.find((n) => sameNumber(n.phoneNumber, number)) ?? null) : null;
  return { number, listed, problem: listed ? ringMeAtProblem(listed) : null, firstAllowed };
}

/** The mode in effect: the older "mute all" switch, when on, still means none. */
export function effectiveNotificationMode(settings: Pick<Settings, 'notifications' | 'notificationMode'>): NotificationMode {
  return settings.notifications.muted ? 'none' : settings.notificationMode;
}
