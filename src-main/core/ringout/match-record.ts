/**
 * Which call-log record is a tracked call's: by `telephonySessionId` first, then `sessionId`,
 * then by numbers (compared in both directions: RingCentral may swap from/to) and start time
 * within a window. Times are in the server's clock (see ServerTime), so a skewed local clock
 * still matches. Pure; reconciliation feeds it records already merged (merge-records.ts).
 */
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import { NOT_CALLED } from '../../../src-shared/legs';
import { deriveLegs, isRingOutRecord } from './derive-legs';
import { sameNumber } from '../../../src-shared/phone-numbers';

export interface CallIdentity {
  telephonySessionId: string | null;
  sessionId: string | null;
  /** The other party. */
  to: string;
  /** When the call was placed, in the server's clock. */
  placedAt: number;
}

export const MATCH_WINDOW_MS = 5 * 60_000;

function telephonySessionIds(record: CallLogRecord): string[] {
  const ids = [record.telephonySessionId, ...(record.legs ?? []).map((leg) => leg.telephonySessionId)];
  return ids.filter((id): id is string => Boolean(id));
}

export function matchCallRecord(
  call: CallIdentity,
  records: readonly CallLogRecord[],
  options: { windowMs?: number; claimed?: ReadonlySet<string> } = {},
): CallLogRecord | null {
  const windowMs = options.windowMs ?? MATCH_WINDOW_MS;
  const open = records.filter((r) => isRingOutRecord(r) && !options.claimed?.has(r.id));
  if (call.telephonySessionId) {
    const byTelephony = open.find((r) => telephonySessionIds(r).includes(call.telephonySessionId!));
    if (byTelephony) return byTelephony;
  }
  if (call.sessionId) {
    const bySession = open.find((r) => r.sessionId === call.sessionId);
    if (bySession) return bySession;
  }
  const distance = (r: CallLogRecord) => Math.abs(Date.parse(r.startTime) - call.placedAt);
  const byNumber = open
    .filter((r) => {
      // A record that names another session is another call, whatever its numbers.
      const ids = telephonySessionIds(r);
      if (call.telephonySessionId && ids.length > 0) return false;
      if (call.sessionId && r.sessionId) return false;
      return (sameNumber(r.to?.phoneNumber, call.to) || sameNumber(r.from?.phoneNumber, call.to)) && distance(r) < windowMs;
    })
    .sort((a, b) => distance(a) - distance(b));
  return byNumber[0] ?? null;
}

/**
 * A record that lacks a leg the call had is not final yet: RingCentral first logs a RingOut
 * with your leg only and fills in the other party's leg later (REALITY 14). A leg "was had"
 * when Ringside saw it dialled (ringing or an outcome), not when it only inferred it.
 */
export function recordLacksLeg(call: Pick<TrackedCall, 'caller' | 'callee'>, record: CallLogRecord): boolean {
  if (!isRingOutRecord(record)) return false;
  const seen = (state: string) => state !== 'waiting' && state !== 'notCalled';
  if ((record.legs ?? []).length === 0) return seen(call.caller.state) || seen(call.callee.state);
  const legs = deriveLegs(record);
  if (legs.callerStatus === null && seen(call.caller.state)) return true;
  return legs.calleeStatus === NOT_CALLED && seen(call.callee.state);
}
