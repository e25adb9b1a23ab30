import { afterEach, describe, expect, it } from 'vitest';
import { coreRig, finalCall, legSequence, type CoreRig } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import { TrackerError } from './tracker';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const RING_ME_AT = '+16505550198';

describe('RingOutTracker against the simulator (polling only)', () => {
  it('follows a connected call leg by leg and confirms it from the call log', async () => {
    rig = await coreRig();
    const placed = await rig.tracker.place({ to: '(212) 555-0100', from: RING_ME_AT });
    expect(placed.to).toBe('+12125550100');
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect(legSequence(rig.changes, call.id, 'caller')).toEqual(['waiting', 'ringing', 'connected']);
    expect(legSequence(rig.changes, call.id, 'callee')).toEqual(['waiting', 'ringing', 'connected']);
    expect(call.caller).toMatchObject({ state: 'connected', confirmed: true, raw: 'Call connected' });
    expect(call.callee).toMatchObject({ state: 'connected', confirmed: true });
    expect(call.explanation).toBe('Both phones answered and the call was connected.');
    expect(call.recordId).toBeTruthy();
  });

  it.each([
    ['+12125550105', 'busy', 'notCalled', 'Your phone was busy, so the other party was never called.'],
    ['+12125550106', 'noAnswer', 'notCalled', 'Your phone was not answered, so the other party was never called.'],
    ['+12125550101', 'connected', 'busy', "You answered, but the other party's line was busy."],
    ['+12125550103', 'connected', 'rejected', 'You answered, but the other party declined the call.'],
    ['+12125550104', 'connected', 'voicemail', "You answered, and the call went to the other party's voicemail."],
  ])('calling %s ends with you %s, them %s', async (to, caller, callee, explanation) => {
    rig = await coreRig();
    const placed = await rig.tracker.place({ to, from: RING_ME_AT });
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect([call.caller.state, call.callee.state]).toEqual([caller, callee]);
    expect(call.explanation).toBe(explanation);
    // No leg reported the same state twice.
    for (const leg of ['caller', 'callee'] as const) {
      const sequence = legSequence(rig.changes, call.id, leg);
      expect(new Set(sequence).size).toBe(sequence.length);
    }
  });

  it('cancels a call while your phone rings', async () => {
    rig = await coreRig();
    const placed = await rig.tracker.place({ to: '+12125550106', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.caller.state === 'ringing');
    await rig.tracker.cancel(placed.id);
    const call = await finalCall(rig, placed.id);
    expect(call.caller.state).toBe('hungUp');
    expect(call.callee.state).toBe('notCalled');
    expect(call.phase).toBe('confirmed');
  });

  it('refuses bad numbers with a sentence a person understands', async () => {
    rig = await coreRig();
    await expect(rig.tracker.place({ to: '12', from: RING_ME_AT })).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
      message: expect.stringContaining('not a valid phone number'),
    });
    await expect(rig.tracker.place({ to: '+12125550100', from: 'mobile' })).rejects.toBeInstanceOf(TrackerError);
    expect(rig.sim.calls.size).toBe(0);
  });

  it('waits for a late call-log record, retrying with backoff', async () => {
    rig = await coreRig({ sim: { callLogDelaySeconds: 90 } });
    const placed = await rig.tracker.place({ to: '+12125550105', from: RING_ME_AT });
    const call = await finalCall(rig, placed.id, 20_000);
    expect(call.phase).toBe('confirmed');
    expect(call.reconcileAttempts).toBeGreaterThan(0);
  });

  it('gives up after a bounded time when the record never appears, saying why', async () => {
    rig = await coreRig({ sim: { timeScale: 300, callLogDelaySeconds: 5, statusExpirySeconds: 10 } });
    rig.sim.setFaults({ callLog: { withhold: true } });
    const placed = await rig.tracker.place({ to: '+12125550105', from: RING_ME_AT });
    const call = await finalCall(rig, placed.id, 20_000);
    expect(call.phase).toBe('unknown');
    expect(call.problem).toMatch(/call log has not shown this call/);
    expect(call.caller.state).toBe('busy');
    expect(call.explanation).toBe('Your phone was busy, so the other party was never called.');
  });

  it('waits for the callee leg RingCentral fills in later, and confirms only the whole record', async () => {
    // The realistic default: the record first appears with your leg only (REALITY 14).
    rig = await coreRig();
    const placed = await rig.tracker.place({ to: '+12125550101', from: RING_ME_AT });
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect(call.reconcileAttempts).toBeGreaterThan(0);
    expect(call.callee).toMatchObject({ state: 'busy', confirmed: true });
    expect(call.callLogPending).toBeFalsy();
  });

  it('marks a call "not yet in the call log" when its record stays without the callee leg', async () => {
    // The service never fills in the callee leg within Ringside's bounded wait.
    rig = await coreRig({ sim: { timeScale: 300, callLogDelaySeconds: 5, statusExpirySeconds: 10, lateChangeSeconds: 1_000_000 } });
    const placed = await rig.tracker.place({ to: '+12125550101', from: RING_ME_AT });
    const call = await finalCall(rig, placed.id, 20_000);
    expect(call.phase).toBe('unknown');
    expect(call.callLogPending).toBe(true);
    expect(call.recordId).toBeTruthy();
    // Your leg from the partial record, theirs as seen live (not "not called").
    expect(call.caller).toMatchObject({ state: 'connected', confirmed: true });
    expect(call.callee).toMatchObject({ state: 'busy', confirmed: false });
    expect(call.problem).toMatch(/not yet in RingCentral's call log/i);
  });

  it('rides through expired access tokens and injected 429/503 answers', async () => {
    rig = await coreRig();
    const placed = await rig.tracker.place({ to: '+12125550100', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.caller.state === 'connected');
    rig.sim.expireAccessTokens();
    rig.sim.setFaults({ serviceUnavailable: { remaining: 3, retryAfterSeconds: 2 } });
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect(call.callee.state).toBe('connected');
  });

  it('keeps the call when the session dies mid-call and finishes it after sign-in', async () => {
    rig = await coreRig();
    const placed = await rig.tracker.place({ to: '+12125550108', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.caller.state === 'connected');
    rig.sim.revokeAllTokens();
    await waitFor(() => rig!.session.state.status === 'needsSignIn', { what: 'the sign-in prompt' });
    expect(rig.tracker.get(placed.id)?.phase).toBe('live');
    await rig.session.signInWithJwt('ringside-demo-jwt');
    const call = await finalCall(rig, placed.id, 20_000);
    expect(call.phase).toBe('confirmed');
  });

  it('rides out a network outage mid-call and still confirms the call', async () => {
    rig = await coreRig();
    const placed = await rig.tracker.place({ to: '+12125550108', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.caller.state === 'connected');
    const dropped = rig.sim.droppedRequests;
    rig.sim.setFaults({ networkDown: true });
    // The tracker met the outage (two of its requests went unanswered) and still holds the call live.
    await waitFor(() => rig!.sim.droppedRequests >= dropped + 2, { timeoutMs: 10_000, what: 'requests lost to the outage' });
    expect(rig.tracker.get(placed.id)?.phase).toBe('live');
    rig.sim.setFaults({ networkDown: false });
    const call = await finalCall(rig, placed.id, 20_000);
    expect(call.phase).toBe('confirmed');
    expect(call.callee.state).toBe('connected');
  });

  it('resumes a call in flight after a restart and still confirms it', async () => {
    rig = await coreRig();
    const placed = await rig.tracker.place({ to: '+12125550100', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.caller.state === 'connected');
    const tracker = await rig.restart();
    expect(tracker.get(placed.id)?.phase).toBe('live');
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect(call.callee.state).toBe('connected');
  });
});

describe('RingOutTracker with telephony push', () => {
  it('applies duplicate and out-of-order events once each', async () => {
    rig = await coreRig({ push: true });
    rig.sim.setFaults({ push: { duplicateEvery: 1, reorder: true } });
    const placed = await rig.tracker.place({ to: '+12125550100', from: RING_ME_AT });
    const call = await finalCall(rig, placed.id);
    expect(call.phase).toBe('confirmed');
    expect(call.telephonySessionId).toMatch(/^s-/);
    expect(legSequence(rig.changes, call.id, 'caller')).toEqual(['waiting', 'ringing', 'connected']);
    expect(legSequence(rig.changes, call.id, 'callee')).toEqual(['waiting', 'ringing', 'connected']);
    expect(rig.changes.some((c) => c.callId === call.id && c.source === 'push')).toBe(true);
  });

  it('misses no leg change when the WebSocket drops mid-call (polling takes over)', async () => {
    rig = await coreRig({ push: true });
    rig.sim.setFaults({ push: { withholdCalleeParty: true } });
    const placed = await rig.tracker.place({ to: '+12125550101', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.caller.state === 'ringing');
    rig.sim.killWebSockets();
    rig.sim.setFaults({ networkDown: false });
    const call = await finalCall(rig, placed.id);
    expect(legSequence(rig.changes, call.id, 'caller')).toEqual(['waiting', 'ringing', 'connected']);
    expect(legSequence(rig.changes, call.id, 'callee')).toEqual(['waiting', 'ringing', 'busy']);
    expect(call.phase).toBe('confirmed');
  });
});
