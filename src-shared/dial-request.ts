import { z } from 'zod';

/**
 * A number to confirm before calling, from the dial hotkey (the selected text or the
 * clipboard) or a tel:/callto:/rcmobile: link. Ringside never dials one by itself: the
 * popover shows it and waits for Enter (or Esc).
 */
export const dialRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('number'),
    source: z.enum(['hotkey', 'link']),
    /** E.164, what RingOut dials. */
    number: z.string(),
    /** Digits to dial on your phone once they answer (RingOut cannot send them). */
    extension: z.string().nullable(),
    /** What the number was read from, as written. */
    text: z.string(),
  }),
  z.object({
    kind: z.literal('noNumber'),
    source: z.enum(['hotkey', 'link']),
    /** The text, prefilled so it can be corrected by hand. */
    text: z.string(),
    message: z.string(),
  }),
]);
export type DialRequest = z.infer<typeof dialRequestSchema>;

/**
 * The rule for "ring me at" (RingCentral's Embeddable documents it for RingOut): the phone
 * rung first must be a digital line, a mobile, or the main number with an extension
 * (`+16505550100*101`). Forwarding numbers say which they are in `type`.
 */
export const RING_ME_AT_RULE = 'RingCentral can ring you first only on a digital line, a mobile phone, or the main number with your extension (main number*extension).';

const ALLOWED_FORWARDING_TYPES = new Set(['PhoneLine', 'Mobile', 'BusinessMobilePhone']);

/** Why a forwarding number cannot be "ring me at", or null when it can. */
export function ringMeAtProblem(number: { phoneNumber: string; type?: string | undefined }): string | null {
  if (/^\+?\d+\*\d+$/.test(number.phoneNumber.replace(/[\s().-]/g, ''))) return null;
  // A number of unknown type (an old server, a typed-in number) is given the benefit of the doubt.
  if (number.type === undefined || ALLOWED_FORWARDING_TYPES.has(number.type)) return null;
  return `${RING_ME_AT_RULE} This number is set up as "${number.type}".`;
}
