/**
 * Ringside under REALITY 19-22 and 28 (push and active calls): hand-made events and answers
 * with a fake clock for the exact orderings, then the real core (session, planner, API,
 * TelephonyPush, tracker) against the realistic simulator, forcing each gateway event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import { Emitter } from '../../../src-shared/emitter';
import { handoffSentence } from '../../../src-shared/leg-labels';
import { coreRig, finalCall, legSequence, quietLogger, type CoreRig } from '../../../test-support/core-harness';
import { FakeClock } from '../../../test-support/fake-clock';
import { waitFor } from '../../../test-support/simulator-harness';
import { Session } from '../auth/session';
import { MemorySecretStore } from '../ports';
import type { ActiveCall, RingCentralApi, RingOutStatusAnswer } from '../ringcentral/api';
import { RatePlanner } from '../ringcentral/rate-planner';
import * as machine from './call-machine';
import { MemoryInFlightStore } from './in-flight-store';
import { TelephonyPush, type PushSource, type TelephonyEvent } from './telephony-push';
import { COULD_NOT_END, RingOutTracker } from './tracker';

const RING_ME_AT = '+16505550198';
const DESK = '+16505550197';
const CALLEE = '+12125550100';
const SWITCH_NUMBER = '+12125550112';

// ── hand-made events, fake clock ─────────────────────────────────────────────

class FakePush implements PushSource {
  private readonly events = new Emitter<TelephonyEvent>();
  private readonly back = new Emitter<void>();
  readonly connected = true;
  readonly onEvent = this.events.event;
  readonly onReconnected = this.back.event;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  emit(event: TelephonyEvent): void {
    this.events.fire(event);
  }
  reconnect(): void {
    this.back.fire();
  }
}

function fakeSetup(options: { push?: boolean } = {}) {
  const clock = new FakeClock();
  const planner = new RatePlanner(clock);
  const requests: string[] = [];
  let status: RingOutStatusAnswer['status'] = { callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' };
  let active: () => ActiveCall[] = () => [];
  const api = {
    planner,
    createRingOut: async () => (requests.push('POST ring-out'), { id: '1412', status }),
    ringOutStatus: async () => (requests.push('GET ring-out'), { id: '1412', status }),
    cancelRingOut: async () => (requests.push('DELETE ring-out'), 'cancelled' as const),
    deleteCallSession: async (id: string) => (requests.push(`DELETE session ${id}`), 'ended' as const),
    activeCalls: async () => (requests.push('GET active-calls'), active()),
    callLogPage: async () => ({ records: [] as CallLogRecord[], hasNextPage: false, totalElements: null, totalPages: null }),
  } as unknown as RingCentralApi;
  const push = options.push === false ? null : new FakePush();
  const changes: LegChange[] = [];
  const tracker = new RingOutTracker({ api, push, clock, store: new MemoryInFlightStore(), logger: quietLogger });
  tracker.onLegChanged((change) => changes.push(change));
  return {
    clock,
    push,
    tracker,
    changes,
    requests,
    setStatus: (next: RingOutStatusAnswer['status']) => (status = next),
    setActive: (next: () => ActiveCall[]) => (active = next),
  };
}

/** One party per event, as the live service sends them (REALITY 9, 19). */
function own(
  sequence: number,
  code: string,
  at: number,
  options: { session?: string; reason?: string; id?: string; to?: string; role?: boolean } = {},
): TelephonyEvent {
  return {
    sequence,
    sessionId: '575838550017',
    telephonySessionId: options.session ?? 's-1',
    eventTime: new Date(at).toISOString(),
    origin: { type: 'RingOut' },
    parties: [
      {
        id: options.id ?? 'p-1',
        extensionId: '101',
        ...(options.role === false ? {} : { ringOutRole: 'Initiator' }),
        from: { phoneNumber: CALLEE },
        to: { phoneNumber: options.to ?? RING_ME_AT },
        status: { code, ...(options.reason ? { reason: options.reason } : {}) },
      },
    ],
  } as TelephonyEvent;
}

