/**
 * The tracker against the realistic simulator for REALITY 17, 18 and 23: each refusal of POST
 * ring-out becomes its own sentence on the failed call and in the error; a double click places
 * one call and earns no 429; a status that is gone (404) ends tracking by status, never fails
 * the call: the outcome comes from push and the call log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coreRig, finalCall, type CoreRig } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import { BLOCKED_RING_ME_AT } from '../../../src-simulator/ringout/refusals';
import { ringOutRefusal } from '../ringcentral/ringout-refusals';
import { TrackerError } from './tracker';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const MOBILE = '+16505550198';
const posts = (r: CoreRig) => r.sim.requestLog.filter((e) => e.operationId === 'createRingOutCall');

describe('REALITY 18: RingOut refusals in plain words', () => {
  it.each([
    ['TEL-101', { to: '+12125550140', from: MOBILE }],
    ['BIL-103', { to: '+12125550141', from: MOBILE }],
    ['CMN-112', { to: '+12125550142', from: MOBILE }],
    ['CMN-113', { to: '+12125550143', from: MOBILE }],
    ['TEL-102', { to: '+12125550100', from: BLOCKED_RING_ME_AT }],
    ['TEL-107', { to: '+12125550100', from: MOBILE, callerId: '+19995550100' }],
    ['RNG-102', { to: '+12125550100', from: MOBILE, callerId: MOBILE }],
  ])('%s: the call fails at once with its own sentence, in the error and on the call', async (code, input) => {
    rig = await coreRig();
    const sentence = ringOutRefusal(code)!;
    const error = await rig.tracker.place(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerError);
    expect(error).toMatchObject({ code: 'PLACE_FAILED', message: sentence });
    const call = await finalCall(rig, rig.tracker.list()[0]!.id);
    expect(call).toMatchObject({ phase: 'failed', problem: sentence, ringOutId: null });
    expect(rig.sim.calls.size).toBe(0);
  });
});

describe('REALITY 23: a double click on Call', () => {
  it('places one call: the second identical request gets the same call, one POST, no 429', async () => {
    rig = await coreRig();
    // The POST takes a while to answer (as it can): both clicks land while it is in flight.
    rig.sim.setFaults({ slowResponseMs: 1500 });
    const input = { to: '+12125550108', from: MOBILE };
    const [first, second] = await Promise.all([rig.tracker.place(input), rig.tracker.place({ ...input, to: '(212) 555-0108', defaultCountry: 'US' })]);
    expect(second.id).toBe(first.id);
    rig.sim.setFaults({ slowResponseMs: 0 });
    // A third click a moment later, while that call goes on, is the same call too.
    expect((await rig.tracker.place(input)).id).toBe(first.id);
    expect(posts(rig)).toHaveLength(1);
    expect(rig.sim.calls.size).toBe(1);
    expect(rig.tracker.list().filter((c) => c.to === '+12125550108')).toHaveLength(1);
    expect(rig.planner.state().rateLimitHits).toBe(0);
    expect(rig.sim.requestLog.some((e) => e.status === 429)).toBe(false);
    // Another number, or the same one with another caller ID, is another call.
    const other = await rig.tracker.place({ ...input, callerId: rig.sim.account.mainNumber });
    expect(other.id).not.toBe(first.id);
    expect(posts(rig)).toHaveLength(2);
  });

  it('a refused request clicked twice is refused once; clicked again after, it is asked again', async () => {
    rig = await coreRig();
    rig.sim.setFaults({ slowResponseMs: 1000 });
    const input = { to: '+12125550140', from: MOBILE };
    const both = await Promise.allSettled([rig.tracker.place(input), rig.tracker.place(input)]);
    expect(both.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'placed'))).toEqual([ringOutRefusal('TEL-101'), ringOutRefusal('TEL-101')]);
    expect(posts(rig)).toHaveLength(1);
    rig.sim.setFaults({ slowResponseMs: 0 });
    await expect(rig.tracker.place(input)).rejects.toThrow(ringOutRefusal('TEL-101')!);
    expect(posts(rig)).toHaveLength(2);
  });

  it('a new call to the same number after the first one is over is placed', async () => {
    rig = await coreRig({ sim: { timeScale: 200 } });
    const input = { to: '+12125550101', from: MOBILE };
    const first = await rig.tracker.place(input);
    await waitFor(() => rig!.tracker.list().find((c) => c.id === first.id)?.phase !== 'live', { what: 'the first call to end' });
    const second = await rig.tracker.place(input);
    expect(second.id).not.toBe(first.id);
    expect(posts(rig)).toHaveLength(2);
  });
});

describe('REALITY 17: a RingOut status that is gone', () => {
  it('404 ends tracking by status but never fails the call; the call log gives the outcome', async () => {
    // No push, and the status goes away the moment the call ends: only the call log can tell.
    rig = await coreRig({ sim: { timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 0 } });
    rig.sim.setFaults({ push: { paused: true } });
    const placed = await rig.tracker.place({ to: '+12125550101', from: MOBILE });
    const call = await finalCall(rig, placed.id);
    expect(rig.sim.requestLog.some((e) => e.operationId === 'readRingOutCallStatus' && e.status === 404)).toBe(true);
    expect(call.phase).toBe('confirmed');
    expect([call.caller.state, call.callee.state]).toEqual(['connected', 'busy']);
    expect(call.explanation).toBe("You answered, but the other party's line was busy.");
    const shown = [...call.caller.history, ...call.callee.history].map((h) => h.state);
    expect(shown).not.toContain('failed');
    expect(rig.finals.filter((c) => c.id === placed.id).every((c) => c.phase !== 'failed')).toBe(true);
  });
});
