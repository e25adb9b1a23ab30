import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../../../test-support/fake-clock';
import { RatePlanner, throttlingGroupNamed } from './rate-planner';
import { DEFAULT_LIMITS, OPERATIONS, OUTSIDE_SUBSET, type OperationId } from './operations';
import yaml from 'js-yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RINGCENTRAL_DIR } from '../../../test-support/spec-files';

function ok(headers: Record<string, string> = {}): Response {
  return new Response('{}', { status: 200, headers });
}

function httpError(status: number, headers: Record<string, string> = {}): Error & { response: Response } {
  return Object.assign(new Error(`HTTP ${status}`), { response: new Response('{}', { status, headers }) });
}

describe('RatePlanner', () => {
  it('never sends more than the window allows, keeping one Heavy slot for the user', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    const sentAt: number[] = [];
    const jobs = Array.from({ length: 25 }, () => planner.run('readUserCallLog', 'sync', async () => (sentAt.push(clock.now()), ok())));
    await flushPromises();
    expect(sentAt).toHaveLength(DEFAULT_LIMITS.Heavy - 1);
    await clock.advance(60_001);
    expect(sentAt).toHaveLength(18);
    await clock.advance(120_000);
    await Promise.all(jobs);
    for (const t of sentAt) expect(sentAt.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(10);
    // The reserved slot is there for a call the user places meanwhile.
    let placed = false;
    void planner.run('createRingOutCall', 'user', async () => ((placed = true), ok()));
    await flushPromises();
    expect(placed).toBe(true);
  });

  it('lends the kept Heavy slot to a sync only when a slot frees within 3% of the window, so a call waits at most that', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    const sentAt: number[] = [];
    const t0 = clock.now();
    const syncs = Array.from({ length: DEFAULT_LIMITS.Heavy }, () => planner.run('readUserCallLog', 'sync', async () => (sentAt.push(clock.now() - t0), ok())));
    await flushPromises();
    // Nine go at once; the tenth (the kept slot) waits until the oldest leaves within 1.8 s.
    expect(sentAt).toHaveLength(DEFAULT_LIMITS.Heavy - 1);
    await clock.advance(58_000);
    expect(sentAt).toHaveLength(DEFAULT_LIMITS.Heavy - 1);
    await clock.advance(300);
    await Promise.all(syncs);
    expect(sentAt.at(-1)).toBe(58_200);
    // The window is full now: a call placed at once waits only until the oldest leaves.
    let placedAt: number | null = null;
    const call = planner.run('createRingOutCall', 'user', async () => ((placedAt = clock.now() - t0), ok()));
    await clock.advance(2_000);
    await call;
    expect(placedAt).not.toBeNull();
    expect(placedAt! - 58_300).toBeLessThanOrEqual(0.03 * 60_000);
  });

  it('counts a slow answer from its answer: its slot stays taken until a window after it', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    const sentAt: number[] = [];
    const t0 = clock.now();
    // Each answer takes 5 s (a large page); when the server counted the request is unknown.
    const slow = () => new Promise<Response>((resolve) => clock.setTimeout(() => resolve(ok()), 5_000));
    const first = Array.from({ length: DEFAULT_LIMITS.Heavy }, () =>
      planner.run('readUserCallLog', 'user', async () => (sentAt.push(clock.now() - t0), slow())),
    );
    await flushPromises();
    await clock.advance(5_000);
    await Promise.all(first);
    const next = planner.run('readUserCallLog', 'user', async () => (sentAt.push(clock.now() - t0), ok()));
    // The answers came at 5 s: the next may go a window after that, not before.
    await clock.advance(60_000 - 2_000);
    expect(sentAt).toHaveLength(DEFAULT_LIMITS.Heavy);
    await clock.advance(2_001);
    await next;
    expect(sentAt.at(-1)!).toBe(65_001);
  });

  it('drops queued sync requests on stop, leaving user and live requests queued', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    const sent: string[] = [];
    const first = Array.from({ length: DEFAULT_LIMITS.Heavy - 1 }, () => planner.run('readUserCallLog', 'sync', async () => (sent.push('sync'), ok())));
    await Promise.all(first);
    const waitingSync = planner.run('readUserCallLog', 'sync', async () => (sent.push('late sync'), ok()));
    const waitingUser = planner.run('createRingOutCall', 'user', async () => (sent.push('user'), ok()));
    expect(planner.cancelQueued('sync', new Error('stopping'))).toBe(1);
    await expect(waitingSync).rejects.toThrow('stopping');
    await waitingUser;
    await clock.advance(60_001);
    expect(sent.filter((s) => s === 'late sync')).toEqual([]);
    expect(sent).toContain('user');
  });

  it('sends user actions before live tracking before sync when slots are scarce', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    const order: string[] = [];
    const blockers = Array.from({ length: 10 }, () => planner.run('readUserCallLog', 'user', async () => ok()));
    await Promise.all(blockers);
    void planner.run('readUserCallLog', 'sync', async () => (order.push('sync'), ok()));
    void planner.run('readUserCallRecord', 'live', async () => (order.push('live'), ok()));
    void planner.run('createRingOutCall', 'user', async () => (order.push('user'), ok()));
    await clock.advance(60_001);
    await clock.advance(60_001);
    expect(order).toEqual(['user', 'live', 'sync']);
    expect(planner.state().queued).toEqual({ user: 0, live: 0, sync: 0 });
  });

  it('learns limit and window from the X-Rate-Limit headers', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    await planner.run('readExtension', 'user', async () =>
      ok({ 'X-Rate-Limit-Group': 'Light', 'X-Rate-Limit-Limit': '20', 'X-Rate-Limit-Window': '3', 'X-Rate-Limit-Remaining': '19' }),
    );
    expect(planner.state().groups.Light).toMatchObject({ limit: 20, windowMs: 3000, remaining: 19 });
    expect(planner.windowMs('Light')).toBe(3000);
  });

  it('counts budget used elsewhere when the server reports less remaining than expected', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    await planner.run('readUserCallLog', 'user', async () =>
      ok({ 'X-Rate-Limit-Group': 'Heavy', 'X-Rate-Limit-Limit': '10', 'X-Rate-Limit-Window': '60', 'X-Rate-Limit-Remaining': '3' }),
    );
    expect(planner.state().groups.Heavy.remaining).toBe(3);
  });

  it('waits out a 429 penalty and retries instead of failing', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    let attempts = 0;
    const result = planner.run('readUserCallLog', 'sync', async () => {
      attempts++;
      if (attempts === 1) throw httpError(429, { 'Retry-After': '30' });
      return ok();
    });
    await flushPromises();
    expect(attempts).toBe(1);
    expect(planner.state().groups.Heavy.blockedUntil).toBe(clock.now() + 30_000);
    await clock.advance(29_000);
    expect(attempts).toBe(1);
    await clock.advance(1_001);
    await expect(result).resolves.toBeInstanceOf(Response);
    expect(attempts).toBe(2);
    expect(planner.state().rateLimitHits).toBe(1);
  });

  it('retries a 503 after Retry-After, and gives up with the error after three', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    let attempts = 0;
    const result = planner.run('readExtension', 'live', async () => {
      attempts++;
      throw httpError(503, { 'Retry-After': '5' });
    });
    const settled = result.catch((error: unknown) => error);
    await clock.advance(16_000);
    expect(attempts).toBe(4);
    expect(((await settled) as { response: Response }).response.status).toBe(503);
  });

  it('passes other failures straight through', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    await expect(planner.run('readExtension', 'user', async () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    await expect(planner.run('readExtension', 'user', async () => Promise.reject(httpError(404)))).rejects.toThrow('HTTP 404');
  });

  it("budgets each operation in the spec's throttling group", () => {
    const spec = yaml.load(readFileSync(path.join(RINGCENTRAL_DIR, 'openapi-subset.yml'), 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string; 'x-throttling-group'?: string }>>;
    };
    const groups = new Map<string, string>();
    for (const methods of Object.values(spec.paths))
      for (const op of Object.values(methods)) if (op.operationId) groups.set(op.operationId, op['x-throttling-group']!);
    for (const [id, op] of Object.entries(OPERATIONS)) {
      if (OUTSIDE_SUBSET.has(id as OperationId)) expect(groups.has(id), `${id} is in the subset now: check it there`).toBe(false);
      else expect(op.group, id).toBe(groups.get(id));
    }
  });

  it('reads rate-limit headers and group names case-insensitively (X-Rate-Limit-Group: heavy)', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    // Reported for a Light operation, the lowercase group name must still land on Heavy.
    await planner.run('readExtension', 'user', async () =>
      ok({ 'x-rate-limit-group': 'heavy', 'X-RATE-LIMIT-LIMIT': '7', 'x-rate-limit-window': '30', 'X-Rate-Limit-Remaining': '6' }),
    );
    expect(planner.state().groups.Heavy).toMatchObject({ limit: 7, windowMs: 30_000 });
    expect(planner.state().groups.Light.limit).toBe(DEFAULT_LIMITS.Light);
    let attempts = 0;
    const result = planner.run('readExtension', 'live', async () => {
      attempts++;
      if (attempts === 1) throw httpError(429, { 'Retry-After': '10', 'X-Rate-Limit-Group': 'medium' });
      return ok();
    });
    await flushPromises();
    expect(planner.state().groups.Medium.blockedUntil).toBe(clock.now() + 10_000);
    expect(planner.state().groups.Light.blockedUntil).toBeNull();
    await clock.advance(10_000);
    await result;
    expect(throttlingGroupNamed('LIGHT')).toBe('Light');
    expect(throttlingGroupNamed('bogus')).toBeNull();
  });

  it("learns the server's clock from the Date header of answers", async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    expect(planner.serverTime.offsetMs()).toBe(0);
    // The local clock is 5 minutes behind RingCentral's.
    const serverNow = () => new Date(clock.now() + 5 * 60_000).toUTCString();
    for (let i = 0; i < 3; i++) {
      await planner.run('readExtension', 'user', async () => ok({ Date: serverNow() }));
      await clock.advance(1_234);
    }
    expect(Math.abs(planner.serverTime.offsetMs() - 5 * 60_000)).toBeLessThanOrEqual(1000);
    expect(Math.abs(planner.serverTime.now() - (clock.now() + 5 * 60_000))).toBeLessThanOrEqual(1000);
  });

  it('tells how much of a group is left in the window', async () => {
    const clock = new FakeClock();
    const planner = new RatePlanner(clock);
    await planner.run('readRingOutCallStatus', 'live', async () => ok());
    expect(planner.remaining('Light')).toBe(DEFAULT_LIMITS.Light - 1);
    await clock.advance(60_001);
    expect(planner.remaining('Light')).toBe(DEFAULT_LIMITS.Light);
  });
});
