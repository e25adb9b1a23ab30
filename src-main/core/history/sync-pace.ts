/** How fast history can be read: RingCentral's Heavy limit as the rate planner knows it, with one slot a window kept for calls. */
import type { RatePlanner } from '../ringcentral/rate-planner';

/** Heavy slots of each window the rate planner keeps for placing and cancelling calls (RESERVED there). */
const HEAVY_KEPT_FOR_CALLS = 1;

/** History (Heavy) requests a minute the rate planner knows RingCentral allows. */
export function heavyRequestsPerMinute(planner: RatePlanner): number {
  return Math.max(1, Math.round((planner.limit('Heavy') * 60_000) / planner.windowMs('Heavy')));
}

/**
 * Seconds `requests` more Heavy requests take at the planner's pace: the slots its window
 * still has now (one kept for calls), then limit − 1 a window, after any 429 penalty.
 */
export function secondsForHeavy(planner: RatePlanner, requests: number, nowMs: number): number {
  if (requests <= 0) return 0;
  const heavy = planner.state().groups.Heavy;
  const perWindow = Math.max(1, heavy.limit - HEAVY_KEPT_FOR_CALLS);
  const now = Math.max(0, heavy.remaining - HEAVY_KEPT_FOR_CALLS);
  const penaltyMs = heavy.blockedUntil === null ? 0 : Math.max(0, heavy.blockedUntil - nowMs);
  const later = Math.max(0, requests - now);
  return (penaltyMs + Math.ceil(later / perWindow) * heavy.windowMs) / 1000;
}
