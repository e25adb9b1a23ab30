import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from './simulator';
import { jsonOf, signedInSimulator, waitFor } from '../test-support/simulator-harness';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("clockOffsetMs: a service whose clock differs from this machine's", () => {
  it.each([
    ['5 minutes ahead', 5 * 60_000],
    ['5 seconds behind', -5000],
  ])('answers with a Date header and records in its own time (%s)', async (_, offset) => {
    const started = await signedInSimulator({ clockOffsetMs: offset, callLogDelaySeconds: 1 });
    sim = started.sim;
    const response = await started.platform.get('/restapi/v1.0/account/~/extension/~');
    const date = Date.parse(response.headers.get('date')!);
    // Whole seconds in the header: within a second and a bit of the service's time.
    expect(Math.abs(date - (Date.now() + offset))).toBeLessThan(2000);
    const placed = await jsonOf(
      started.platform.post('/restapi/v1.0/account/~/extension/~/ring-out', { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: '+12125550105' } }),
    );
    expect(placed.id).toBeTruthy();
    const records = await waitFor(
      async () => {
        const answer = await jsonOf(
          started.platform.get('/restapi/v1.0/account/~/extension/~/call-log', {
            dateFrom: new Date(Date.now() + offset - 60_000).toISOString(),
            dateTo: new Date(Date.now() + offset + 60_000).toISOString(),
          }),
        );
        return answer.records.length > 0 ? answer.records : null;
      },
      { timeoutMs: 5000, what: 'the record' },
    );
    expect(Math.abs(Date.parse(records[0].startTime) - (Date.now() + offset))).toBeLessThan(30_000);
  });

  it('keeps the Date header on the real time by default', async () => {
    const started = await signedInSimulator();
    sim = started.sim;
    const response = await started.platform.get('/restapi/v1.0/account/~/extension/~');
    expect(Math.abs(Date.parse(response.headers.get('date')!) - Date.now())).toBeLessThan(2000);
  });
});
