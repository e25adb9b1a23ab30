import { describe, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { matchCallRecord, recordLacksLeg } from './match-record';

const PLACED = Date.UTC(2026, 10, 24, 12, 0, 0);
const record = (id: string, overrides: Partial<CallLogRecord> = {}): CallLogRecord => ({
  id,
  startTime: new Date(PLACED + 3000).toISOString(),
  action: 'RingOut PC',
  direction: 'Outbound',
  type: 'Voice',
  from: { phoneNumber: '+16505550101' },
  to: { phoneNumber: '+12125550111' },
  legs: [{ startTime: new Date(PLACED + 3000).toISOString(), legType: 'RingOutClientToCaller', result: 'Call connected' }],
  ...overrides,
});
const call = { telephonySessionId: null, sessionId: null, to: '+12125550111', placedAt: PLACED };

describe('matchCallRecord', () => {
  it('matches by telephonySessionId first, even when another record is closer in time', () => {
    const records = [
      record('near', { telephonySessionId: 's-other' }),
      record('mine', { telephonySessionId: 's-1', startTime: new Date(PLACED + 60_000).toISOString() }),
    ];
    expect(matchCallRecord({ ...call, telephonySessionId: 's-1' }, records)?.id).toBe('mine');
  });

  it('finds the telephonySessionId on a leg when the record has none', () => {
    const records = [record('mine', { legs: [{ startTime: new Date(PLACED).toISOString(), legType: 'RingOutClientToCaller', telephonySessionId: 's-1' }] })];
    expect(matchCallRecord({ ...call, telephonySessionId: 's-1' }, records)?.id).toBe('mine');
  });

  it('then by sessionId, then by numbers in both directions within the window', () => {
    expect(matchCallRecord({ ...call, sessionId: '42' }, [record('a', { sessionId: '41' }), record('b', { sessionId: '42' })])?.id).toBe('b');
    const swapped = record('swapped', { from: { phoneNumber: '12125550111' }, to: { phoneNumber: '+16505550101' } });
    expect(matchCallRecord(call, [swapped])?.id).toBe('swapped');
    expect(matchCallRecord(call, [record('late', { startTime: new Date(PLACED + 6 * 60_000).toISOString() })])).toBeNull();
  });

  it('never takes a record that names another session, nor a claimed one, nor a non-RingOut call', () => {
    expect(matchCallRecord({ ...call, telephonySessionId: 's-1' }, [record('x', { telephonySessionId: 's-2' })])).toBeNull();
    expect(matchCallRecord({ ...call, sessionId: '42' }, [record('x', { sessionId: '43' })])).toBeNull();
    expect(matchCallRecord(call, [record('x')], { claimed: new Set(['x']) })).toBeNull();
    expect(matchCallRecord(call, [record('x', { action: 'Phone Call', legs: [] })])).toBeNull();
  });

  it('picks the record closest to when the call was placed', () => {
    const records = [
      record('far', { startTime: new Date(PLACED + 120_000).toISOString() }),
      record('close', { startTime: new Date(PLACED + 2_000).toISOString() }),
    ];
    expect(matchCallRecord(call, records)?.id).toBe('close');
  });
});

describe('recordLacksLeg', () => {
  const leg = (state: string) => ({ state }) as never;
  const callerOnly = record('r');
  const both = record('r', {
    legs: [
      { startTime: new Date(PLACED).toISOString(), legType: 'RingOutClientToCaller', result: 'Call connected' },
      { startTime: new Date(PLACED).toISOString(), legType: 'RingOutClientToSubscriber', result: 'Busy' },
    ],
  });

  it('says a record without the callee leg is not final when the callee was seen dialled', () => {
    expect(recordLacksLeg({ caller: leg('connected'), callee: leg('busy') }, callerOnly)).toBe(true);
    expect(recordLacksLeg({ caller: leg('connected'), callee: leg('ringing') }, callerOnly)).toBe(true);
  });

  it('accepts a record without the callee leg when the callee was never dialled', () => {
    expect(recordLacksLeg({ caller: leg('busy'), callee: leg('notCalled') }, callerOnly)).toBe(false);
    expect(recordLacksLeg({ caller: leg('noAnswer'), callee: leg('waiting') }, callerOnly)).toBe(false);
  });

  it('accepts a record with both legs, and says a record without legs is not final', () => {
    expect(recordLacksLeg({ caller: leg('connected'), callee: leg('busy') }, both)).toBe(false);
    expect(recordLacksLeg({ caller: leg('connected'), callee: leg('busy') }, record('r', { legs: [] }))).toBe(true);
  });
});
