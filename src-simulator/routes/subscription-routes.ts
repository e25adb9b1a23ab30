import { apiError, badParameter, notFound } from '../http/errors';
import type { Route } from '../http/router';
import { callSessionObject } from '../push/telephony-events';
import type { SimContext } from '../context';
import { SUBSCRIPTIONS_PER_USER_AND_APP } from '../push/subscriptions';

/** The app scope WebSocket subscriptions need (REALITY 22: without it, SUB-528). */
export const WEBSOCKET_SCOPE = 'WebSocketSubscription';

function eventFiltersOf(body: unknown): string[] | null {
  const filters = (body as { eventFilters?: unknown } | null)?.eventFilters;
  if (!Array.isArray(filters) || filters.length === 0 || !filters.every((f) => typeof f === 'string' && f.length > 0)) return null;
  return filters as string[];
}

function expiresInOf(body: unknown): number | undefined {
  const value = (body as { expiresIn?: unknown } | null)?.expiresIn;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** Account-level telephony events need an admin (REALITY 7); a plain user may not subscribe to them. */
function forbiddenFilter(sim: SimContext, filters: string[], extensionId: number): string | undefined {
  if (sim.extension(extensionId)?.admin) return undefined;
  const accountLevel = new RegExp(`^/restapi/v1\\.0/account/(~|${sim.account.id})/telephony/sessions(\\?.*)?$`);
  return filters.find((f) => accountLevel.test(f));
}

export function subscriptionRoutes(sim: SimContext): Route[] {
  const own = (id: string, extensionId: number) => {
    const subscription = sim.subscriptions.get(id);
    return subscription && subscription.extensionId === extensionId ? subscription : null;
  };
  return [
    {
      method: 'POST',
      path: '/restapi/v1.0/subscription',
      operationId: 'createSubscription',
      group: 'Medium',
      auth: 'bearer',
      handle: ({ req, session }) => {
        const filters = eventFiltersOf(req.body);
        if (!filters) return badParameter('eventFilters');
        const transport = (req.body as { deliveryMode?: { transportType?: unknown } }).deliveryMode?.transportType;
        if (transport !== 'WebSocket') {
          return apiError(400, 'SUB-521', 'Only WebSocket delivery is available in the simulator', 'deliveryMode.transportType');
        }
        if (!req.wsSession) {
          return apiError(400, 'SUB-522', 'WebSocket subscriptions must be created over the WebSocket connection', 'deliveryMode.transportType');
        }
        if (sim.app.scopes && !sim.app.scopes.includes(WEBSOCKET_SCOPE)) {
          return apiError(403, 'SUB-528', `In order to subscribe, the application needs to have [${WEBSOCKET_SCOPE}] scope`);
        }
        const forbidden = forbiddenFilter(sim, filters, session!.extensionId);
        if (forbidden) return apiError(403, 'CMN-408', `In order to subscribe to [${forbidden}], user needs to have [ReadCompanyCallLog] admin permission`);
        if (sim.realism.strictWebSocket) {
          // One subscription per connection: a new one replaces the one made before on it (REALITY 22).
          for (const earlier of sim.subscriptions.ofSession(req.wsSession.id)) sim.subscriptions.delete(earlier.id);
          if (sim.subscriptions.countFor(session!.extensionId, session!.clientId) >= SUBSCRIPTIONS_PER_USER_AND_APP) {
            return apiError(403, 'SUB-505', `The maximum number of subscriptions (${SUBSCRIPTIONS_PER_USER_AND_APP}) for this user and application is reached`);
          }
        }
        const subscription = sim.subscriptions.create({
          accountId: sim.account.id,
          extensionId: session!.extensionId,
          eventFilters: filters,
          transportType: 'WebSocket',
          wsSessionId: req.wsSession.id,
          clientId: session!.clientId,
          expiresIn: expiresInOf(req.body),
        });
        return { status: 200, body: sim.subscriptions.info(subscription, sim.url) };
      },
    },
    {
      method: 'GET',
      path: '/restapi/v1.0/subscription/{subscriptionId}',
      operationId: 'readSubscription',
      group: 'Light',
      auth: 'bearer',
      handle: ({ params, session }) => {
        const subscription = own(params['subscriptionId']!, session!.extensionId);
        return subscription ? { status: 200, body: sim.subscriptions.info(subscription, sim.url) } : notFound('subscriptionId');
      },
    },
    {
      method: 'PUT',
      path: '/restapi/v1.0/subscription/{subscriptionId}',
      operationId: 'updateSubscription',
      group: 'Medium',
      auth: 'bearer',
      handle: ({ req, params, session }) => {
        const filters = eventFiltersOf(req.body);
        if (!filters) return badParameter('eventFilters');
        if (!own(params['subscriptionId']!, session!.extensionId)) return notFound('subscriptionId');
        const forbidden = forbiddenFilter(sim, filters, session!.extensionId);
        if (forbidden) return apiError(403, 'CMN-408', `In order to subscribe to [${forbidden}], user needs to have [ReadCompanyCallLog] admin permission`);
        const updated = sim.subscriptions.update(params['subscriptionId']!, filters, expiresInOf(req.body))!;
        return { status: 200, body: sim.subscriptions.info(updated, sim.url) };
      },
    },
    {
      method: 'DELETE',
      path: '/restapi/v1.0/subscription/{subscriptionId}',
      operationId: 'deleteSubscription',
      group: 'Medium',
      auth: 'bearer',
      handle: ({ params, session }) => {
        if (!own(params['subscriptionId']!, session!.extensionId)) return notFound('subscriptionId');
        sim.subscriptions.delete(params['subscriptionId']!);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/restapi/v1.0/subscription/{subscriptionId}/renew',
      operationId: 'renewSubscription',
      group: 'Light',
      auth: 'bearer',
      handle: ({ params, session }) => {
        if (!own(params['subscriptionId']!, session!.extensionId)) return notFound('subscriptionId');
        const renewed = sim.subscriptions.renew(params['subscriptionId']!)!;
        return { status: 200, body: sim.subscriptions.info(renewed, sim.url) };
      },
    },
    {
      method: 'GET',
      path: '/restapi/v1.0/account/{accountId}/telephony/sessions/{telephonySessionId}',
      operationId: 'readCallSessionStatus',
      group: 'Light',
      auth: 'bearer',
      handle: ({ params, session }) => {
        const resolved = sim.resolvePath({ accountId: params['accountId']! }, session!);
        if ('error' in resolved) return resolved.error;
        const call = [...sim.calls.values()].find((c) => c.telephonySessionId === params['telephonySessionId']);
        const live = call ? sim.liveCall(call.id, call.init.extensionId) : null;
        return live ? { status: 200, body: callSessionObject(live, sim.realism.realPartyShape) } : notFound('telephonySessionId');
      },
    },
    {
      // Call Control: the way to end a call once DELETE ring-out no longer does (REALITY 4).
      method: 'DELETE',
      path: '/restapi/v1.0/account/{accountId}/telephony/sessions/{telephonySessionId}',
      operationId: 'deleteCallSession',
      group: 'Light',
      auth: 'bearer',
      handle: ({ params, session }) => {
        const resolved = sim.resolvePath({ accountId: params['accountId']! }, session!);
        if ('error' in resolved) return resolved.error;
        const call = [...sim.calls.values()].find((c) => c.telephonySessionId === params['telephonySessionId'] && c.endedAt === null);
        if (!call) return notFound('telephonySessionId');
        if (call.init.extensionId !== session!.extensionId && !resolved.extension.admin) {
          return apiError(403, 'CMN-408', 'In order to call this API endpoint, user needs to have [CallControl] permission for requested resource.');
        }
        call.drop();
        return { status: 204 };
      },
    },
  ];
}
