/** The latencyJitterMs fault (issue 26, item 7): random, seeded delays on the way in and back. */
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from './simulator';
import { seededRandom } from './ids';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Timers and Date.now are whole milliseconds: allow for the rounding. */
const ROUNDING_MS = 2;

describe('latencyJitterMs fault', () => {
  it('delays each request on its way in (before the rate limiter counts it) and again on its way back, from the seed', async () => {
    sim = await Simulator.start({ seed: 7 });
    sim.setFaults({ latencyJitterMs: 300 });
    // The draws the simulator makes, in order: one in and one out for each request sent one at a time.
    const expected = seededRandom(7);
    const draw = () => Math.floor(expected() * 301);
    for (let i = 0; i < 6; i++) {
      const [wayIn, wayBack] = [draw(), draw()];
      const sent = Date.now();
      const answer = await fetch(`${sim.url}/restapi/v1.0/account/~/extension/~`);
      const answered = Date.now();
      expect(answer.status).toBe(401);
      // The request log's time is the arrival's (after the way in), the answer comes after the way back.
      const arrived = Date.parse(sim.requestLog.at(-1)!.at);
      expect(arrived - sent).toBeGreaterThanOrEqual(wayIn - ROUNDING_MS);
      expect(answered - arrived).toBeGreaterThanOrEqual(wayBack - ROUNDING_MS);
    }
  });
});
