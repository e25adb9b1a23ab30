/** Faults a test can switch on (all durations in simulated units). */
export interface Faults {
  /** Every HTTP request's connection is dropped without an answer. */
  networkDown: boolean;
  /** The next N HTTP requests are dropped without an answer. */
  dropNextRequests: number;
  /** The next N API requests answer 503 with Retry-After. */
  serviceUnavailable: { remaining: number; retryAfterSeconds: number };
  /** The next N API requests answer 429 `CMN-310` "Global request rate exceeded", without `X-Rate-Limit-*` headers (REALITY 23). */
  globalRateLimited: { remaining: number; retryAfterSeconds: number };
  /** Added before every answer (simulated ms). */
  slowResponseMs: number;
  /**
   * Network jitter: each API request waits a random 0–N ms on its way in (before the rate
   * limiter counts it) and another on its way back, drawn from the simulator's seed. Real ms,
   * not simulated: the network does not speed up with the time scale. 0 = off.
   */
  latencyJitterMs: number;
  callLog: {
    /** Records of calls that end from now on never appear. */
    withhold: boolean;
    /** Added to the normal delay before a record appears (simulated seconds). */
    extraDelaySeconds: number;
  };
  push: {
    /** No telephony events are sent while paused (they are lost, as when a subscription fails). */
    paused: boolean;
    /** Every Nth event is delivered twice (0 = never). */
    duplicateEvery: number;
    /** Events are delivered in swapped pairs. */
    reorder: boolean;
    /** The other party's events are never sent (an extension-level subscription may not see them). */
    withholdCalleeParty: boolean;
  };
}

export function noFaults(): Faults {
  return {
    networkDown: false,
    dropNextRequests: 0,
    serviceUnavailable: { remaining: 0, retryAfterSeconds: 5 },
    globalRateLimited: { remaining: 0, retryAfterSeconds: 5 },
    slowResponseMs: 0,
    latencyJitterMs: 0,
    callLog: { withhold: false, extraDelaySeconds: 0 },
    push: { paused: false, duplicateEvery: 0, reorder: false, withholdCalleeParty: false },
  };
}

export type FaultsPatch = Partial<Omit<Faults, 'serviceUnavailable' | 'globalRateLimited' | 'callLog' | 'push'>> & {
  serviceUnavailable?: Partial<Faults['serviceUnavailable']>;
  globalRateLimited?: Partial<Faults['globalRateLimited']>;
  callLog?: Partial<Faults['callLog']>;
  push?: Partial<Faults['push']>;
};

export function applyFaults(faults: Faults, patch: FaultsPatch): Faults {
  return {
    ...faults,
    ...patch,
    serviceUnavailable: { ...faults.serviceUnavailable, ...patch.serviceUnavailable },
    globalRateLimited: { ...faults.globalRateLimited, ...patch.globalRateLimited },
    callLog: { ...faults.callLog, ...patch.callLog },
    push: { ...faults.push, ...patch.push },
  };
}
