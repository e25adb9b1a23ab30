/** The longest note a call can have, in characters (`annotations.ts` re-exports it). */
export const NOTE_MAX = 500;
