/**
 * REALITY 23: a 429 may come without X-Rate-Limit-* headers (CMN-310 "Global request rate
 * exceeded"): the planner waits as told (or a whole window when not told), retries, and keeps
 * what it had learnt of the groups.
 */
import { describe, expect, it } from 'vitest';
import { coreRig } from '../../../test-support/core-harness';
import { FakeClock, flushPromises } from '../../../test-support/fake-clock';
import { RatePlanner } from './rate-planner';

const ok = (headers: Record<string, string> = {}) => new Response('{}', { status: 200, headers });
const globalLimit = (headers: Record<string, string>) =>
  Object.assign(new Error('HTTP 429'), {
    response: new Response(JSON.stringify({ errorCode: 'CMN-310', message: 'Global request rate exceeded', errors: [{ errorCode: 'CMN-310' }] }), {
      status: 429,
      headers,
    }),
  });

describe('RatePlanner and a 429 without rate headers', () => {
  it.each([
    ['with Retry-After: 5', { 'retry-after': '5' }, 5_000],
    ['without any header', {}, 30_000],
  ])('%s: waits, retries, and keeps the limits it learnt', async (_, headers, waitMs) => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    const learnt = { 'x-rate-limit-group': 'light', 'x-rate-limit-limit': '40', 'x-rate-limit-remaining': '39', 'x-rate-limit-window': '30' };
    await planner.run('readExtension', 'user', async () => ok(learnt));
    const sentAt: number[] = [];
    let answers = 0;
    const request = planner.run('readExtension', 'user', async () => {
      sentAt.push(clock.now());
      if (answers++ === 0) throw globalLimit(headers);
      return ok();
    });
    await flushPromises();
    await clock.advance(waitMs - 1);
    expect(sentAt).toHaveLength(1);
    await clock.advance(2);
    expect((await request).status).toBe(200);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(waitMs);
    expect(planner.limit('Light')).toBe(40);
    expect(planner.windowMs('Light')).toBe(30_000);
    expect(planner.state().rateLimitHits).toBe(1);
  });
});

describe('CMN-310 from the simulator', () => {
  it('a call placed while RingCentral answers "Global request rate exceeded" goes through after the wait, once', async () => {
    const rig = await coreRig();
    try {
      rig.sim.setFaults({ globalRateLimited: { remaining: 1, retryAfterSeconds: 5 } });
      const placed = await rig.tracker.place({ to: '+12125550100', from: '+16505550198' });
      expect(placed.ringOutId).toBeTruthy();
      const posts = rig.sim.requestLog.filter((r) => r.operationId === 'createRingOutCall').map((r) => r.status);
      expect(posts).toEqual([429, 200]);
      expect(rig.sim.calls.size).toBe(1);
      expect(rig.planner.limit('Heavy')).toBe(10);
    } finally {
      await rig.close();
    }
  });
});
