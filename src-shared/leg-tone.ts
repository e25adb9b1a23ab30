import type { LegState } from './leg-state';

/**
 * The one colour rule for a leg's outcome, per leg (written down beside the theme tokens in
 * src-renderer/src/styles/global.css). The same word can mean opposite things on the two
 * legs: your own voicemail answering means the other party was never called (a failure of
 * your leg); their voicemail answering means you reached them, partly (you can leave a
 * message). A cancel or decline you chose is not a failure: it is neutral.
 *
 * - `neutral`  grey:   nothing happened yet or nothing went wrong (waiting, not called, unknown,
 *                      cancelled or declined by you, ended without a reason)
 * - `progress` amber:  ringing
 * - `success`  green:  answered
 * - `partial`  purple: their voicemail answered
 * - `failure`  red:    the leg did not reach anyone (busy, no answer, declined by them,
 *                      blocked, wrong number, failed, and your own voicemail)
 */
export type LegTone = 'neutral' | 'progress' | 'success' | 'partial' | 'failure';

export function legTone(leg: 'caller' | 'callee', state: LegState): LegTone {
  switch (state) {
    case 'waiting':
    case 'notCalled':
    case 'unknown':
    case 'ended':
    case 'hungUp':
      return 'neutral';
    case 'ringing':
      return 'progress';
    case 'connected':
      return 'success';
    case 'voicemail':
      return leg === 'caller' ? 'failure' : 'partial';
    case 'rejected':
      // You declining on your own phone is your choice; them declining is a failed attempt.
      return leg === 'caller' ? 'neutral' : 'failure';
    default:
      return 'failure';
  }
}

/** A call where either leg failed (the tray's red, the strip's red dot). */
export function callHasFailedLeg(call: { caller: { state: LegState }; callee: { state: LegState } }): boolean {
  return legTone('caller', call.caller.state) === 'failure' || legTone('callee', call.callee.state) === 'failure';
}
