/**
 * The tracker against RingCentral's real habits (spec/ringcentral/REALITY.md), with a fake
 * clock and hand-made answers shaped as the live service gives them, for the behaviours the
 * built-in simulator does not show yet.
 */
import { Emitter } from '../../../src-shared/emitter';
import { describe, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import { FakeClock } from '../../../test-support/fake-clock';
import { quietLogger } from '../../../test-support/core-harness';
import { ApiError } from '../ringcentral/api-error';
import type { CallLogPage, CallLogQuery, RingCentralApi, RingOutStatusAnswer } from '../ringcentral/api';
import { RatePlanner } from '../ringcentral/rate-planner';
import { MemoryInFlightStore } from './in-flight-store';
import type { PushSource, TelephonyEvent } from './telephony-push';
import { COULD_NOT_END, RingOutTracker } from './tracker';

const RING_ME_AT = '+16505550198';
const CALLEE = '+12125550101';
type Status = RingOutStatusAnswer['status'];

class FakeRingCentral {
  status: Status | null = { callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' };
  records: CallLogRecord[] = [];
  requests: string[] = [];
  queries: CallLogQuery[] = [];
  deleteSession: () => Promise<'ended' | 'gone'> = async () => 'ended';
  readonly planner: RatePlanner;

  constructor(readonly clock: FakeClock) {
    this.planner = new RatePlanner(clock);
  }

  api(): RingCentralApi {
    return {
      planner: this.planner,
      createRingOut: async () => (this.requests.push('POST ring-out'), { id: '1412', status: this.status ?? {} }),
      ringOutStatus: async () => (this.requests.push('GET ring-out'), this.status ? { id: '1412', status: this.status } : null),
      cancelRingOut: async () => (this.requests.push('DELETE ring-out'), 'cancelled' as const),
      deleteCallSession: async (id: string) => (this.requests.push(`DELETE session ${id}`), this.deleteSession()),
      activeCalls: async () => (this.requests.push('GET active-calls'), []),
      callLogPage: async (query: CallLogQuery): Promise<CallLogPage> => {
        this.requests.push('GET call-log');
        this.queries.push(query);
        const from = Date.parse(query.dateFrom!);
        const to = Date.parse(query.dateTo!);
        const records = this.records.filter((r) => Date.parse(r.startTime) >= from && Date.parse(r.startTime) <= to);
        return { records, hasNextPage: false, totalElements: null, totalPages: null };
      },
    } as unknown as RingCentralApi;
  }
}

class FakePush implements PushSource {
  private readonly events = new Emitter<TelephonyEvent>();
  readonly connected = true;
  readonly onEvent = this.events.event;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  emit(event: TelephonyEvent): void {
    this.events.fire(event);
  }
}

/** A real RingOut party event: both parties Inbound; the Initiator (your phone) from = callee, to = ring-me-at; the Target has no extension. */
function partyEvent(
  role: 'Initiator' | 'Target',
  sequence: number,
  code: string,
  at: number,
  options: { session?: string; reason?: string; ringMeAt?: string } = {},
): TelephonyEvent {
  const party =
    role === 'Initiator'
      ? {
          id: 'p-1',
          extensionId: '101',
          accountId: '1',
          direction: 'Inbound',
          ringOutRole: 'Initiator',
          from: { phoneNumber: CALLEE, deviceId: '8001' },
          to: { phoneNumber: options.ringMeAt ?? RING_ME_AT },
        }
      : { id: 'p-2', direction: 'Inbound', ringOutRole: 'Target', from: { phoneNumber: options.ringMeAt ?? RING_ME_AT }, to: { phoneNumber: CALLEE } };
  return {
    sequence,
    sessionId: '575838550017',
    telephonySessionId: options.session ?? 's-real-1',
    eventTime: new Date(at).toISOString(),
    origin: { type: 'RingOut' },
    parties: [{ ...party, status: { code, ...(options.reason ? { reason: options.reason } : {}), rcc: false }, park: {}, missedCall: false }],
  } as TelephonyEvent;
}

function setup(options: { skewMs?: number; push?: boolean } = {}) {
  const clock = new FakeClock();
  const rc = new FakeRingCentral(clock);
  // RingCentral's clock, as its answers' Date header tells it.
  const serverNow = () => clock.now() + (options.skewMs ?? 0);
  if (options.skewMs) for (let i = 0; i < 3; i++) rc.planner.serverTime.learn(new Date(serverNow()).toUTCString());
  const push = options.push ? new FakePush() : null;
  const finals: Array<{ call: TrackedCall; record: CallLogRecord | null }> = [];
  const changes: LegChange[] = [];
  const tracker = new RingOutTracker({
    api: rc.api(),
    push,
    clock,
    store: new MemoryInFlightStore(),
    logger: quietLogger,
    onFinal: async (call, record) => void finals.push({ call, record }),
  });
  tracker.onLegChanged((change) => changes.push(change));
  return { clock, rc, push, tracker, finals, changes, serverNow };
}

function ringOutRecord(start: number, callee: string, overrides: Partial<CallLogRecord> = {}): CallLogRecord {
  return {
    id: 'RO1',
    sessionId: '575838550017',
    telephonySessionId: 's-real-1',
    startTime: new Date(start).toISOString(),
    type: 'Voice',
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Call connected',
    from: { phoneNumber: '+16505550100' },
    to: { phoneNumber: CALLEE },
    legs: [
      { startTime: new Date(start).toISOString(), legType: 'RingOutClientToSubscriber', result: callee },
      { startTime: new Date(start).toISOString(), legType: 'RingOutClientToCaller', result: 'Call connected' },
    ],
    ...overrides,
  };
}

describe('ending a call in any phase', () => {
  it('cancels with DELETE ring-out while your phone rings, and shows "ending" until RingCentral confirms', async () => {
    const { clock, rc, tracker } = setup();
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    const asked = await tracker.cancel(placed.id);
    expect(rc.requests).toContain('DELETE ring-out');
    expect(asked).toMatchObject({ phase: 'live', ending: { method: 'cancel' } });
    // The 204 alone ends nothing: RingCentral still says the call rings.
    await clock.advance(1000);
    expect(tracker.get(placed.id)).toMatchObject({ phase: 'live', ending: { method: 'cancel' } });
    rc.status = null; // gone (404): the end is confirmed
    await clock.advance(3000);
    expect(tracker.get(placed.id)).toMatchObject({ phase: 'ended', ending: null, caller: { state: 'hungUp' }, callee: { state: 'notCalled' } });
  });

  it('hangs up with Call Control once your phone answered, and keeps tracking on the 204', async () => {
    const { clock, rc, push, tracker } = setup({ push: true });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    push!.emit(partyEvent('Initiator', 1, 'Answered', clock.now()));
    rc.status = { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' };
    await clock.advance(2000);
    expect(tracker.get(placed.id)?.telephonySessionId).toBe('s-real-1');
    const asked = await tracker.cancel(placed.id);
    expect(rc.requests).toContain('DELETE session s-real-1');
    expect(rc.requests).not.toContain('DELETE ring-out');
    expect(asked.ending).toMatchObject({ method: 'hangUp' });
    push!.emit(partyEvent('Initiator', 5, 'Disconnected', clock.now(), { reason: 'CallFinished' }));
    rc.status = null;
    await clock.advance(3000);
    expect(tracker.get(placed.id)).toMatchObject({ phase: 'ended', ending: null });
  });

  it('says plainly when RingCentral does not end the call, after the 204 or on a refusal', async () => {
    const { clock, rc, tracker } = setup();
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    rc.status = { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' };
    await clock.advance(2000);
    // No telephony session known, and the active calls never list it (REALITY 28): RingCentral cannot end it.
    const cancelled = tracker.cancel(placed.id).catch((error: unknown) => error);
    await clock.advance(60_000 / 4 + 1);
    expect(await cancelled).toMatchObject({ code: 'CANCEL_FAILED', message: COULD_NOT_END });
    expect(rc.requests).toContain('GET active-calls');
    expect(tracker.get(placed.id)).toMatchObject({ phase: 'live', ending: null, problem: COULD_NOT_END });

    const refused = setup({ push: true });
    const second = await refused.tracker.place({ to: CALLEE, from: RING_ME_AT });
    refused.push!.emit(partyEvent('Initiator', 1, 'Answered', refused.clock.now()));
    refused.rc.deleteSession = () => Promise.reject(new ApiError('forbidden', 'no CallControl permission', 403, 'CMN-401'));
    await expect(refused.tracker.cancel(second.id)).rejects.toMatchObject({ code: 'CANCEL_FAILED', message: COULD_NOT_END });
    expect(refused.tracker.get(second.id)).toMatchObject({ phase: 'live', problem: COULD_NOT_END });
  });
});

describe('the callee leg without callee push', () => {
  it('learns "busy" from the status after a reason-less Disconnected, and says it once as an update', async () => {
    const { clock, rc, push, tracker, changes } = setup({ push: true });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    push!.emit(partyEvent('Initiator', 1, 'Answered', clock.now()));
    rc.status = { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' };
    await clock.advance(2100);
    expect(tracker.get(placed.id)?.callee.state).toBe('ringing');
    // Push says only "Disconnected" for your party; the status still has the old answer.
    rc.status = { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' };
    push!.emit(partyEvent('Target', 3, 'Disconnected', clock.now()));
    // The status is asked first; it still says nothing new, so the push's "ended" stands.
    await clock.advance(0);
    expect(tracker.get(placed.id)).toMatchObject({ phase: 'ended', callee: { state: 'ended' } });
    rc.status = { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'Busy' };
    await clock.advance(100);
    // The stale answer came first; a later call-log check settles it.
    rc.records = [ringOutRecord(clock.now() - 5000, 'Busy')];
    await clock.advance(5 * 60_000);
    const calleeChanges = changes.filter((c) => c.callId === placed.id && c.leg === 'callee');
    expect(calleeChanges.map((c) => `${c.to}${c.update ? ' (update)' : ''}`)).toEqual(['ringing', 'ended', 'busy (update)']);
  });

  it('reads the status once after a reason-less Disconnected, so "busy" shows at once, never "ended" first', async () => {
    const { clock, rc, push, tracker, changes } = setup({ push: true });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    push!.emit(partyEvent('Initiator', 1, 'Answered', clock.now()));
    rc.status = { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' };
    await clock.advance(2100);
    rc.status = { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'Busy' };
    const before = rc.requests.filter((r) => r === 'GET ring-out').length;
    push!.emit(partyEvent('Target', 3, 'Disconnected', clock.now()));
    await clock.advance(0);
    expect(rc.requests.filter((r) => r === 'GET ring-out').length).toBe(before + 1);
    expect(tracker.get(placed.id)).toMatchObject({ phase: 'ended', callee: { state: 'busy', evidence: 'status' } });
    expect(changes.filter((c) => c.callId === placed.id && c.leg === 'callee').map((c) => c.to)).toEqual(['ringing', 'busy']);
  });

  it('uses only your own RingOuts from the account-level filter', async () => {
    const { clock, push, tracker } = setup({ push: true });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    // Another user of the account calls the same number: their Target party must not be taken for yours.
    push!.emit(partyEvent('Target', 1, 'Answered', clock.now(), { session: 's-someone-else', ringMeAt: '+14155550123' }));
    expect(tracker.get(placed.id)).toMatchObject({ telephonySessionId: null, callee: { state: 'waiting' } });
    push!.emit(partyEvent('Initiator', 2, 'Answered', clock.now()));
    push!.emit(partyEvent('Target', 3, 'Proceeding', clock.now()));
    expect(tracker.get(placed.id)).toMatchObject({ telephonySessionId: 's-real-1', caller: { state: 'connected' }, callee: { state: 'ringing' } });
  });
});

describe('reconciliation', () => {
  it('merges a two-record RingOut into one call with both legs', async () => {
    const { clock, rc, tracker, finals } = setup();
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    rc.status = { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'Busy' };
    await clock.advance(2100);
    expect(tracker.get(placed.id)?.phase).toBe('ended');
    const start = clock.now() - 2000;
    rc.records = [
      {
        id: 'IN1',
        sessionId: '575838552017',
        startTime: new Date(start - 300).toISOString(),
        direction: 'Inbound',
        action: 'Phone Call',
        type: 'Voice',
        result: 'Accepted',
        from: { phoneNumber: CALLEE.slice(1) },
        to: { phoneNumber: RING_ME_AT },
      },
      ringOutRecord(start, 'Busy', {
        from: { phoneNumber: CALLEE },
        to: { phoneNumber: RING_ME_AT },
        legs: [{ startTime: new Date(start).toISOString(), legType: 'RingOutClientToSubscriber', result: 'Busy' }],
      }),
    ];
    await clock.advance(5 * 60_000);
    expect(rc.queries.length).toBeGreaterThan(0);
    expect(rc.queries.every((q) => q.direction === undefined)).toBe(true);
    expect(finals).toHaveLength(1);
    expect(finals[0]!.call).toMatchObject({
      phase: 'confirmed',
      recordId: 'RO1',
      caller: { state: 'connected', raw: 'Accepted' },
      callee: { state: 'busy', confirmed: true },
    });
    expect(finals[0]!.record).toMatchObject({ id: 'RO1', from: { phoneNumber: RING_ME_AT }, to: { phoneNumber: CALLEE } });
  });

  it.each([
    ['5 s', 5_000],
    ['5 min', 5 * 60_000],
    ['-5 min', -5 * 60_000],
  ])('confirms from the call log with the local clock %s off', async (_label, skewMs) => {
    const { clock, rc, tracker, finals, serverNow } = setup({ skewMs });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    rc.status = { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'Busy' };
    await clock.advance(2100);
    // No ids known (no push): only numbers and time can match, and the record's time is the server's.
    rc.records = [ringOutRecord(serverNow() - 1500, 'Busy', { telephonySessionId: undefined, sessionId: undefined })];
    await clock.advance(5 * 60_000);
    expect(finals[0]?.call).toMatchObject({ id: placed.id, phase: 'confirmed', recordId: 'RO1' });
  });

  it('matches push events by server time when the local clock is 5 minutes fast', async () => {
    const { clock, push, tracker, serverNow } = setup({ push: true, skewMs: -5 * 60_000 });
    const placed = await tracker.place({ to: CALLEE, from: RING_ME_AT });
    push!.emit(partyEvent('Initiator', 1, 'Proceeding', serverNow()));
    expect(tracker.get(placed.id)?.telephonySessionId).toBe('s-real-1');
    expect(clock.now() - serverNow()).toBe(5 * 60_000);
  });
});
