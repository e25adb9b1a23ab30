/**
 * The tracker end to end against the realistic simulator (spec/ringcentral/REALITY.md, every
 * habit on): ending a call after your phone answered, a busy callee told only by polling, a
 * RingOut to your desk phone logged as two records, and a local clock that is off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coreRig, finalCall, legSequence, type CoreRig } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import type { TrackedCall } from '../../../src-shared/calls';
import { callLogQuery } from '../../../src-simulator/call-log/call-log-store';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const MOBILE = '+16505550198';
const DESK_PHONE = '+16505550197';

describe('RingOutTracker against the realistic simulator', () => {
  it('hangs up after your phone answered: DELETE ring-out answers 204 and the call goes on; Call Control ends it, "ending" until confirmed', async () => {
    // 10x: the other party rings 3 s, time to try both ways of ending it.
    rig = await coreRig({ push: true, sim: { timeScale: 10, callLogDelaySeconds: 5, statusExpirySeconds: 10 } });
    const placed = await rig.tracker.place({ to: '+12125550102', from: MOBILE });
    const answered = await waitFor(
      () => {
        const call = rig!.tracker.get(placed.id);
        return call?.caller.state === 'connected' && call.telephonySessionId ? call : null;
      },
      { what: 'your phone answered, with the telephony session known by push' },
    );
    // REALITY 4: the 204 of DELETE ring-out does not end a call whose first leg is up.
    expect(await rig.api.cancelRingOut(answered.ringOutId!)).toBe('cancelled');
    // The simulator acts on a DELETE before it answers: had it ended the call, that would show already.
    expect(rig.sim.callByRingOutId(answered.ringOutId!)).toMatchObject({ endedAt: null, cancelIgnored: true });
    expect(rig.tracker.get(placed.id)?.phase).toBe('live');

    const updates: TrackedCall[] = [];
    rig.tracker.onUpdated((call) => call.id === placed.id && updates.push(call));
    // Push may confirm the end before Call Control's own answer arrives; either way the call
    // is over only on RingCentral's word, and until then it says "ending".
    rig.sim.setFaults({ push: { paused: true } });
    const ending = await rig.tracker.cancel(placed.id);
    expect(ending).toMatchObject({ phase: 'live', ending: { method: 'hangUp' } });
    const call = await finalCall(rig, placed.id, 20_000);
    expect(call.phase).toBe('confirmed');
    expect(call.problem).toBeNull();
    expect(call.callee.state).not.toBe('ringing');
    // "ending…" was shown, then the end RingCentral confirmed (by the status, push being paused).
    const firstEnded = updates.findIndex((u) => u.phase !== 'live');
    expect(updates.slice(0, firstEnded).some((u) => u.ending)).toBe(true);
    expect(updates[firstEnded]?.ending ?? null).toBeNull();
    expect(rig.sim.requestLog.some((r) => r.operationId === 'deleteCallSession' && r.status === 204)).toBe(true);
  }, 30_000);

  it('learns "busy" for the other party by polling when push carries only your party and Disconnected has no reason', async () => {
    rig = await coreRig({ push: true });
    // As for a user who may not subscribe at account level: no push for the other party at all.
    rig.sim.setFaults({ push: { withholdCalleeParty: true } });
    const placed = await rig.tracker.place({ to: '+12125550101', from: MOBILE });
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect(legSequence(rig.changes, call.id, 'callee')).toEqual(['waiting', 'ringing', 'busy']);
    expect(call.callee.history.filter((h) => h.source !== 'local').length).toBeGreaterThan(0);
    expect(call.callee.history.filter((h) => h.source !== 'local').every((h) => h.source !== 'push')).toBe(true);
    expect(call.caller.history.some((h) => h.source === 'push')).toBe(true);
    expect(call.explanation).toBe("You answered, but the other party's line was busy.");
  });

  it('reconciles a RingOut to your desk phone, logged as two records, as one call with both legs', async () => {
    rig = await coreRig({ push: true });
    const placed = await rig.tracker.place({ to: '+12125550103', from: DESK_PHONE });
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect([call.caller.state, call.callee.state]).toEqual(['connected', 'rejected']);
    const stored = rig.sim.callLog.get(call.recordId!, null)!;
    expect(String(stored.record['action'])).toMatch(/RingOut/);
    // The other record, the Inbound caller half, is in the log too, and was not taken for another call.
    const half = [
      ...rig.sim.callLog.query(callLogQuery({ view: 'Detailed', dateFrom: call.createdAt - 60_000, directions: ['Inbound'], perPage: 100 })).records,
    ];
    expect(half).toHaveLength(1);
  });

  it.each([
    ['5 minutes ahead', 5 * 60_000],
    ['5 seconds behind', -5000],
  ])("matches push and confirms from the call log when RingCentral's clock is %s of this machine's (Date header)", async (_, clockOffsetMs) => {
    rig = await coreRig({ push: true, sim: { timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 10, clockOffsetMs } });
    expect(Math.abs(rig.planner.serverTime.offsetMs() - clockOffsetMs)).toBeLessThan(1500);
    const placed = await rig.tracker.place({ to: '+12125550100', from: MOBILE });
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect(call.telephonySessionId).toBeTruthy();
    expect(call.caller.history.some((h) => h.source === 'push')).toBe(true);
  });
});
