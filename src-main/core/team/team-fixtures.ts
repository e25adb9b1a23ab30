/** Call-log records for the team archive's tests: one extension's RingOuts in two records (REALITY 12) and ordinary calls. */
import type { CallLogRecord } from '../../../src-shared/call-log';

export const at = (day: string, second = 0) => new Date(Date.parse(`${day}T09:00:00Z`) + second * 1000).toISOString();
const USER = { phoneNumber: '+16505550110', name: 'Alex Demo' };
const OTHER = { phoneNumber: '+12125550101', name: 'Casey Morgan' };

/** A RingOut record whose callee was busy, from/to swapped as RingCentral logs it when it comes in two records. */
export function ringOutRecord(id: string, sessionId: number, startTime: string, overrides: Partial<CallLogRecord> = {}): CallLogRecord {
  return {
    id,
    sessionId: String(sessionId),
    startTime,
    lastModifiedTime: startTime,
    type: 'Voice',
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Call connected',
    from: OTHER,
    to: USER,
    legs: [
      { startTime, legType: 'RingOutClientToCaller', direction: 'Outbound', result: 'Call connected', master: true, from: OTHER, to: USER },
      { startTime, legType: 'RingOutClientToSubscriber', direction: 'Outbound', result: 'Busy', from: USER, to: OTHER },
    ],
    ...overrides,
  };
}

/** The Inbound caller half of the RingOut with `ringOutSessionId` (its sessionId 1500 above). */
export function callerHalf(id: string, ringOutSessionId: number, startTime: string, overrides: Partial<CallLogRecord> = {}): CallLogRecord {
  return {
    id,
    sessionId: String(ringOutSessionId + 1500),
    startTime,
    lastModifiedTime: startTime,
    type: 'Voice',
    direction: 'Inbound',
    action: 'Phone Call',
    result: 'Accepted',
    from: OTHER,
    to: USER,
    ...overrides,
  };
}

/** An ordinary inbound call nobody answered. */
export function missedCall(id: string, startTime: string): CallLogRecord {
  return {
    id,
    sessionId: '9',
    startTime,
    lastModifiedTime: startTime,
    type: 'Voice',
    direction: 'Inbound',
    action: 'Phone Call',
    result: 'Missed',
    from: OTHER,
    to: USER,
  };
}
