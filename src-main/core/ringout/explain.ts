import { legState, type LegState } from '../../../src-shared/leg-state';
import type { LegOutcome } from '../../../src-shared/legs';
import { COULD_NOT_END } from '../errors';
import { RING_OUT_REFUSAL_CODES, ringOutRefusal } from '../ringcentral/ringout-refusals';

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

/**
 * Why a call failed or is not (yet) confirmed, as facts: what the archive keeps, so the words
 * (problemWords) are chosen when shown and a wording fix reaches old calls too. `refused` is a
 * refusal of RingCentral's that Ringside has a sentence for (ringout-refusals.ts); `said` holds
 * words that came from elsewhere (RingCentral's own message) as they were.
 */
export type ProblemFact =
  | { code: 'notYetLogged' | 'closedWhilePlacing' | 'connectionDropped' | 'lostContact' | 'couldNotEnd' }
  | { code: 'callLogSilent'; attempts: number; minutes: number }
  | { code: 'refused'; errorCode: string }
  | { code: 'said'; words: string };

/** The words of each problem Ringside itself names (one definition: the tracker and call machine use these). */
export const PROBLEM_WORDS = {
  notYetLogged: "Not yet in RingCentral's call log; the next history sync will confirm it.",
  closedWhilePlacing: 'Ringside was closed while placing this call.',
  connectionDropped: 'The connection dropped while placing the call; checking whether it went through.',
  lostContact: 'Ringside lost contact with RingCentral during the call.',
  couldNotEnd: COULD_NOT_END,
  callLogSilent: (attempts: number, minutes: number) =>
    `RingCentral's call log has not shown this call (checked ${attempts} times over ${minutes} min), so the outcome is what Ringside saw live; the next history sync will confirm it.`,
};

/** CMN-102 has a sentence only when it names the forwarding number (the one refusal it can be for a call). */
const REFUSAL_PARAMETER = 'forwardingNumber';

export function problemWords(fact: ProblemFact): string {
  if (fact.code === 'said') return fact.words;
  if (fact.code === 'callLogSilent') return PROBLEM_WORDS.callLogSilent(fact.attempts, fact.minutes);
  if (fact.code === 'refused') return ringOutRefusal(fact.errorCode, REFUSAL_PARAMETER) ?? `RingCentral refused the call (${fact.errorCode}).`;
  return PROBLEM_WORDS[fact.code];
}

/** The fact behind a live call's problem sentence (a TrackedCall carries the words it showed). */
export function problemFact(words: string): ProblemFact {
  for (const code of ['notYetLogged', 'closedWhilePlacing', 'connectionDropped', 'lostContact', 'couldNotEnd'] as const)
    if (PROBLEM_WORDS[code] === words) return { code };
  const silent = /^RingCentral's call log has not shown this call \(checked (\d+) times over (\d+) min\)/.exec(words);
  if (silent) {
    const fact = { code: 'callLogSilent', attempts: Number(silent[1]), minutes: Number(silent[2]) } as const;
    if (problemWords(fact) === words) return fact;
  }
  const refused = RING_OUT_REFUSAL_CODES.find((errorCode) => ringOutRefusal(errorCode, REFUSAL_PARAMETER) === words);
  if (refused) return { code: 'refused', errorCode: refused };
  return { code: 'said', words };
}

/**
 * What was seen live, in words: for a call the call log has not (completely) shown. A leg
 * seen answered without a status reads as connected; a party never dialled as not called.
 */
export function explainLiveLegs(caller: { raw: LegOutcome; state: LegState | null }, callee: { raw: LegOutcome; state: LegState | null }): string {
  return explainOutcome(caller.raw ?? (caller.state === 'connected' ? 'Call connected' : null), callee.state === 'notCalled' ? 'Not called' : callee.raw);
}