function target(sequence: number, code: string, at: number, reason?: string): TelephonyEvent {
  return {
    sequence,
    telephonySessionId: 's-1',
    eventTime: new Date(at).toISOString(),
    origin: { type: 'RingOut' },
    parties: [
      { id: 'p-2', ringOutRole: 'Target', from: { phoneNumber: RING_ME_AT }, to: { phoneNumber: CALLEE }, status: { code, ...(reason ? { reason } : {}) } },
    ],
  } as TelephonyEvent;
}

describe('REALITY 19: one-party deltas, out of order, with gaps', () => {
  it('merges parties by id, keeps the highest sequence per party, never waits for a missing number', async () => {
    const { clock, push, tracker, changes } = fakeSetup();
    const call = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    const now = clock.now();
    push!.emit(own(7, 'Setup', now)); // the first sequence seen is 7
    push!.emit(own(10, 'Answered', now)); // 8 and 9 never come (another party's)
    push!.emit(own(8, 'Proceeding', now)); // late: older than what this party said
    push!.emit(target(12, 'Setup', now)); // the other party, on its own
    push!.emit(target(14, 'Answered', now));
    push!.emit(target(13, 'Proceeding', now));
    const live = tracker.get(call.id)!;
    expect([live.caller.state, live.callee.state]).toEqual(['connected', 'connected']);
    expect(live.partySequences).toEqual({ 'p-1': 10, 'p-2': 14 });
    expect(legSequence(changes, call.id, 'caller')).toEqual(['waiting', 'ringing', 'connected']);
    expect(legSequence(changes, call.id, 'callee')).toEqual(['waiting', 'ringing', 'connected']);
  });

  it('never takes a lone Disconnected of a session already over for a new call from the same phone', async () => {
    const { clock, push, tracker } = fakeSetup();
    const first = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    push!.emit(own(4, 'Setup', clock.now(), { session: 's-old' }));
    push!.emit(own(6, 'Disconnected', clock.now(), { session: 's-old', reason: 'CallFinished' }));
    await clock.advance(5000);
    const next = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    // A repeat of the old session's end, and an end for a session never seen: neither is this call's.
    push!.emit(own(9, 'Disconnected', clock.now(), { session: 's-old', reason: 'CallFinished' }));
    push!.emit(own(3, 'Disconnected', clock.now(), { session: 's-older', reason: 'CallFinished' }));
    const current = tracker.get(next.id)!;
    expect(current.phase).toBe('live');
    expect(current.telephonySessionId).toBeNull();
    push!.emit(own(5, 'Setup', clock.now(), { session: 's-new' }));
    expect(tracker.get(next.id)!.telephonySessionId).toBe('s-new');
    expect(tracker.get(first.id)!.telephonySessionId).toBe('s-old');
  });
});

describe('REALITY 20: CallSwitch and Pickup are not the end', () => {
  const base = () => {
    let call = machine.newCall({ id: 'c1', to: CALLEE, from: RING_ME_AT, callerId: null, playPrompt: false }, 0);
    call = machine.placed(call, '1412', { callStatus: 'InProgress' }, 1).call;
    const party = (partyId: string, sequence: number, role: 'caller' | 'callee', code: string, reason?: string, phoneNumber?: string) =>
      (call = machine.applyParty(call, { partyId, sequence, role, code, reason, phoneNumber, telephonySessionId: 's-1' }, 100 + sequence).call);
    party('p-1', 3, 'caller', 'Answered');
    party('p-2', 5, 'callee', 'Answered');
    return { party, get: () => call };
  };

  it('follows the call to the new party and says where it went; the end comes with that party', () => {
    const { party, get } = base();
    party('p-1', 8, 'caller', 'Disconnected', 'CallSwitch');
    expect(get()).toMatchObject({ phase: 'live', handoff: { kind: 'moved', to: null } });
    party('p-3', 9, 'caller', 'Setup', undefined, DESK);
    party('p-3', 11, 'caller', 'Answered', undefined, DESK);
    party('p-1', 20, 'caller', 'Disconnected', 'CallSwitch'); // a late repeat of the old party
    expect(get()).toMatchObject({ phase: 'live', handoff: { kind: 'moved', to: DESK } });
    expect(get().caller.state).toBe('connected');
    expect(handoffSentence(get().handoff!, [{ phoneNumber: DESK, label: 'Desk phone' }])).toBe('Moved to your desk phone');
    party('p-2', 21, 'callee', 'Disconnected', 'CallFinished');
    party('p-3', 22, 'caller', 'Disconnected', 'CallFinished');
    expect(get().phase).toBe('ended');
    expect([get().caller.state, get().callee.state]).toEqual(['connected', 'connected']);
  });

  it('Pickup too; a blind transfer ends your leg while the other party talks on', () => {
    const picked = base();
    picked.party('p-1', 8, 'caller', 'Disconnected', 'Pickup');
    expect(picked.get()).toMatchObject({ phase: 'live', handoff: { kind: 'pickedUp' } });
    expect(handoffSentence(picked.get().handoff!)).toBe('Picked up on another phone');
    const transferred = base();
    transferred.party('p-1', 8, 'caller', 'Disconnected', 'BlindTransfer');
    expect(transferred.get()).toMatchObject({ phase: 'ended', handoff: { kind: 'transferred' } });
    expect(transferred.get().caller.state).toBe('connected');
    expect(handoffSentence(transferred.get().handoff!)).toMatch(/transferred/);
  });
});

