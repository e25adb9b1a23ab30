import { z } from 'zod';

/**
 * A number to confirm before calling, from the dial hotkey (the selected text or the
 * clipboard) or a tel:/callto:/rcmobile: link. Ringside never dials one by itself: the
 * popover shows it and waits for Enter (or Esc).
 */
export const dialRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('number'),
    /**
     * hotkey and link come from main; the popover itself asks the same way for a number from
     * "Call again", favourites and recents, a paste, or the browser edition's `?dial=` address.
     */
    source: z.enum(['hotkey', 'link', 'again', 'recent', 'paste', 'address']),
    /** E.164, what RingOut dials. */
    number: z.string(),
    /** Digits to dial on your phone once they answer (RingOut cannot send them). */
    extension: z.string().nullable(),
    /** What the number was read from, as written. */
    text: z.string(),
  }),
  z.object({
    kind: z.literal('noNumber'),
    source: z.enum(['hotkey', 'link', 'paste', 'address']),
    /** The text, prefilled so it can be corrected by hand. */
    text: z.string(),
    message: z.string(),
  }),
]);
export type DialRequest = z.infer<typeof dialRequestSchema>;
