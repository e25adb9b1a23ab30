import { describe, expect, it } from 'vitest';
import { RatePlanner } from '../src-main/core/ringcentral/rate-planner';
import { SimClock } from '../src-simulator/clock';
import { FakeClock } from '../test-support/fake-clock';
import { GROUP_LIMITS, RateLimiter } from '../src-simulator/http/rate-limits';
import { leastPageRequests, rateLimitLowerBoundS, syncLowerBoundS, windowViolation } from './sync-bench';

describe('the sync benchmark’s rate-limit bound', () => {
  it('needs a whole window for each further `limit` requests', () => {
    expect(rateLimitLowerBoundS(1, 10)).toBe(0);
    expect(rateLimitLowerBoundS(10, 10)).toBe(0);
    expect(rateLimitLowerBoundS(11, 10)).toBe(60);
    expect(rateLimitLowerBoundS(87, 10)).toBe(480);
    expect(rateLimitLowerBoundS(87, 9)).toBe(540);
  });

  it('needs a Heavy request for every 250 Detailed records (REALITY 24): 100k records at least 400', () => {
    expect(leastPageRequests(100_000)).toBe(400);
    expect(leastPageRequests(100_001)).toBe(401);
    expect(leastPageRequests(250)).toBe(1);
    // 400 requests at 10 a minute span at least 39 whole windows: 40 minutes with the first.
    expect(rateLimitLowerBoundS(leastPageRequests(100_000), 10)).toBe(39 * 60);
  });

  it('leaves a Heavy slot for calls: the sync gets 9 of 10 per window, the tenth lent only in its last 3%', () => {
    expect(syncLowerBoundS(9, 10)).toBe(0);
    expect(syncLowerBoundS(10, 10)).toBeCloseTo(58.2);
    expect(syncLowerBoundS(521, 10)).toBeCloseTo(57 * 58.2);
    expect(syncLowerBoundS(521, 10)).toBeGreaterThan(rateLimitLowerBoundS(521, 10));
  });

  it('holds for the planner: a sync alone never sends request i + 9 sooner than 58.2 s after request i', async () => {
    const clock = new FakeClock(1_000_000);
    const planner = new RatePlanner(clock);
    const sentAt: number[] = [];
    const answer = () => {
      sentAt.push(clock.now());
      return Promise.resolve(new Response('{}', { status: 200 }));
    };
    const done = Array.from({ length: 40 }, () => planner.run('readUserCallLog', 'sync', answer));
    for (let t = 0; t < 10 * 60_000 && sentAt.length < 40; t += 100) {
      await clock.advance(100);
    }
    await Promise.all(done);
    for (let i = 9; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 9]!).toBeGreaterThanOrEqual(58_200);
    const spanS = (sentAt.at(-1)! - sentAt[0]!) / 1000;
    expect(spanS).toBeGreaterThanOrEqual(syncLowerBoundS(40, 10));
  });

  it('finds a request let through sooner than a window after the one `limit` places before it', () => {
    const steady = Array.from({ length: 30 }, (_, i) => Math.floor(i / 10) * 60_000 + i);
    expect(windowViolation(steady, 10)).toBeNull();
    const early = [...steady.slice(0, 10), 59_999];
    expect(windowViolation(early, 10)).toEqual({ index: 10, gapMs: 59_999 });
  });

  it('holds for the simulator: never more Heavy requests in 60 simulated s than its limit, and the full limit is usable', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(new SimClock(1, () => now));
    const admitted: number[] = [];
    // Someone asking every 250 ms, with bursts of 20 at once every 45 s, for 10 minutes.
    for (let t = 0; t < 600_000; t += 250) {
      now = 1_000_000 + t;
      const tries = t % 45_000 === 0 ? 20 : 1;
      for (let i = 0; i < tries; i++) if (limiter.check('user:app', 'Heavy').allowed) admitted.push(now);
    }
    expect(windowViolation(admitted, GROUP_LIMITS.Heavy)).toBeNull();
    expect(admitted.filter((at) => at < 1_000_000 + 60_000)).toHaveLength(GROUP_LIMITS.Heavy);
  });
});
