import type { OwnNumbersView } from '../../src-shared/ipc-contract';
import type { Settings } from '../../src-shared/settings';
import { chooseRingMeAt } from '../../src-shared/outbound-rules';
import { AppError } from './app-error';

export interface PlaceCallRequest {
  to: string;
  from?: string | undefined;
  callerId?: string | undefined;
  playPrompt?: boolean | undefined;
}

/**
 * The phone to ring first and the caller ID of a call. Without an explicit choice, those of
 * the last call (else the defaults from Settings, else the first phone allowed to ring first);
 * an explicit ring-me-at that the account lists as not allowed is refused with the rule.
 */
export function callDefaults(request: PlaceCallRequest, settings: Settings, numbers: OwnNumbersView | null): { from: string; callerId: string | null } {
  const { number: from, problem } = chooseRingMeAt(numbers?.ringMeAt ?? [], request.from ?? settings.lastRingMeAt ?? settings.ringMeAt);
  if (!from) throw new AppError('INVALID_REQUEST', 'Choose the phone RingCentral should ring first ("ring me at").');
  if (problem) throw new AppError('INVALID_REQUEST', problem);
  // '' remembers "the account default" as a choice, so it is not replaced by the Settings default.
  const remembered = settings.lastCallerId !== null ? settings.lastCallerId || null : settings.callerId;
  const callerId = request.callerId ?? (request.from === undefined ? remembered : null);
  return { from, callerId };
}

/** After a call is placed: its number first in the recent numbers, its phone and caller ID the next call's defaults. */
export function rememberCall(settings: Settings, call: { to: string }, from: string, callerId: string | null): Settings {
  const recent = [call.to, ...settings.recentNumbers.filter((n) => n !== call.to)].slice(0, 10);
  return { ...settings, recentNumbers: recent, lastRingMeAt: from, lastCallerId: callerId ?? '' };
}
