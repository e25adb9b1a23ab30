/** Calls placed from Ringside, as the tracker hands them to the archive, for the webhook tests. */
import type { CallLogRecord } from '../src-shared/call-log';
import type { TrackedCall } from '../src-shared/calls';
import * as machine from '../src-main/core/ringout/call-machine';

const USER = { phoneNumber: '+16505550110', name: 'Alex Demo' };

export interface PlacedCall {
  /** Ringside's id for the call (the tracker's). */
  id: string;
  /** Its call-log record's id: the history row and the payload's call id. */
  recordId: string;
  live: TrackedCall;
  ended: TrackedCall;
  confirmed: TrackedCall;
  record: CallLogRecord;
}

/** Call number `n`: live, then ended, then confirmed by its RingOut record (both legs). */
export function placedCall(n: number, at: number, calleeResult = 'Call connected'): PlacedCall {
  const iso = (ms: number) => new Date(ms).toISOString();
  const other = { phoneNumber: `+1212555${String(1000 + n).slice(-4)}`, name: `Contact ${n}` };
  const record = {
    id: `REC${n}`,
    sessionId: String(400000001000 + n),
    telephonySessionId: `s-${n}`,
    startTime: iso(at),
    lastModifiedTime: iso(at + 60_000),
    type: 'Voice',
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Call connected',
    duration: 42,
    from: other,
    to: USER,
    legs: [
      { startTime: iso(at), legType: 'RingOutClientToCaller', direction: 'Outbound', result: 'Call connected', master: true, from: other, to: USER },
      { startTime: iso(at + 5000), legType: 'RingOutClientToSubscriber', direction: 'Outbound', result: calleeResult, from: USER, to: other },
    ],
  } as unknown as CallLogRecord;
  const placed = machine.newCall(
    { id: `call-${n}`, to: other.phoneNumber, toName: other.name, from: USER.phoneNumber, callerId: null, playPrompt: false },
    at - 2000,
  );
  const live = { ...placed, ringOutId: String(70 + n), telephonySessionId: `s-${n}`, phase: 'live' as const };
  const ended = machine.ended(live, at + 50_000).call;
  const confirmed = machine.confirmed(ended, record).call;
  return { id: live.id, recordId: record.id, live, ended, confirmed, record };
}

/** The same record as RingCentral corrects it later (a new lastModifiedTime and another outcome). */
export function corrected(call: PlacedCall, calleeResult: string, minutesLater: number): CallLogRecord {
  const record = structuredClone(call.record) as CallLogRecord & { legs: Array<{ result: string }> };
  record.legs[1]!.result = calleeResult;
  record.lastModifiedTime = new Date(Date.parse(call.record.lastModifiedTime!) + minutesLater * 60_000).toISOString();
  return record;
}
