/**
 * The two-record RingOut (spec/ringcentral/REALITY.md, item 12): when the ring-me-at number
 * is the user's own RingCentral number, RingCentral logs the caller leg as a separate Inbound
 * `Phone Call` record (result `Accepted`, `sessionId` 1000 to 4000 above the RingOut record's,
 * from = the callee, to = the user), and the RingOut record's from/to may be swapped.
 * RingCentral's own widgets merge the pair (ringcentral-js-widgets `callLogHelpers`,
 * `areTwoLegs` / `removeInboundRingOutLegs`); so does Ringside, here, as pure functions used by
 * live reconciliation, history sync, the archive and `derive`.
 */
import type { CallLogLeg, CallLogRecord } from '../../../src-shared/call-log';
import { isRingOutRecord } from './derive-legs';
import { sameNumber } from '../../../src-shared/phone-numbers';

/** How far above the RingOut record's sessionId the caller half's sessionId lies. */
export const CALLER_HALF_SESSION_GAP = { min: 1000, max: 4000 } as const;
/** The two records start within this of each other. */
export const CALLER_HALF_WINDOW_MS = 2 * 60_000;

const CALLER_LEG = /^RingOut.*ToCaller$/;
const CALLEE_LEG = /^RingOut.*ToSubscriber$/;

export interface RecordGroup {
  /** One record per call: a two-record RingOut merged into its RingOut record, else the record as it came. */
  record: CallLogRecord;
  /** The Inbound caller-half record merged into `record`, kept whole so nothing is lost. */
  callerHalf: CallLogRecord | null;
}

/** How far above the RingOut record's sessionId the candidate's lies (both checked as digits by callerHalfSessionFits). */
function sessionGap(ringOut: CallLogRecord, candidate: CallLogRecord): number {
  return Number(BigInt(candidate.sessionId!) - BigInt(ringOut.sessionId!));
}

/**
 * Whether a record with `candidateSessionId` can be the caller half of the RingOut record with
 * `ringOutSessionId` by their sessionIds alone (the archive asks this before reading a record).
 */
export function callerHalfSessionFits(ringOutSessionId: string | null | undefined, candidateSessionId: string | null | undefined): boolean {
  if (!ringOutSessionId || !candidateSessionId) return false;
  if (!/^\d+$/.test(ringOutSessionId) || !/^\d+$/.test(candidateSessionId)) return false;
  const gap = Number(BigInt(candidateSessionId) - BigInt(ringOutSessionId));
  return gap >= CALLER_HALF_SESSION_GAP.min && gap <= CALLER_HALF_SESSION_GAP.max;
}

/** True when `candidate` is the Inbound caller half of the RingOut record `ringOut`. */
export function isRingOutCallerHalf(candidate: CallLogRecord, ringOut: CallLogRecord): boolean {
  if (candidate.id === ringOut.id || !isRingOutRecord(ringOut) || isRingOutRecord(candidate)) return false;
  if (candidate.direction !== 'Inbound') return false;
  if (candidate.action !== undefined && candidate.action !== 'Phone Call') return false;
  if (!callerHalfSessionFits(ringOut.sessionId, candidate.sessionId)) return false;
  const apart = Math.abs(Date.parse(candidate.startTime) - Date.parse(ringOut.startTime));
  if (!(apart <= CALLER_HALF_WINDOW_MS)) return false;
  // The half comes from the callee, whichever side of the (possibly swapped) RingOut record that is.
  const callee = candidate.from?.phoneNumber;
  return sameNumber(callee, ringOut.to?.phoneNumber) || sameNumber(callee, ringOut.from?.phoneNumber);
}

/**
 * The RingOut record with its caller half folded in: from = the user, to = the callee (swapped
 * back when RingCentral swapped them), and a caller leg built from the half when the record's
 * legs have none (so deriving the legs sees both). A record without legs stays without legs:
 * it says nothing per leg, and a lone caller leg would wrongly read "callee not called".
 */