describe('REALITY 21: after push comes back, every live call is read at once', () => {
  it('a reconnect (recovered or not) reads the status now instead of at the next poll', async () => {
    const { clock, push, tracker, requests, setStatus } = fakeSetup();
    const call = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    setStatus({ callStatus: 'Success', callerStatus: 'Success', calleeStatus: 'Success' });
    await clock.advance(1); // any poll due now has run
    const before = requests.filter((r) => r === 'GET ring-out').length;
    push!.reconnect();
    await clock.advance(0);
    expect(requests.filter((r) => r === 'GET ring-out').length).toBe(before + 1);
    expect(tracker.get(call.id)!.callee.state).toBe('connected');
  });
});

describe('REALITY 28: hanging up without push finds the session in the active calls', () => {
  it('asks again while the list lags, skips a lingering ended call and one started before, then ends the session', async () => {
    const { clock, tracker, requests, setStatus, setActive } = fakeSetup({ push: false });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    setStatus({ callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' });
    await clock.advance(10_000); // the next status poll says your phone answered
    expect(tracker.get(placed.id)!.caller.state).toBe('connected');
    let asked = 0;
    const lingering = { telephonySessionId: 's-earlier', startTime: placed.createdAt - 60_000, direction: 'Outbound', to: CALLEE };
    setActive(() =>
      ++asked < 2 ? [lingering] : [lingering, { telephonySessionId: 's-this', startTime: placed.createdAt + 800, direction: 'Outbound', to: CALLEE }],
    );
    const ending = tracker.cancel(placed.id);
    await clock.advance(60_000);
    const call = await ending;
    expect(requests.filter((r) => r === 'GET active-calls')).toHaveLength(2);
    expect(requests).toContain('DELETE session s-this');
    expect(requests).not.toContain('DELETE ring-out');
    expect(call.telephonySessionId).toBe('s-this');
  });

  it('says plainly that RingCentral could not end it when the active calls never show it', async () => {
    const { clock, tracker, requests, setStatus } = fakeSetup({ push: false });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    setStatus({ callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' });
    await clock.advance(10_000); // the next status poll says your phone answered
    expect(tracker.get(placed.id)!.caller.state).toBe('connected');
    const ending = tracker.cancel(placed.id).catch((error: Error) => error);
    await clock.advance(60_000);
    expect(((await ending) as Error).message).toBe(COULD_NOT_END);
    expect(requests.filter((r) => r === 'GET active-calls').length).toBeGreaterThan(1);
    expect(tracker.get(placed.id)).toMatchObject({ phase: 'live', ending: null, problem: COULD_NOT_END });
  });
});

// ── the real core against the realistic simulator ────────────────────────────

let rig: CoreRig | undefined;
const extra: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of extra.splice(0)) await stop();
  await rig?.close();
  rig = undefined;
});

/** Every event TelephonyPush hands the tracker, as `partyId:code`. */
function recordPush(push: TelephonyPush): { changes: Set<string>; count: () => number } {
  const changes = new Set<string>();
  let count = 0;
  push.onEvent((event) => {
    count++;
    for (const party of event.parties) changes.add(`${party.id}:${party.status.code}`);
  });
  return { changes, count: () => count };
}

/** Every change of your party the simulator published for a call (what push must not lose). */
function published(r: CoreRig): Set<string> {
  const changes = new Set<string>();
  r.sim.partyObservers.push((_, party) => party.ringOutRole !== 'Target' && changes.add(`${party.id}:${party.status.code}`));
  return changes;
}

function expectWholeCall(call: TrackedCall, changes: LegChange[]): void {
  expect(call.phase).toBe('confirmed');
  expect([call.caller.state, call.callee.state]).toEqual(['connected', 'connected']);
  expect(legSequence(changes, call.id, 'caller')).toEqual(['waiting', 'ringing', 'connected']);
  expect(legSequence(changes, call.id, 'callee')).toEqual(['waiting', 'ringing', 'connected']);
}

describe('Ringside against the simulator (REALITY 20-22, 28)', () => {
  it('20: keeps following a call moved to your mobile and says so; it is over only when it really ends', async () => {
    rig = await coreRig({ push: true });
    const updates: TrackedCall[] = [];
    rig.tracker.onUpdated((c) => updates.push(c));
    const placed = await rig.tracker.place({ to: SWITCH_NUMBER, from: DESK });
    const moved = await waitFor(() => updates.find((u) => u.id === placed.id && u.handoff?.to), { timeoutMs: 10_000, what: 'the move to be followed' });
    expect(moved.phase).toBe('live');
    const simCall = rig.sim.callByRingOutId(placed.ringOutId!)!;
    const call = await finalCall(rig, placed.id);
    // Nothing said "ended" before RingCentral ended the call.
    const firstOver = updates.find((u) => u.id === placed.id && u.phase !== 'live' && u.phase !== 'placing')!;
    expect(firstOver.endedAt!).toBeGreaterThanOrEqual(simCall.endedAt! - 5);
    expect(call.handoff).toMatchObject({ kind: 'moved', to: RING_ME_AT });
    expect(handoffSentence(call.handoff!, [{ phoneNumber: RING_ME_AT, label: 'My mobile' }])).toBe('Moved to your mobile');
    expectWholeCall(call, rig.changes);
  }, 30_000);

  it('21: Heartbeats from the stated idle timeout keep a quiet connection open through a long call', async () => {
    // Idle after 40 simulated seconds; the call lasts 125.
    rig = await coreRig({ push: true, sim: { timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 10, connectionDetails: { idleTimeout: 40 } } });
    const seen = recordPush(rig.push!);
    const sent = published(rig);
    const placed = await rig.tracker.place({ to: '+12125550108', from: RING_ME_AT });
    const call = await finalCall(rig, placed.id, 20_000);
    expect(rig.sim.gateway.closes).toEqual([]);
    expect([...sent].filter((c) => !seen.changes.has(c))).toEqual([]);
    expectWholeCall(call, rig.changes);
  }, 30_000);

  it('21: the daily close (WSG-903) mid-call loses no leg change', async () => {
    // A "day" of 40 simulated seconds, recovery window 180.
    rig = await coreRig({
      push: true,
      sim: { timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 10, connectionDetails: { absoluteTimeout: 40, recoveryTimeout: 180 } },
    });
    const seen = recordPush(rig.push!);
    const sent = published(rig);
    const placed = await rig.tracker.place({ to: '+12125550108', from: RING_ME_AT });
    const call = await finalCall(rig, placed.id, 20_000);
    expect(rig.sim.gateway.closes.map((c) => c.errorCode)).toContain('WSG-903');
    await waitFor(() => [...sent].every((c) => seen.changes.has(c)), { what: 'every published change of your party through push' });
    expectWholeCall(call, rig.changes);
  }, 30_000);

  it('21: a recovery that replays events already delivered changes nothing twice', async () => {
    rig = await coreRig({ push: true, sim: { timeScale: 20, callLogDelaySeconds: 5, statusExpirySeconds: 10, connectionDetails: { recoveryTimeout: 180 } } });
    const seen = recordPush(rig.push!);
    const sent = published(rig);
    const placed = await rig.tracker.place({ to: '+12125550100', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.telephonySessionId, { what: 'the first event' });
    rig.sim.killWebSockets();
    const call = await finalCall(rig, placed.id, 25_000);
    await waitFor(() => [...sent].every((c) => seen.changes.has(c)), { timeoutMs: 10_000, what: 'the replay' });
    // Some events came twice (the overlap); each leg still changed once per state.
    expect(seen.count()).toBeGreaterThan(seen.changes.size);
    expectWholeCall(call, rig.changes);
  }, 40_000);

  it('21: a failed recovery subscribes again and the status fills in what the gap lost', async () => {
    rig = await coreRig({ push: true, sim: { timeScale: 20, callLogDelaySeconds: 5, statusExpirySeconds: 10, connectionDetails: { recoveryTimeout: 180 } } });
    let reconnects = 0;
    rig.push!.onReconnected(() => reconnects++);
    const placed = await rig.tracker.place({ to: '+12125550108', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.telephonySessionId, { what: 'the first event' });
    rig.sim.gateway.forgetRecoveryState();
    rig.sim.killWebSockets();
    const call = await finalCall(rig, placed.id, 30_000);
    expect(reconnects).toBeGreaterThan(0);
    expect(rig.sim.requestLog.filter((r) => r.operationId === 'createSubscription' && r.status === 200)).toHaveLength(2);
    expectWholeCall(call, rig.changes);
  }, 40_000);

  it('22: the app and a command signed in at once both follow a call; neither knocks the other out', async () => {
    rig = await coreRig({ push: true });
    const command = new Session(
      { server: rig.sim.url, clientId: rig.sim.app.clientId, clientSecret: rig.sim.app.clientSecret },
      new MemorySecretStore(),
      quietLogger,
    );
    await command.signInWithJwt('ringside-demo-jwt');
    const commandPush = new TelephonyPush(command.sdk, quietLogger);
    extra.push(() => commandPush.stop());
    await commandPush.start();
    const app = recordPush(rig.push!);
    const cli = recordPush(commandPush);
    const placed = await rig.tracker.place({ to: CALLEE, from: RING_ME_AT });
    const call = await finalCall(rig, placed.id);
    await waitFor(() => cli.changes.size >= app.changes.size && app.changes.size > 0, { what: 'the command to see the call' });
    expect([...cli.changes].sort()).toEqual([...app.changes].sort());
    expect(rig.push!.connected && commandPush.connected).toBe(true);
    expect(rig.sim.gateway.closes).toEqual([]);
    expectWholeCall(call, rig.changes);
  });

  it('28: without push, "Hang up" ends a connected call through the active calls', async () => {
    // At 10×, not faster: each answer's real time counts ten times against the list's 3-10 s lag.
    rig = await coreRig({ push: false, sim: { timeScale: 10, callLogDelaySeconds: 5, statusExpirySeconds: 10 } });
    const placed = await rig.tracker.place({ to: '+12125550108', from: RING_ME_AT });
    await waitFor(() => rig!.tracker.get(placed.id)?.caller.state === 'connected', { timeoutMs: 10_000, what: 'your phone to answer' });
    expect(rig.tracker.get(placed.id)!.telephonySessionId).toBeNull();
    await rig.tracker.cancel(placed.id);
    const simCall = rig.sim.callByRingOutId(placed.ringOutId!)!;
    const call = await finalCall(rig, placed.id, 30_000);
    expect(call.telephonySessionId).toBe(simCall.telephonySessionId);
    expect(call.problem).toBeNull();
    expect(rig.sim.requestLog.some((r) => r.operationId === 'listExtensionActiveCalls')).toBe(true);
    expect(rig.sim.requestLog.some((r) => r.operationId === 'deleteCallSession' && r.status === 204)).toBe(true);
    // Ended by the hang-up, long before its two scripted minutes.
    expect((simCall.endedAt! - simCall.startedAt) * rig.sim.clock.timeScale).toBeLessThan(60_000);
  }, 40_000);
});
