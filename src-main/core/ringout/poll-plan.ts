/**
 * How often to poll one live call's RingOut status. The callee leg comes from these polls
 * (the callee's push events are not delivered on an extension-level subscription), so the
 * interval is as short as the Light budget allows: every live call shares that budget, and
 * when the planner reports it nearly spent the interval stretches rather than queueing.
 */
export interface PollPlanInput {
  /** The Light group's window and limit, as the server last told them. */
  windowMs: number;
  limit: number;
  /** Light requests still free in the current window. */
  remaining: number;
  /** Calls being polled at the same time (this one included). */
  liveCalls: number;
  /** Both legs answered: nothing changes quickly any more. */
  settled: boolean;
}

export const POLL_TIMING = {
  /** Base intervals as fractions of the window (1.5 s and 5 s of a 60 s window). */
  ringing: 1 / 40,
  settled: 1 / 12,
  /** Share of the Light budget live polling may plan for; the rest serves user actions and other reads. */
  budgetShare: 0.6,
  /** Light slots the planner keeps for user actions. */
  reserve: 2,
  /** Stretching for a nearly spent budget never waits longer than this. */
  longest: 1 / 2,
};

export function pollIntervalMs(input: PollPlanInput): number {
  const calls = Math.max(1, input.liveCalls);
  const base = input.windowMs * (input.settled ? POLL_TIMING.settled : POLL_TIMING.ringing);
  const fairShare = (calls * input.windowMs) / Math.max(1, input.limit * POLL_TIMING.budgetShare);
  const usable = input.remaining - POLL_TIMING.reserve;
  // Fewer slots left in this window than calls to poll: spread what is left over the window.
  const scarce = usable < calls ? (input.windowMs * calls) / Math.max(1, usable + calls) : 0;
  return Math.max(base, fairShare, Math.min(scarce, input.windowMs * POLL_TIMING.longest));
}
