import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import type { HistoryRow } from '../../../src-shared/history-row';
import type { LegState } from '../../../src-shared/leg-state';
import type { WebhookEvent } from '../../../src-shared/webhooks';

/** The payload's version; schema/webhook-payload.v1.json describes it. A breaking change is a v2 beside it. */
export const PAYLOAD_VERSION = 1;

export type PayloadType = WebhookEvent | 'ping';

/** One call as a receiver sees it: facts only (the words are the receiver's to choose). */
export interface CallPayload {
  /** Ringside's history row id: the call's id in every event about it. */
  id: string;
  /** The id Ringside gave the call when it placed it (null: only known from the call log). */
  ringsideCallId: string | null;
  /** RingCentral call-log record ids (a RingOut may have two); empty when the call log has none. */
  recordIds: string[];
  /** The call log confirmed it (false: its final word is that the call is not there). */
  confirmed: boolean;
  direction: string | null;
  startTime: string;
  /** Seconds, as the call log has it. */
  durationSeconds: number | null;
  result: string | null;
  from: { number: string | null; name: string | null };
  to: { number: string | null; name: string | null };
  /** The other party's best name (contact, directory, call log). */
  contactName: string | null;
  legs: { yourPhone: LegState | null; theirPhone: LegState | null };
  note: string | null;
  disposition: string | null;
}

export interface WebhookPayload {
  version: typeof PAYLOAD_VERSION;
  /** The event's id: the same for every endpoint and every attempt. */
  id: string;
  type: PayloadType;
  occurredAt: string;
  call: CallPayload | null;
  /** leg.changed only: which leg moved, from what to what, and when (epoch ms). */
  change?: LegChangePayload;
}

export interface LegChangePayload {
  leg: 'yourPhone' | 'theirPhone';
  from: LegState;
  to: LegState;
  at: string;
}

export function callPayload(row: HistoryRow, tracked: TrackedCall | null, recordIds: string[]): CallPayload {
  return {
    id: row.id,
    ringsideCallId: tracked?.id ?? null,
    recordIds,
    confirmed: recordIds.length > 0,
    direction: row.direction,
    startTime: row.startTime,
    durationSeconds: row.duration,
    result: row.result,
    from: { number: row.fromNumber, name: row.fromName },
    to: { number: row.toNumber, name: row.toName },
    contactName: row.contactName,
    legs: { yourPhone: row.callerState, theirPhone: row.calleeState },
    note: row.note,
    disposition: row.disposition,
  };
}

/** A call still live (leg.changed): what the tracker knows now; its history row comes when it is over. */
export function liveCallPayload(call: TrackedCall): CallPayload {
  return {
    id: `ringside:${call.id}`,
    ringsideCallId: call.id,
    recordIds: [],
    confirmed: false,
    direction: 'Outbound',
    startTime: new Date(call.createdAt).toISOString(),
    durationSeconds: null,
    result: null,
    from: { number: call.from, name: null },
    to: { number: call.to, name: call.toName },
    contactName: call.toName,
    legs: { yourPhone: call.caller.state, theirPhone: call.callee.state },
    note: null,
    disposition: null,
  };
}

export function legChangePayload(change: LegChange): LegChangePayload {
  return { leg: change.leg === 'caller' ? 'yourPhone' : 'theirPhone', from: change.from, to: change.to, at: new Date(change.at).toISOString() };
}

export function payloadText(input: { id: string; type: PayloadType; occurredAt: number; call: CallPayload | null; change?: LegChangePayload }): string {
  const payload: WebhookPayload = {
    version: PAYLOAD_VERSION,
    id: input.id,
    type: input.type,
    occurredAt: new Date(input.occurredAt).toISOString(),
    call: input.call,
  };
  if (input.change) payload.change = input.change;
  return JSON.stringify(payload);
}
