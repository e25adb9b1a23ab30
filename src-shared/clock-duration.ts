/**
 * Durations as a clock shows them ("1:15", "1:01:40"): the History table, a live call's talk
 * time, the wrap-up countdown in the popover and in the notification that starts it.
 */

/** 75 -> "1:15", 3700 -> "1:01:40" (rounded to whole seconds, never below zero). */
export function clockDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** "0:42" left of a countdown: a part of a second still counts as a second (never below zero). */
export const countdownClock = (ms: number) => clockDuration(Math.max(0, Math.ceil(ms / 1000)));
