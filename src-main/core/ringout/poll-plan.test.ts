import { describe, expect, it } from 'vitest';
import { pollIntervalMs } from './poll-plan';

const light = { windowMs: 60_000, limit: 50, remaining: 50, liveCalls: 1, settled: false };

describe('pollIntervalMs', () => {
  it('polls a ringing call often and a connected one less', () => {
    // One call alone may use 60 % of 50 requests per minute: every 2 s.
    expect(pollIntervalMs(light)).toBe(2000);
    expect(pollIntervalMs({ ...light, settled: true })).toBe(5000);
  });

  it('shares the Light budget across concurrent calls, within the planned share', () => {
    const calls = 20;
    const interval = pollIntervalMs({ ...light, liveCalls: calls });
    expect(interval).toBeGreaterThan(2000);
    // 20 calls at this interval use at most 60 % of the 50 requests a window allows.
    expect((calls * 60_000) / interval).toBeLessThanOrEqual(50 * 0.6 + 1e-9);
  });

  it('stretches the interval when the planner reports the budget nearly spent', () => {
    const plenty = pollIntervalMs({ ...light, liveCalls: 3 });
    const scarce = pollIntervalMs({ ...light, liveCalls: 3, remaining: 3 });
    expect(scarce).toBeGreaterThan(plenty);
    expect(scarce).toBeLessThanOrEqual(30_000);
  });

  it('follows the window the server reports (a sped-up simulator)', () => {
    expect(pollIntervalMs({ ...light, windowMs: 1200 })).toBe(40);
  });
});
