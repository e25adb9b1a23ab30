import { describe, expect, it } from 'vitest';
import { deriveLegs, isRingOutRecord } from './derive-legs';
import { explainOutcome } from './explain';
import type { CallLogLeg, CallLogRecord } from '../../../src-shared/call-log';
import { readExample } from '../../../test-support/spec-files';

const twoLegs = readExample<CallLogRecord>('call-log-ringout-two-legs.json');
const busyOneLeg = readExample<CallLogRecord>('call-log-ringout-busy-one-leg.json');

function leg(legType: string, result: string, startTime = '2026-01-01T10:00:00.000Z'): CallLogLeg {
  return { legType, result, startTime };
}

function ringOut(legs: CallLogLeg[] | undefined, action = 'RingOut PC'): CallLogRecord {
  return { id: 'r1', startTime: '2026-01-01T10:00:00.000Z', action, result: 'Call connected', legs };
}

describe('deriveLegs', () => {
  it('reads both legs of the real two-leg example', () => {
    expect(deriveLegs(twoLegs)).toEqual({
      ringOut: true,
      callerStatus: 'Call connected',
      calleeStatus: 'Call connected',
    });
  });

  it('reports the callee as not called when only the caller leg exists', () => {
    expect(deriveLegs(busyOneLeg)).toEqual({ ringOut: true, callerStatus: 'Busy', calleeStatus: 'Not called' });
  });

  it.each([
    ['RingOutClientToCaller', 'RingOutClientToSubscriber'],
    ['RingOutWebToCaller', 'RingOutWebToSubscriber'],
    ['RingOutDeviceToCaller', 'RingOutDeviceToSubscriber'],
    ['RingOutOneLegToCaller', 'RingOutClientToSubscriber'],
  ])('matches %s / %s by suffix', (callerType, calleeType) => {
    const derived = deriveLegs(ringOut([leg(callerType, 'Call connected'), leg(calleeType, 'Busy')]));
    expect(derived).toEqual({ ringOut: true, callerStatus: 'Call connected', calleeStatus: 'Busy' });
  });

  it('does not depend on leg order', () => {
    const legs = [leg('RingOutClientToSubscriber', 'No Answer'), leg('RingOutClientToCaller', 'Call connected')];
    expect(deriveLegs(ringOut(legs))).toEqual(deriveLegs(ringOut([...legs].reverse())));
    expect(deriveLegs(ringOut(legs)).calleeStatus).toBe('No Answer');
  });

  it('takes the latest leg when several match one side', () => {
    const legs = [
      leg('RingOutClientToSubscriber', 'Busy', '2026-01-01T10:00:05.000Z'),
      leg('RingOutClientToSubscriber', 'Call connected', '2026-01-01T10:00:09.000Z'),
      leg('RingOutClientToSubscriber', 'No Answer', '2026-01-01T10:00:01.000Z'),
      leg('RingOutClientToCaller', 'Call connected'),
    ];
    expect(deriveLegs(ringOut(legs)).calleeStatus).toBe('Call connected');
  });

  it('gives null for both legs in the Simple view (no legs)', () => {
    expect(deriveLegs(ringOut(undefined))).toEqual({ ringOut: true, callerStatus: null, calleeStatus: null });
  });

  it('marks non-RingOut records and gives no leg statuses', () => {
    const record: CallLogRecord = {
      id: 'x',
      startTime: '2026-01-01T10:00:00.000Z',
      action: 'VoIP Call',
      legs: [leg('PstnToSip', 'Call connected')],
    };
    expect(deriveLegs(record)).toEqual({ ringOut: false, callerStatus: null, calleeStatus: null });
    expect(isRingOutRecord(record)).toBe(false);
  });

  it('recognises a RingOut record by its legs when the action is unfamiliar', () => {
    expect(isRingOutRecord(ringOut([leg('RingOutWebToCaller', 'Busy')], 'Unknown'))).toBe(true);
  });
});

describe('explainOutcome', () => {
  it('explains a busy caller leg with the callee never called', () => {
    expect(explainOutcome('Busy', 'Not called')).toBe('Your phone was busy, so the other party was never called.');
  });
  it('explains a connected call', () => {
    expect(explainOutcome('Call connected', 'Call connected')).toBe('Both phones answered and the call was connected.');
  });
  it('explains a busy callee after the caller answered', () => {
    expect(explainOutcome('Call connected', 'Busy')).toBe("You answered, but the other party's line was busy.");
  });
  it('says when nothing is known', () => {
    expect(explainOutcome(null, null)).toBe('The call log has no per-leg details for this call.');
  });
  it('names unknown values instead of guessing', () => {
    expect(explainOutcome('Call connected', 'Brand New Result')).toContain('Brand New Result');
  });
});

describe('explainOutcome for realistic values', () => {
  it('explains "Answered Not Accepted" on your leg: your voicemail never pressed 1', () => {
    expect(explainOutcome('Answered Not Accepted', 'Not called')).toBe('Your voicemail answered; nobody pressed 1, so the other party was never called.');
  });
});
