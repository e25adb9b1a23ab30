import type { SimClock } from '../clock';
import type { ThrottlingGroup } from './types';

/** Requests per 60 s per user and app (API.md "Rate limits"). */
export const GROUP_LIMITS: Record<ThrottlingGroup, number> = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 };
export const WINDOW_SECONDS = 60;
export const PENALTY_SECONDS = 60;

export interface RatePolicy {
  /** The group name in `X-Rate-Limit-Group` as the service writes it: lowercase (REALITY 10). */
  lowercaseGroup: boolean;
  /** Every request sent during the penalty starts it again (REALITY 11, documented). */
  penaltyRestarts: boolean;
}

export type RateDecision = { allowed: true; headers: Record<string, string> } | { allowed: false; headers: Record<string, string>; retryAfterSeconds: number };

interface Bucket {
  /** Wall-clock times of the requests in the current window, oldest first. */
  times: number[];
  blockedUntil: number;
}

/**
 * A sliding 60 s window per (user + app, group), with the 60 s penalty after an overrun.
 * Both durations are simulated seconds, so they shrink with the time scale.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  limits: Record<ThrottlingGroup, number> = { ...GROUP_LIMITS };

  constructor(
    private readonly clock: SimClock,
    private readonly policy: RatePolicy = { lowercaseGroup: false, penaltyRestarts: false },
  ) {}

  check(key: string, group: ThrottlingGroup): RateDecision {
    const now = this.clock.now();
    const windowMs = this.clock.realMs(WINDOW_SECONDS * 1000);
    const limit = this.limits[group];
    const id = `${key}|${group}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { times: [], blockedUntil: 0 };
      this.buckets.set(id, bucket);
    }
    while (bucket.times.length > 0 && bucket.times[0]! <= now - windowMs) bucket.times.shift();
    const headers = (remaining: number): Record<string, string> => ({
      'X-Rate-Limit-Group': this.policy.lowercaseGroup ? group.toLowerCase() : group,
      'X-Rate-Limit-Limit': String(limit),
      'X-Rate-Limit-Remaining': String(Math.max(0, remaining)),
      'X-Rate-Limit-Window': String(this.windowHeader()),
    });
    if (now < bucket.blockedUntil) {
      if (this.policy.penaltyRestarts) {
        bucket.blockedUntil = now + this.clock.realMs(PENALTY_SECONDS * 1000);
        return { allowed: false, headers: headers(0), retryAfterSeconds: this.clock.wireWaitSeconds(PENALTY_SECONDS) };
      }
      return { allowed: false, headers: headers(0), retryAfterSeconds: Math.max(1, Math.ceil((bucket.blockedUntil - now) / 1000)) };
    }
    if (bucket.times.length >= limit) {
      bucket.blockedUntil = now + this.clock.realMs(PENALTY_SECONDS * 1000);
      return { allowed: false, headers: headers(0), retryAfterSeconds: this.clock.wireWaitSeconds(PENALTY_SECONDS) };
    }
    bucket.times.push(now);
    return { allowed: true, headers: headers(limit - bucket.times.length) };
  }

  /** How many more requests of a group the caller may send now (0 during a penalty), without counting one. */
  remaining(key: string, group: ThrottlingGroup): number {
    const now = this.clock.now();
    const bucket = this.buckets.get(`${key}|${group}`);
    if (!bucket) return this.limits[group];
    if (now < bucket.blockedUntil) return 0;
    const windowStart = now - this.clock.realMs(WINDOW_SECONDS * 1000);
    return Math.max(0, this.limits[group] - bucket.times.filter((t) => t > windowStart).length);
  }

  /** The window in real seconds; fractional when the time scale does not divide 60. */
  windowHeader(): number {
    return Math.round((WINDOW_SECONDS / this.clock.timeScale) * 1000) / 1000;
  }

  reset(): void {
    this.buckets.clear();
    this.limits = { ...GROUP_LIMITS };
  }
}
