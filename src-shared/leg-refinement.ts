/**
 * The one rule for what may replace a leg state the user has seen: it is only ever REFINED
 * (told more precisely), never replaced by a vaguer or contradicting guess, and so it never
 * goes back. The call machine applies it to every piece of evidence (push, status, the 404,
 * inference, the call log); the never-backwards property test checks it against every demo
 * outcome (src-main/core/ringout/legs-never-go-back.test.ts).
 *
 * How specific each state is (a refinement always climbs; nothing climbs down):
 *
 *   0  waiting                      not dialled yet
 *   1  ringing, unknown             in progress, or nothing known
 *   2  ended                        stopped, with no reason given
 *   3  failed                       failed, for a reason RingCentral did not name
 *   4  connected, busy, noAnswer,   what happened, named
 *      rejected, hungUp, blocked,
 *      wrongNumber, notCalled
 *   5  voicemail                    a voicemail took it (after ringing out or "answering")
 *
 * `shown → next` is a refinement when:
 *   - shown is waiting: anything else (ringing, or an outcome reached between two looks);
 *   - shown is ringing or unknown: any outcome (ringing ↔ unknown never: neither says more);
 *   - shown is ended: any other outcome (the reason, learnt after the stop);
 *   - shown is failed: a named failure (busy, no answer, declined, blocked, wrong number);
 *   - shown is connected or noAnswer: voicemail (it was a machine that answered / took it);
 *   - nothing else: a named outcome is final as far as guesses go.
 *
 * The call log may also CORRECT a named outcome it contradicts (it is the final word, and the
 * correction is announced as one "Update: …"), but only with one at least as specific and never
 * back to a state the leg already showed. See `acceptsCorrection`.
 */
import type { LegState } from './leg-state';

export const LEG_SPECIFICITY: Record<LegState, number> = {
  waiting: 0,
  ringing: 1,
  unknown: 1,
  ended: 2,
  failed: 3,
  connected: 4,
  busy: 4,
  noAnswer: 4,
  rejected: 4,
  hungUp: 4,
  blocked: 4,
  wrongNumber: 4,
  notCalled: 4,
  voicemail: 5,
};

const NAMED_FAILURES: ReadonlySet<LegState> = new Set(['busy', 'noAnswer', 'rejected', 'blocked', 'wrongNumber']);

/** True when `next` tells more than `shown` (and says nothing `shown` ruled out). */
export function refines(shown: LegState, next: LegState): boolean {
  if (shown === next) return false;
  switch (shown) {
    case 'waiting':
      return true;
    case 'ringing':
    case 'unknown':
      return LEG_SPECIFICITY[next] >= 2;
    case 'ended':
      return LEG_SPECIFICITY[next] >= 3;
    case 'failed':
      return NAMED_FAILURES.has(next);
    case 'connected':
    case 'noAnswer':
      return next === 'voicemail';
    default:
      return false;
  }
}

/**
 * The call log contradicts an outcome Ringside showed (a refinement needs no permission): it
 * may correct it to one at least as specific, never to a vaguer one, never back to a state
 * the leg already showed (`seen`: every state of the leg's history).
 */
export function acceptsCorrection(shown: LegState, next: LegState, seen: readonly LegState[]): boolean {
  return next !== shown && LEG_SPECIFICITY[next] >= LEG_SPECIFICITY[shown] && LEG_SPECIFICITY[next] >= 2 && !seen.includes(next);
}
