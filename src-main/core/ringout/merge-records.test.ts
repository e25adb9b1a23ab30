import { describe, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { readExample } from '../../../test-support/spec-files';
import { deriveLegs } from './derive-legs';
import { groupCallLogRecords, isRingOutCallerHalf, mergeRingOutPair, mergeTwoRecordRingOuts } from './merge-records';

const USER = '+16505550101';
const CALLEE = '+12125550111';

/** The RingOut record as REALITY.md describes it in the two-record case: from/to swapped, only the subscriber leg. */
function ringOutRecord(overrides: Partial<CallLogRecord> = {}): CallLogRecord {
  return {
    id: 'RO1',
    sessionId: '575838550017',
    telephonySessionId: 's-abc',
    startTime: '2026-11-24T12:00:05.500Z',
    duration: 19,
    type: 'Voice',
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Call connected',
    from: { phoneNumber: CALLEE },
    to: { phoneNumber: USER },
    legs: [
      {
        startTime: '2026-11-24T12:00:05.257Z',
        legType: 'RingOutClientToSubscriber',
        result: 'Busy',
        direction: 'Outbound',
        action: 'RingOut PC',
        from: { phoneNumber: USER },
        to: { phoneNumber: CALLEE },
      },
    ],
    ...overrides,
  };
}

/** The Inbound `Phone Call` caller half: sessionId +1000..4000, from = the callee, to = the user. */
function callerHalf(overrides: Partial<CallLogRecord> = {}): CallLogRecord {
  return {
    id: 'IN1',
    sessionId: '575838552017',
    startTime: '2026-11-24T12:00:04.900Z',
    duration: 20,
    type: 'Voice',
    direction: 'Inbound',
    action: 'Phone Call',
    result: 'Accepted',
    from: { phoneNumber: CALLEE.slice(1) },
    to: { phoneNumber: USER, name: 'Alex Demo' },
    ...overrides,
  };
}

describe('two-record RingOut', () => {
  it('recognises the caller half by direction, action, sessionId gap, time and the callee number', () => {
    expect(isRingOutCallerHalf(callerHalf(), ringOutRecord())).toBe(true);
    expect(isRingOutCallerHalf(callerHalf({ sessionId: '575838550517' }), ringOutRecord())).toBe(false); // +500
    expect(isRingOutCallerHalf(callerHalf({ sessionId: '575838555017' }), ringOutRecord())).toBe(false); // +5000
    expect(isRingOutCallerHalf(callerHalf({ direction: 'Outbound' }), ringOutRecord())).toBe(false);
    expect(isRingOutCallerHalf(callerHalf({ action: 'VoIP Call' }), ringOutRecord())).toBe(false);
    expect(isRingOutCallerHalf(callerHalf({ from: { phoneNumber: '+13125550000' } }), ringOutRecord())).toBe(false);
    expect(isRingOutCallerHalf(callerHalf({ startTime: '2026-11-24T12:10:00.000Z' }), ringOutRecord())).toBe(false);
    // Works whether or not the RingOut record's numbers are swapped.
    expect(isRingOutCallerHalf(callerHalf(), ringOutRecord({ from: { phoneNumber: USER }, to: { phoneNumber: CALLEE } }))).toBe(true);
  });

  it('merges the pair into one call with both legs, numbers the right way round', () => {
    const merged = mergeRingOutPair(ringOutRecord(), callerHalf());
    expect(merged.from?.phoneNumber).toBe(USER);
    expect(merged.to?.phoneNumber).toBe(CALLEE);
    expect(merged.id).toBe('RO1');
    expect(deriveLegs(merged)).toEqual({ ringOut: true, callerStatus: 'Accepted', calleeStatus: 'Busy' });
    expect(merged.legs?.find((l) => l.legType === 'RingOutClientToCaller')).toMatchObject({ result: 'Accepted', startTime: '2026-11-24T12:00:04.900Z' });
  });

  it('leaves a record that already has a caller leg, or no legs at all, with the legs it has', () => {
    const example = readExample<CallLogRecord>('call-log-ringout-two-legs.json');
    const half = callerHalf({
      sessionId: String(BigInt(example.sessionId!) + 2000n),
      startTime: example.startTime,
      from: { phoneNumber: example.to!.phoneNumber! },
    });
    expect(mergeRingOutPair(example, half).legs).toEqual(example.legs);
    expect(mergeRingOutPair(ringOutRecord({ legs: undefined }), callerHalf()).legs).toBeUndefined();
  });

  it('groups a page: the phantom inbound call disappears into its RingOut, other records stay as they are', () => {
    const other: CallLogRecord = {
      id: 'X',
      startTime: '2026-11-24T11:00:00.000Z',
      direction: 'Inbound',
      action: 'Phone Call',
      result: 'Accepted',
      sessionId: '575838551017',
      from: { phoneNumber: CALLEE },
    };
    const groups = groupCallLogRecords([callerHalf(), other, ringOutRecord()]);
    expect(groups.map((g) => [g.record.id, g.callerHalf?.id ?? null])).toEqual([
      ['X', null],
      ['RO1', 'IN1'],
    ]);
    expect(mergeTwoRecordRingOuts([ringOutRecord(), callerHalf()]).map((r) => r.id)).toEqual(['RO1']);
  });

  it('gives each RingOut its own half when two calls to the same number are close together', () => {
    const second = ringOutRecord({ id: 'RO2', sessionId: '575838560017', startTime: '2026-11-24T12:01:05.500Z' });
    const secondHalf = callerHalf({ id: 'IN2', sessionId: '575838561517', startTime: '2026-11-24T12:01:05.000Z' });
    const groups = groupCallLogRecords([ringOutRecord(), second, callerHalf(), secondHalf]);
    expect(groups.map((g) => [g.record.id, g.callerHalf?.id])).toEqual([
      ['RO1', 'IN1'],
      ['RO2', 'IN2'],
    ]);
  });

  it('never merges an ordinary single-record RingOut', () => {
    const busy = readExample<CallLogRecord>('call-log-ringout-busy-one-leg.json');
    expect(groupCallLogRecords([busy])).toEqual([{ record: busy, callerHalf: null }]);
  });
});
