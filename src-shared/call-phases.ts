/**
 * What a call's phase means, for every process. Free of zod (no schema here), so the renderer's
 * first chunk can use these without loading it; `calls.ts` re-exports them.
 */
import type { TrackedCall } from './calls';

/**
 * "Is this call still active": Ringside still follows it (placing, ringing or connected, or
 * over and waiting for the call log). The one definition every process uses.
 */
export function isActive(call: Pick<TrackedCall, 'phase'>): boolean {
  return call.phase === 'placing' || call.phase === 'live' || call.phase === 'ended';
}

/** Still being placed or connected by RingCentral: the legs can change and it can be cancelled. */
export function isInProgress(call: Pick<TrackedCall, 'phase'>): boolean {
  return call.phase === 'placing' || call.phase === 'live';
}

/**
 * Ringside has stopped following the call and saved it to the history (any final outcome:
 * confirmed, unknown or refused): the history and the quick numbers have it from now on.
 */
export function isSettled(call: Pick<TrackedCall, 'phase'>): boolean {
  return !isActive(call);
}

/**
 * The call is over for the person: no longer being placed or connected, so it looks ended at
 * once (the call log may still refine its legs' outcomes, never un-end it).
 */
export function isOver(call: Pick<TrackedCall, 'phase'>): boolean {
  return !isInProgress(call);
}

/**
 * Seconds of talk of an ended call (their answer to the end), or null when they never
 * answered or the call is not over. Whole seconds, as a person reads a duration.
 */
export function talkSeconds(call: Pick<TrackedCall, 'connectedAt' | 'endedAt'>): number | null {
  if (call.connectedAt == null || call.endedAt == null) return null;
  return Math.max(0, Math.round((call.endedAt - call.connectedAt) / 1000));
}

/** Whether `next` is this call as new as (or newer than) `shown`: an older copy never replaces what is shown. */
export function isSameOrNewer(shown: Pick<TrackedCall, 'revision'>, next: Pick<TrackedCall, 'revision'>): boolean {
  return (next.revision ?? 0) >= (shown.revision ?? 0);
}
