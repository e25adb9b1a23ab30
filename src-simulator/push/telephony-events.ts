import { randomUUID } from 'node:crypto';
import type { PartyState, RingOutCall } from '../ringout/ringout-call';

/** Event paths a telephony-session event is published under (extension and account). */
export function telephonyEventPaths(accountId: number, extensionId: number): string[] {
  return [
    `/restapi/v1.0/account/${accountId}/extension/${extensionId}/telephony/sessions`,
    `/restapi/v1.0/account/${accountId}/telephony/sessions`,
  ];
}

function partyJson(call: RingOutCall, party: PartyState): Record<string, unknown> {
  const { accountId, extensionId } = call.init;
  const json: Record<string, unknown> = {
    accountId: String(accountId),
    id: party.id,
    direction: party.direction,
    to: party.to.name ? { phoneNumber: party.to.phoneNumber, name: party.to.name } : { phoneNumber: party.to.phoneNumber },
    from: party.from.name ? { phoneNumber: party.from.phoneNumber, name: party.from.name } : { phoneNumber: party.from.phoneNumber },
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

/** The body of one ExtensionTelephonySessionsEvent (openapi-subset.yml). */
export function telephonySessionEvent(call: RingOutCall, party: PartyState, sequence: number, subscriptionId: string, eventPath: string) {
  const now = new Date().toISOString();
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
      parties: [partyJson(call, party)],
    },
  };
}

/** GET telephony/sessions/{id}: the whole session as CallSessionObject. */
export function callSessionObject(call: RingOutCall): Record<string, unknown> {
  const parties = [call.caller, ...(call.callee ? [call.callee] : [])].map((party) => partyJson(call, party));
  return {
    id: call.telephonySessionId,
    origin: { type: 'RingOut' },
    creationTime: new Date(call.startedAt).toISOString(),
    parties,
  };
}
