import type { CallLogLeg, CallLogRecord } from '../../../src-shared/call-log';
import { NOT_CALLED, type DerivedLegs, type LegOutcome } from '../../../src-shared/legs';

// RingOut flavours differ only in the middle of the legType (Client, Web, Device, OneLeg),
// so matching prefix + suffix covers the ones the spec lists today and any it adds later.
const CALLER_LEG = /^RingOut.*ToCaller$/;
const CALLEE_LEG = /^RingOut.*ToSubscriber$/;
const RINGOUT_ACTION = /^RingOut\b/;

function latestLeg(legs: readonly CallLogLeg[], legType: RegExp): CallLogLeg | undefined {
  let latest: CallLogLeg | undefined;
  for (const leg of legs) {
    if (!legType.test(leg.legType)) continue;
    if (!latest || Date.parse(leg.startTime) > Date.parse(latest.startTime)) latest = leg;
  }
  return latest;
}

/** True when the record is a RingOut call, judged by its action or any leg's type. */
export function isRingOutRecord(record: CallLogRecord): boolean {
  if (record.action && RINGOUT_ACTION.test(record.action)) return true;
  return (record.legs ?? []).some((leg) => CALLER_LEG.test(leg.legType) || CALLEE_LEG.test(leg.legType));
}

/**
 * Per-leg outcome of a Detailed call-log record. A RingOut record whose legs hold no
 * subscriber leg means the callee was never dialled (typically the caller leg was busy).
 * A record without legs (Simple view) tells nothing about either leg.
 */
export function deriveLegs(record: CallLogRecord): DerivedLegs {
  const ringOut = isRingOutRecord(record);
  const legs = record.legs ?? [];
  if (!ringOut || legs.length === 0) return { ringOut, callerStatus: null, calleeStatus: null };
  const caller = latestLeg(legs, CALLER_LEG);
  const callee = latestLeg(legs, CALLEE_LEG);
  const callerStatus: LegOutcome = caller?.result ?? null;
  const calleeStatus: LegOutcome = callee ? (callee.result ?? null) : NOT_CALLED;
  return { ringOut, callerStatus, calleeStatus };
}
