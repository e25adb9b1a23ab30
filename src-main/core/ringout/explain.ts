import { legState, type LegState } from '../../../src-shared/leg-state';
import type { LegOutcome } from '../../../src-shared/legs';

const YOUR_PHONE: Partial<Record<LegState, string>> = {
  busy: 'Your phone was busy',
  noAnswer: 'Your phone was not answered',
  rejected: 'You declined the call on your phone',
  voicemail: 'Your phone sent the call to voicemail',
  hungUp: 'The call was stopped before your phone was answered',
  ended: 'Your phone stopped ringing',
  blocked: 'Your phone could not be rung from this account',
  wrongNumber: 'Your "ring me at" number could not be reached',
  failed: 'Your phone could not be reached',
  ringing: 'Your phone was still ringing',
};

const THEIR_PHONE: Partial<Record<LegState, string>> = {
  connected: 'Both phones answered and the call was connected.',
  busy: "You answered, but the other party's line was busy.",
  noAnswer: 'You answered, but the other party did not pick up.',
  rejected: 'You answered, but the other party declined the call.',
  voicemail: "You answered, and the call went to the other party's voicemail.",
  hungUp: 'You answered, but the call ended before the other party picked up.',
  ended: "You answered; the other party's phone stopped ringing.",
  blocked: 'You answered, but calls to that number are blocked for this account.',
  wrongNumber: "You answered, but the other party's number does not exist.",
  failed: 'You answered, but the other party could not be reached.',
  ringing: 'You answered and the other party was still ringing.',
};

const ANSWERED_NOT_ACCEPTED = 'Answered Not Accepted';

/** A plain-language sentence for a pair of leg outcomes, as a person would ask about them. */
export function explainOutcome(callerStatus: LegOutcome, calleeStatus: LegOutcome): string {
  if (callerStatus?.toLowerCase() === ANSWERED_NOT_ACCEPTED.toLowerCase()) {
    // RingCentral asked whoever answered to press 1; a voicemail never does.
    return 'Your voicemail answered; nobody pressed 1, so the other party was never called.';
  }
  const caller = legState(callerStatus);
  const callee = legState(calleeStatus);
  if (callerStatus === null && calleeStatus === null) {
    return 'The call log has no per-leg details for this call.';
  }
  if (caller !== 'connected' && caller !== 'unknown') {
    const start = YOUR_PHONE[caller] ?? 'Your phone did not answer';
    if (callee === 'notCalled') return `${start}, so the other party was never called.`;
    return `${start}.`;
  }
  if (caller === 'unknown' && callee === 'notCalled') {
    return `The other party was never called; the outcome of your leg is unknown (${callerStatus ?? 'no record'}).`;
  }
  const theirs = THEIR_PHONE[callee];
  if (caller === 'connected' && theirs) return theirs;
  if (caller === 'connected') return `You answered; the other party's outcome is unknown (${calleeStatus ?? 'no record'}).`;
  if (theirs && callee === 'connected') return `The other party answered; the outcome of your leg is unknown (${callerStatus ?? 'no record'}).`;
  return `Outcome unknown (you: ${callerStatus ?? 'no record'}, them: ${calleeStatus ?? 'no record'}).`;
}
