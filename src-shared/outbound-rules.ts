/**
 * Rules about outbound calls that every process applies, kept free of zod so the renderer
 * can use them without bundling the schemas.
 */
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

/** The mode in effect: the older "mute all" switch, when on, still means none. */
export function effectiveNotificationMode(settings: Pick<Settings, 'notifications' | 'notificationMode'>): NotificationMode {
  return settings.notifications.muted ? 'none' : settings.notificationMode;
}
