/**
 * Issue 26, item 7: the planner keeps every window of the server's under the limit, whatever
 * the delays on the way there and back (a busy CPU, network jitter), against a server that
 * counts each request when it arrives in a sliding window, as RingCentral (and the simulator,
 * src-simulator/http/rate-limits.ts) does.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test-support/fake-clock';
import { seededRandom } from '../../../src-simulator/ids';
import { RatePlanner, type Priority } from './rate-planner';
import { DEFAULT_LIMITS, DEFAULT_WINDOW_MS, OPERATIONS, type OperationId } from './operations';

const WINDOW_MS = DEFAULT_WINDOW_MS;

/** A server that counts arrivals per group in a sliding window and refuses one over the limit. */
class ArrivalCounter {
  readonly arrivals = new Map<string, number[]>();
  refused = 0;

  arrive(group: string, at: number): { allowed: boolean; remaining: number } {
    const list = this.arrivals.get(group) ?? [];
    this.arrivals.set(group, list);
    const inWindow = list.filter((t) => t > at - WINDOW_MS).length;
    const limit = DEFAULT_LIMITS[group as keyof typeof DEFAULT_LIMITS];
    if (inWindow >= limit) {
      this.refused++;
      return { allowed: false, remaining: 0 };
    }
    list.push(at);
    return { allowed: true, remaining: limit - inWindow - 1 };
  }

  /** The most arrivals any window of the group held (each window ending at an arrival). */
  busiestWindow(group: string): number {
    const list = this.arrivals.get(group) ?? [];
    return Math.max(0, ...list.map((end) => list.filter((t) => t > end - WINDOW_MS && t <= end).length));
  }
}

/** A delay: mostly a few hundred ms, sometimes seconds, now and then longer than the window. */
function delayOf(random: () => number): number {
  const pick = random();
  if (pick < 0.7) return Math.floor(random() * 500);
  if (pick < 0.95) return Math.floor(random() * 10_000);
  return Math.floor(random() * 2 * WINDOW_MS);
}

const OPERATIONS_USED: Array<{ operation: OperationId; priority: Priority }> = [
  { operation: 'readUserCallLog', priority: 'sync' },
  { operation: 'readUserCallLog', priority: 'user' },
  { operation: 'createRingOutCall', priority: 'user' },
  { operation: 'readRingOutCallStatus', priority: 'live' },
  { operation: 'readExtension', priority: 'sync' },
];

describe('rate planner under arbitrary delays (issue 26, item 7)', () => {
  it.each([1, 2, 3, 4, 5, 6])('no window ever holds more arrivals than the limit, seed %i', async (seed) => {
    const random = seededRandom(seed);
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    const server = new ArrivalCounter();
    const jobs: Array<Promise<unknown>> = [];
    // 400 requests issued over 10 minutes, in bursts, each with its own delay there and back.
    let issueAt = 0;
    for (let i = 0; i < 400; i++) {
      issueAt += random() < 0.2 ? Math.floor(random() * 6_000) : 0;
      const { operation, priority } = OPERATIONS_USED[Math.floor(random() * OPERATIONS_USED.length)]!;
      const group = OPERATIONS[operation].group;
      const there = delayOf(random);
      const back = delayOf(random);
      clock.setTimeout(() => {
        jobs.push(
          planner
            .run(
              operation,
              priority,
              () =>
                new Promise<Response>((resolve, reject) =>
                  clock.setTimeout(() => {
                    const verdict = server.arrive(group, clock.now());
                    const headers = {
                      'X-Rate-Limit-Group': group.toLowerCase(),
                      'X-Rate-Limit-Limit': String(DEFAULT_LIMITS[group]),
                      'X-Rate-Limit-Remaining': String(verdict.remaining),
                      'X-Rate-Limit-Window': String(WINDOW_MS / 1000),
                    };
                    clock.setTimeout(() => {
                      if (verdict.allowed) resolve(new Response('{}', { status: 200, headers }));
                      else
                        reject(
                          Object.assign(new Error('HTTP 429'), { response: new Response('{}', { status: 429, headers: { ...headers, 'Retry-After': '60' } }) }),
                        );
                    }, back);
                  }, there),
                ),
            )
            .catch(() => undefined),
        );
      }, issueAt);
    }
    // Long enough for every request, at 10 Heavy a minute, to have gone and come back.
    for (let minute = 0; minute < 120 && (jobs.length < 400 || planner.state().waitingUntil !== null || clock.pendingTimers > 0); minute++) {
      await clock.advance(60_000);
    }
    await Promise.all(jobs);
    expect(jobs).toHaveLength(400);
    expect(server.refused).toBe(0);
    expect(planner.state().rateLimitHits).toBe(0);
    for (const group of ['Heavy', 'Medium', 'Light'] as const) {
      expect(server.busiestWindow(group), group).toBeLessThanOrEqual(DEFAULT_LIMITS[group]);
    }
    expect(server.busiestWindow('Heavy')).toBe(DEFAULT_LIMITS.Heavy);
  });
});
