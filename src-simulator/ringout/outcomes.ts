import type { CalleeOutcome, CallerOutcome } from './scenarios';

/**
 * How each scripted outcome shows up in the three places RingCentral reports it: the
 * RingOut status endpoint (CallingStatusInfo), the call log (CallResultEnum) and the
 * telephony session party status (CallStatusInfo code + reason).
 */
export interface OutcomeView {
  ringOutStatus: string;
  callLogResult: string;
  partyCode: 'Answered' | 'Disconnected' | 'VoiceMail';
  partyReason?: string;
}

export const OUTCOMES: Record<CallerOutcome | CalleeOutcome, OutcomeView> = {
  answer: { ringOutStatus: 'Success', callLogResult: 'Call connected', partyCode: 'Answered' },
  busy: { ringOutStatus: 'Busy', callLogResult: 'Busy', partyCode: 'Disconnected', partyReason: 'TargetBusy' },
  noAnswer: { ringOutStatus: 'NoAnswer', callLogResult: 'No Answer', partyCode: 'Disconnected', partyReason: 'NoAnswer' },
  rejected: { ringOutStatus: 'Rejected', callLogResult: 'Rejected', partyCode: 'Disconnected', partyReason: 'Rejected' },
  voicemail: { ringOutStatus: 'Success', callLogResult: 'Voicemail', partyCode: 'VoiceMail', partyReason: 'Voicemail' },
  noSuchUser: { ringOutStatus: 'NosuchUser', callLogResult: 'Wrong Number', partyCode: 'Disconnected', partyReason: 'NoSuchUser' },
  internationalDisabled: {
    ringOutStatus: 'InternationalDisabled',
    callLogResult: 'International Disabled',
    partyCode: 'Disconnected',
    partyReason: 'InternationalDisabled',
  },
};

/** Your own phone going to voicemail is reported as no answer by the RingOut endpoint. */
export function callerOutcomeView(outcome: CallerOutcome): OutcomeView {
  if (outcome === 'voicemail') return { ...OUTCOMES.voicemail, ringOutStatus: 'NoAnsweringMachine' };
  return OUTCOMES[outcome];
}

/** Outcomes whose `Disconnected` carries no reason on the live service (REALITY 8). */
export const REASONLESS_FAILURES: ReadonlySet<string> = new Set(['busy', 'noAnswer', 'rejected']);