export function mergeRingOutPair(ringOut: CallLogRecord, callerHalf: CallLogRecord): CallLogRecord {
  const callee = callerHalf.from?.phoneNumber;
  const swapped = sameNumber(callee, ringOut.from?.phoneNumber) && !sameNumber(callee, ringOut.to?.phoneNumber);
  const merged: CallLogRecord = { ...ringOut };
  if (swapped) {
    if (ringOut.to) merged.from = ringOut.to;
    else delete merged.from;
    if (ringOut.from) merged.to = ringOut.from;
    else delete merged.to;
  }
  if (!merged.telephonySessionId && callerHalf.telephonySessionId) merged.telephonySessionId = callerHalf.telephonySessionId;
  const legs = ringOut.legs ?? [];
  if (legs.length > 0 && !legs.some((leg) => CALLER_LEG.test(leg.legType))) {
    const calleeLeg = legs.find((leg) => CALLEE_LEG.test(leg.legType));
    const callerLeg: CallLogLeg = {
      startTime: callerHalf.startTime,
      legType: calleeLeg ? calleeLeg.legType.replace(/ToSubscriber$/, 'ToCaller') : 'RingOutClientToCaller',
      ...(callerHalf.duration !== undefined ? { duration: callerHalf.duration } : {}),
      ...(callerHalf.type !== undefined ? { type: callerHalf.type } : {}),
      direction: callerHalf.direction ?? 'Inbound',
      ...(callerHalf.action !== undefined ? { action: callerHalf.action } : {}),
      ...(callerHalf.result !== undefined ? { result: callerHalf.result } : {}),
      ...(callerHalf.reason !== undefined ? { reason: callerHalf.reason } : {}),
      ...(callerHalf.from ? { from: callerHalf.from } : {}),
      ...(callerHalf.to ? { to: callerHalf.to } : {}),
      ...(callerHalf.telephonySessionId ? { telephonySessionId: callerHalf.telephonySessionId } : {}),
    };
    merged.legs = [...legs, callerLeg];
  }
  return merged;
}

/**
 * One group per call, in the order the records came: each RingOut record takes the closest
 * caller half (by sessionId) not taken by another; a taken half does not appear on its own.
 */
export function groupCallLogRecords(records: readonly CallLogRecord[]): RecordGroup[] {
  const taken = new Map<string, CallLogRecord>();
  const halfOf = new Map<string, CallLogRecord>();
  // Candidates sorted by start time, so each RingOut looks only at those within the window
  // (a 10k-record history would otherwise compare every RingOut with every record).
  const candidates = records
    .filter((r) => r.direction === 'Inbound' && !isRingOutRecord(r))
    .map((record) => ({ record, start: Date.parse(record.startTime) }))
    .filter((c) => Number.isFinite(c.start))
    .sort((a, b) => a.start - b.start);
  const firstAtOrAfter = (ms: number) => {
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid]!.start < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const ringOut of records.filter(isRingOutRecord)) {
    const start = Date.parse(ringOut.startTime);
    if (!Number.isFinite(start)) continue;
    let best: CallLogRecord | null = null;
    for (let i = firstAtOrAfter(start - CALLER_HALF_WINDOW_MS); i < candidates.length && candidates[i]!.start <= start + CALLER_HALF_WINDOW_MS; i++) {
      const candidate = candidates[i]!.record;
      if (taken.has(candidate.id) || !isRingOutCallerHalf(candidate, ringOut)) continue;
      if (!best || sessionGap(ringOut, candidate) < sessionGap(ringOut, best)) best = candidate;
    }
    if (best) {
      taken.set(best.id, ringOut);
      halfOf.set(ringOut.id, best);
    }
  }
  const groups: RecordGroup[] = [];
  for (const record of records) {
    if (taken.has(record.id)) continue;
    const half = halfOf.get(record.id) ?? null;
    groups.push({ record: half ? mergeRingOutPair(record, half) : record, callerHalf: half });
  }
  return groups;
}

/** The records with each two-record RingOut merged into one. */
export function mergeTwoRecordRingOuts(records: readonly CallLogRecord[]): CallLogRecord[] {
  return groupCallLogRecords(records).map((group) => group.record);
}
