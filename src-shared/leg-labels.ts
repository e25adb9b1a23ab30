import type { Handoff } from './calls';
import type { LegState } from './leg-state';
import { digitsOf } from './phone-numbers';

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

/** One of the user's own phones, as the "ring me at" list names them (e.g. "My mobile"). */
export interface NamedPhone {
  phoneNumber: string;
  label: string;
}

/** "your mobile" from a phone label such as "My mobile" or "Mobile". */
function yourPhone(label: string): string {
  return `your ${label.replace(/^my\s+/i, '').toLowerCase()}`;
}

/**
 * Where your side of the call went (REALITY 20), as in "Moved to your mobile". The phone is
 * named by its "ring me at" label when it is one of yours, by its number otherwise.
 */
export function handoffSentence(handoff: Handoff, phones: readonly NamedPhone[] = [], formatNumber: (e164: string) => string = (n) => n): string {
  if (handoff.kind === 'transferred') return 'You transferred the call; it goes on without you';
  const phone = handoff.to ? phones.find((p) => digitsOf(p.phoneNumber) === digitsOf(handoff.to)) : undefined;
  const where = phone ? yourPhone(phone.label) : handoff.to ? formatNumber(handoff.to) : null;
  if (handoff.kind === 'pickedUp') return where ? `Picked up on ${where}` : 'Picked up on another phone';
  return where ? `Moved to ${where}` : 'Moved to another of your phones';
}
