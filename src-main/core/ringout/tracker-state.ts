import type { CountryCode } from 'libphonenumber-js';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import type { RingCentralApi } from '../ringcentral/api';
import type { Clock, Logger } from '../ports';
import type * as machine from './call-machine';
import type { InFlightStore } from './in-flight-store';
import type { PushSource } from './telephony-push';
import { COULD_NOT_END, RingsideError } from '../errors';

export type TrackerErrorCode = 'INVALID_NUMBER' | 'INVALID_RING_ME_AT' | 'PLACE_FAILED' | 'NOT_FOUND' | 'TOO_LATE' | 'CANCEL_FAILED';

export { COULD_NOT_END };

/** A call could not be placed or ended: a RingsideError with one of the calls' codes. */
export class TrackerError extends RingsideError {
  declare readonly code: TrackerErrorCode;
  constructor(code: TrackerErrorCode, message: string) {
    super(code, message);
    this.name = 'TrackerError';
  }
}

export interface PlaceCallInput {
  to: string;
  toName?: string | null;
  /** The user's own phone to ring first. */
  from: string;
  callerId?: string | null;
  playPrompt?: boolean;
  defaultCountry?: CountryCode;
}

export interface TrackerDeps {
  api: RingCentralApi;
  push: PushSource | null;
  clock: Clock;
  store: InFlightStore;
  logger: Logger;
  /** Receives each call once its outcome is final, with its call-log record when confirmed. */
  onFinal?: (call: TrackedCall, record: CallLogRecord | null) => Promise<void>;
  /** The name a number goes by (contacts, directory, call log), for calls placed without one. */
  nameFor?: (e164: string) => string | null;
}

/** Poll and retry timings, as fractions of the rate-limit window (60 s real, less in the simulator). */
export const TIMING = {
  ringingPoll: 1 / 40,
  maxPollBackoff: 1 / 2,
  /** An end request RingCentral has not confirmed after this long did not work. */
  endingTimeout: 1 / 4,
  /** Records typically appear ~30 s after the end. */
  firstReconcile: 1 / 2,
  reconcileBackoff: [1 / 2, 1, 1, 2, 2, 3],
  /** A live call with no news from RingCentral for this long is checked in the call log. */
  staleAfter: 10,
  /**
   * How long a hang-up without push looks for the call in the active calls (REALITY 28: up to
   * 10 s late): 15 s of a minute's window, so a slow answer or two still leaves room.
   */
  activeCallsWait: 1 / 4,
  activeCallsRetry: 1 / 15,
};

/**
 * What the tracker's parts (placing, feeds, reconciliation) share: the calls, the one way a
 * call changes (apply), and the few doors of the other parts they knock on.
 */
export interface TrackerContext {
  readonly deps: TrackerDeps;
  /** Calls still being tracked, by id. */
  readonly calls: Map<string, TrackedCall>;
  /** The most recent finished calls, newest first. */
  readonly recent: TrackedCall[];
  stopped(): boolean;
  apply(step: machine.Step): void;
  /** The Light rate-limit window (60 s real, less in the simulator). */
  window(): number;
  schedulePoll(id: string, delay: number): void;
  pollInterval(call: TrackedCall): number;
  queueReconcile(id: string, delay: number): void;
  armEndingTimeout(id: string, requestedAt: number): void;
}
