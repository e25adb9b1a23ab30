/**
 * Builds call-log records the way RingCentral does (API.md "Past calls"): for a RingOut,
 * the subscriber (callee) leg first with `from`/`to` swapped and its own billing, then the
 * caller leg with `master: true` and the record's own `from`/`to`. A call whose callee was
 * never dialled has the caller leg only. The key order follows the real two-leg example.
 */
export type RingOutFlavour = 'Client' | 'Web' | 'Device';

export const FLAVOUR_ACTION: Record<RingOutFlavour, string> = {
  Client: 'RingOut PC',
  Web: 'RingOut Web',
  Device: 'RingOut Mobile',
};

export interface Party {
  phoneNumber: string;
  name?: string | undefined;
}

export interface LegInput {
  startTime: string;
  /** Seconds. */
  duration: number;
  result: string;
}

export interface RecordContext {
  /** e.g. https://platform.ringcentral.com or the simulator's own URL. */
  baseUrl: string;
  accountId: number;
  extensionId: number;
}

export interface RingOutRecordInput extends RecordContext {
  id: string;
  sessionId: string;
  /** Live records carry it (REALITY 13); the 2018 examples predate it. */
  telephonySessionId?: string | undefined;
  flavour: RingOutFlavour;
  /** The user's side: the "ring me at" phone. */
  user: Party;
  /** The other party. */
  other: Party;
  callerLeg: LegInput;
  /** Absent when the callee was never dialled. */
  calleeLeg?: LegInput | undefined;
  lastModifiedTime: string;
}

export type CallLogView = 'Simple' | 'Detailed';

type Json = Record<string, unknown>;

function party(p: Party): Json {
  return p.name === undefined ? { phoneNumber: p.phoneNumber } : { phoneNumber: p.phoneNumber, name: p.name };
}

function extensionRef(ctx: RecordContext): Json {
  return { uri: `${ctx.baseUrl}/restapi/v1.0/account/${ctx.accountId}/extension/${ctx.extensionId}`, id: ctx.extensionId };
}

const NO_COST = { costIncluded: 0.0, costPurchased: 0.0 };

/** The fields a record and each of its legs share, in the order RingCentral sends them. */
function callBody(ctx: RecordContext, common: Json, leg: { startTime: string; duration: number; result: string }, from: Party, to: Party): Json {
  return {
    startTime: leg.startTime,
    duration: leg.duration,
    ...common,
    result: leg.result,
    to: party(to),
    from: party(from),
    extension: extensionRef(ctx),
    transport: 'PSTN',
  };
}

export function recordUri(ctx: RecordContext, id: string, view: CallLogView): string {
  return `${ctx.baseUrl}/restapi/v1.0/account/${ctx.accountId}/extension/${ctx.extensionId}/call-log/${id}?view=${view}`;
}

/** The overall `result`: the caller leg's when it failed, else the callee leg's. */
export function overallResult(input: Pick<RingOutRecordInput, 'callerLeg' | 'calleeLeg'>): string {
  if (!input.calleeLeg || input.callerLeg.result !== 'Call connected') return input.callerLeg.result;
  return input.calleeLeg.result;
}

export function buildRingOutRecord(input: RingOutRecordInput): Json {
  const action = FLAVOUR_ACTION[input.flavour];
  const common = { type: 'Voice', direction: 'Outbound', action };
  const legs: Json[] = [];
  if (input.calleeLeg) {
    legs.push({
      // On the subscriber leg from and to are swapped: the callee sees the caller calling.
      ...callBody(input, common, input.calleeLeg, input.other, input.user),
      billing: { ...NO_COST },
      legType: `RingOut${input.flavour}ToSubscriber`,
    });
  }
  legs.push({
    ...callBody(input, common, input.callerLeg, input.user, input.other),
    legType: `RingOut${input.flavour}ToCaller`,
    master: true,
  });
  return {
    uri: recordUri(input, input.id, 'Detailed'),
    id: input.id,
    sessionId: input.sessionId,
    ...(input.telephonySessionId === undefined ? {} : { telephonySessionId: input.telephonySessionId }),
    ...callBody(input, common, { ...input.callerLeg, result: overallResult(input) }, input.user, input.other),
    lastModifiedTime: input.lastModifiedTime,
    billing: { ...NO_COST },
    legs,
  };
}

export interface OrdinaryCallInput extends RecordContext {
  id: string;
  sessionId: string;
  direction: 'Inbound' | 'Outbound';
  action: 'Phone Call' | 'VoIP Call';
  result: string;
  startTime: string;
  duration: number;
  from: Party;
  to: Party;
  lastModifiedTime: string;
}

/** A call that is not a RingOut: one leg, SIP to PSTN outbound or PSTN to SIP inbound. */
export function buildOrdinaryRecord(input: OrdinaryCallInput): Json {
  const common = { type: 'Voice', direction: input.direction, action: input.action };
  const body = callBody(input, common, input, input.from, input.to);
  return {
    uri: recordUri(input, input.id, 'Detailed'),
    id: input.id,
    sessionId: input.sessionId,
    ...body,
    lastModifiedTime: input.lastModifiedTime,
    billing: { ...NO_COST },
    legs: [
      {
        ...body,
        legType: input.direction === 'Inbound' ? 'PstnToSip' : 'SipToPstnMetered',
        master: true,
      },
    ],
  };
}

/** The Simple view drops what only Detailed carries: legs, lastModifiedTime, billing. */
export function toView(record: Json, view: CallLogView): Json {
  if (view === 'Detailed') return record;
  const { legs: _legs, lastModifiedTime: _modified, billing: _billing, ...simple } = record;
  return { ...simple, uri: String(record['uri']).replace('?view=Detailed', '?view=Simple') };
}
