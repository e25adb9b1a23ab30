/** What Ringside knows about the two legs of a RingOut call, once the call log has it. */
export const NOT_CALLED = 'Not called' as const;

/** A leg's outcome: a call-log `result` value, `Not called`, or null when unknown. */
export type LegOutcome = string | null;

export interface DerivedLegs {
  ringOut: boolean;
  /** Outcome of the leg that rang the user's own phone (`...ToCaller`). */
  callerStatus: LegOutcome;
  /** Outcome of the leg that rang the other party (`...ToSubscriber`), or `Not called`. */
  calleeStatus: LegOutcome;
}
