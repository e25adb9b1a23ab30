import type { LegState } from './leg-state';

/** Short words for a leg's state, as in the tray tooltip "You: answered · Them: ringing". */
export const LEG_SHORT: Record<LegState, string> = {
  waiting: 'waiting',
  ringing: 'ringing',
  connected: 'answered',
  busy: 'busy',
  noAnswer: 'no answer',
  rejected: 'declined',
  voicemail: 'voicemail',
  hungUp: 'cancelled',
  ended: 'ended',
  blocked: 'blocked',
  wrongNumber: 'wrong number',
  failed: 'failed',
  notCalled: 'not called',
  unknown: 'unknown',
};

/** A sentence per leg and state, for notifications. */
export function legSentence(leg: 'caller' | 'callee', state: LegState): string {
  const you: Partial<Record<LegState, string>> = {
    ringing: 'Your phone is ringing',
    connected: 'You answered',
    busy: 'Your phone was busy',
    noAnswer: 'You did not answer',
    rejected: 'You declined the call',
    voicemail: 'Your voicemail answered',
    hungUp: 'Call cancelled',
    ended: 'Your phone stopped ringing',
    blocked: 'Your phone could not be rung',
    wrongNumber: 'Your ring-me-at number does not work',
    failed: 'Your phone could not be reached',
  };
  const them: Partial<Record<LegState, string>> = {
    ringing: 'Ringing them now',
    connected: 'They answered',
    busy: 'Their line is busy',
    noAnswer: 'They did not answer',
    rejected: 'They declined the call',
    voicemail: 'Their voicemail answered',
    hungUp: 'Cancelled before they answered',
    ended: 'Their phone stopped ringing',
    blocked: 'Calls to this number are blocked',
    wrongNumber: 'That number does not exist',
    failed: 'They could not be reached',
    notCalled: 'They were not called',
  };
  return (leg === 'caller' ? you : them)[state] ?? `${leg === 'caller' ? 'You' : 'Them'}: ${LEG_SHORT[state]}`;
}

/**
 * A sentence for an outcome learnt after the fact (better evidence refined what was shown),
 * to follow "Update: ", as in "Update: their line was busy".
 */
export function legUpdateSentence(leg: 'caller' | 'callee', state: LegState): string {
  const you: Partial<Record<LegState, string>> = {
    connected: 'you answered',
    busy: 'your phone was busy',
    noAnswer: 'you did not answer',
    rejected: 'you declined the call',
    voicemail: 'your voicemail answered',
    hungUp: 'the call was cancelled',
    blocked: 'your phone could not be rung',
    wrongNumber: 'your ring-me-at number does not work',
    failed: 'your phone could not be reached',
  };
  const them: Partial<Record<LegState, string>> = {
    connected: 'they answered',
    busy: 'their line was busy',
    noAnswer: 'they did not answer',
    rejected: 'they declined the call',
    voicemail: 'their voicemail answered',
    hungUp: 'the call was cancelled before they answered',
    blocked: 'calls to this number are blocked',
    wrongNumber: 'that number does not exist',
    failed: 'they could not be reached',
    notCalled: 'they were not called',
  };
  return (leg === 'caller' ? you : them)[state] ?? `${leg === 'caller' ? 'you' : 'them'}: ${LEG_SHORT[state]}`;
}

export function tooltipLine(caller: LegState, callee: LegState): string {
  return `You: ${LEG_SHORT[caller]} · Them: ${LEG_SHORT[callee]}`;
}
