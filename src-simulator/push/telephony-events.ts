import { randomUUID } from 'node:crypto';
import type { PartyState, RingOutCall } from '../ringout/ringout-call';

/** Event paths a telephony-session event is published under (extension and account). */
export function telephonyEventPaths(accountId: number, extensionId: number): { extension: string; account: string } {
  return {
    extension: `/restapi/v1.0/account/${accountId}/extension/${extensionId}/telephony/sessions`,
    account: `/restapi/v1.0/account/${accountId}/telephony/sessions`,
  };
}

const named = (phoneNumber: string, name: string | undefined) => (name ? { phoneNumber, name } : { phoneNumber });

/** The party as the spec example shows it: your party carries your ids, the other one does not. */
function specPartyJson(call: RingOutCall, party: PartyState): Record<string, unknown> {
  const { accountId, extensionId } = call.init;
  const json: Record<string, unknown> = {
    accountId: String(accountId),
    id: party.id,
    direction: party.direction,
    to: named(party.to.phoneNumber, party.to.name),
    from: named(party.from.phoneNumber, party.from.name),
    status: { ...party.status },
    missedCall: false,
    standAlone: false,
    muted: false,
    ringOutRole: party.ringOutRole,
  };
  // Only your own party belongs to your extension; the other party is outside the account.
  if (party.ringOutRole === 'Initiator') json['extensionId'] = String(extensionId);
  return json;
}

/**
 * The party as the live service sends it (REALITY 9): both parties `Inbound`; your phone's
 * party is "called" from the other number; the other party has no account, extension or
 * owner; extra fields (`status.rcc`, `park`, `from.deviceId`) a lenient client ignores.
 */
function observedPartyJson(call: RingOutCall, party: PartyState): Record<string, unknown> {
  const { accountId, extensionId, to, userName, scenario } = call.init;
  const status = { ...party.status, rcc: false };
  // Your party after a move to another phone carries no ringOutRole, only your ids (REALITY 20).
  const common = { missedCall: false, standAlone: false, muted: false, ...(party.moved ? {} : { ringOutRole: party.ringOutRole }), park: {} };
  if (party.ringOutRole === 'Initiator') {
    return {
      accountId: String(accountId),
      extensionId: String(extensionId),
      id: party.id,
      direction: 'Inbound',
      to: { phoneNumber: party.to.phoneNumber, name: userName, extensionId: String(extensionId) },
      from: { ...named(to, scenario.calleeName), deviceId: `${800_000_000 + (extensionId % 1000)}` },
      status,
      ...common,
      owner: { accountId: String(accountId), extensionId: String(extensionId) },
    };
  }
  return {
    id: party.id,
    direction: 'Inbound',
    to: named(party.to.phoneNumber, party.to.name),
    from: named(party.from.phoneNumber, party.from.name),
    status,
    ...common,
  };
}

export function partyJson(call: RingOutCall, party: PartyState, observedShape: boolean): Record<string, unknown> {
  return observedShape ? observedPartyJson(call, party) : specPartyJson(call, party);
}

/** The body of one Extension/AccountTelephonySessionsEvent (openapi-subset.yml). */
/** `nowMs` is the service's time (SimClock, which may be off this machine's: clockOffsetMs). */
export function telephonySessionEvent(
  call: RingOutCall,
  party: PartyState,
  sequence: number,
  subscriptionId: string,
  eventPath: string,
  observedShape: boolean,
  nowMs: number,
) {
  const now = new Date(nowMs).toISOString();
  return {
    uuid: randomUUID(),
    event: eventPath,
    timestamp: now,
    subscriptionId,
    ownerId: String(call.init.extensionId),
    body: {
      sequence,
      sessionId: call.sessionId,
      telephonySessionId: call.telephonySessionId,
      serverId: '10.62.29.33.TAM',
      eventTime: now,
      origin: { type: 'RingOut' },
      parties: [partyJson(call, party, observedShape)],
    },
  };
}

/** GET telephony/sessions/{id}: the whole session as CallSessionObject. */
export function callSessionObject(call: RingOutCall, observedShape: boolean): Record<string, unknown> {
  const parties = [call.caller, ...(call.callee ? [call.callee] : [])].map((party) => partyJson(call, party, observedShape));
  return {
    id: call.telephonySessionId,
    origin: { type: 'RingOut' },
    creationTime: new Date(call.startedAt).toISOString(),
    parties,
  };
}
