import { apiError, badParameter, notFound } from '../http/errors';
import type { Route } from '../http/router';
import { BLOCKED_RING_ME_AT, REFUSED_DEMO_NUMBERS, refusals } from '../ringout/refusals';
import type { RingOutCall } from '../ringout/ringout-call';
import { scenarioFor } from '../ringout/scenarios';
import type { SimContext } from '../context';
import { withExtension } from './with-extension';

const E164 = /^\+?[1-9]\d{6,14}$/;

/** Numbers as RingCentral accepts them: digits with an optional + and common separators. */
export function normalizeNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const compact = value.replace(/[\s().-]/g, '');
  if (!E164.test(compact)) return null;
  return compact.startsWith('+') ? compact : `+${compact}`;
}

export function ringOutRoutes(sim: SimContext): Route[] {
  const base = '/restapi/v1.0/account/{accountId}/extension/{extensionId}/ring-out';
  const statusBody = (call: RingOutCall) => {
    const uri = (id: string | number) => `${sim.url}/restapi/v1.0/account/${call.init.accountId}/extension/${call.init.extensionId}/ring-out/${id}`;
    // Legacy accounts (REALITY 5): a numeric id, and a uri whose last segment is not the id.
    if (call.numericId !== null) return { uri: uri(call.numericId + 1), id: call.numericId, status: { ...call.status } };
    return { uri: uri(call.id), id: call.id, status: { ...call.status } };
  };
  return [
    {
      method: 'POST',
      path: base,
      operationId: 'createRingOutCall',
      group: 'Heavy',
      auth: 'bearer',
      handle: withExtension(sim, ({ req }, ext) => {
        const body = (req.body ?? {}) as Record<string, Record<string, unknown> | boolean | undefined>;
        const from = body['from'] as Record<string, unknown> | undefined;
        // REALITY 18: each refusal has its own code (off: CMN-101 for any bad input, no other refusal).
        const specific = sim.realism.specificRingOutRefusals;
        let ringMeAt: string | null;
        if (from && typeof from['forwardingNumberId'] === 'string') {
          ringMeAt = ext.forwardingNumbers.find((f) => f.id === from['forwardingNumberId'])?.phoneNumber ?? null;
          if (!ringMeAt) return specific ? refusals.unknownForwardingNumber() : badParameter('from.forwardingNumberId', 'Forwarding number is not found');
        } else {
          ringMeAt = normalizeNumber(from?.['phoneNumber']);
          if (!ringMeAt) return specific ? refusals.badFrom() : badParameter('from.phoneNumber', 'Parameter [from.phoneNumber] value is invalid');
        }
        const to = normalizeNumber((body['to'] as Record<string, unknown> | undefined)?.['phoneNumber']);
        if (!to) return specific ? refusals.badTo() : badParameter('to.phoneNumber', 'Parameter [to.phoneNumber] value is invalid');
        const callerIdValue = (body['callerId'] as Record<string, unknown> | undefined)?.['phoneNumber'];
        const callerIds = [ext.directNumber, sim.account.mainNumber];
        const callerId = callerIdValue === undefined ? ext.directNumber : normalizeNumber(callerIdValue);
        if (!callerId || !callerIds.includes(callerId)) {
          if (!specific) return badParameter('callerId.phoneNumber', "Caller ID must be one of the extension's numbers");
          // The user's own phone (a mobile) is theirs but not a company number: RNG-102; anything else TEL-107.
          const ownPhone = callerId !== null && ext.forwardingNumbers.some((f) => f.phoneNumber === callerId);
          return ownPhone ? refusals.callerIdNotCompanyNumber() : refusals.callerIdNotAllowed(callerId ?? String(callerIdValue));
        }
        if (body['playPrompt'] !== undefined && typeof body['playPrompt'] !== 'boolean') return badParameter('playPrompt');
        if (specific) {
          if (ringMeAt === BLOCKED_RING_ME_AT) return refusals.fromBlocked(ringMeAt);
          const refused = REFUSED_DEMO_NUMBERS[to];
          if (refused) return refused.refuse(to);
        }
        const call = sim.startCall({
          accountId: sim.account.id,
          extensionId: ext.id,
          userName: ext.name,
          ringMeAt,
          to,
          callerId,
          playPrompt: body['playPrompt'] === true,
          scenario: scenarioFor(sim.scenarios, to),
          flavour: 'Client',
        });
        return { status: 200, body: statusBody(call) };
      }),
    },
    {
      // There is no list of RingOut calls: a GET without an id is the same 404.
      method: 'GET',
      path: base,
      operationId: 'readRingOutCallStatus',
      group: 'Light',
      auth: 'bearer',
      handle: () => notFound('ringOutId'),
    },
    {
      method: 'GET',
      path: `${base}/{ringoutId}`,
      operationId: 'readRingOutCallStatus',
      group: 'Light',
      auth: 'bearer',
      handle: withExtension(sim, ({ params }, ext) => {
        const call = sim.liveCall(params['ringoutId']!, ext.id);
        return call ? { status: 200, body: statusBody(call) } : notFound('ringOutId');
      }),
    },
    {
      method: 'DELETE',
      path: `${base}/{ringoutId}`,
      operationId: 'deleteRingOutCall',
      group: 'Heavy',
      auth: 'bearer',
      handle: withExtension(sim, ({ params }, ext) => {
        const call = sim.liveCall(params['ringoutId']!, ext.id);
        if (!call) return notFound('ringOutId');
        // 'ignored': your phone's leg is up, so the live service answers 204 and the call goes on (REALITY 4).
        if (call.cancel() === 'finished') return apiError(400, 'RNG-101', 'RingOut call cannot be cancelled once it is finished');
        return { status: 204 };
      }),
    },
  ];
}
