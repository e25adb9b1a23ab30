import type { SimContext } from '../context';
import type { Route } from '../http/router';
import type { RingOutCall } from '../ringout/ringout-call';
import { withExtension } from './with-extension';

/** How far behind the live calls the list is, in simulated ms (REALITY 28: 3 to 10 s). */
const LAG_MIN_MS = 3000;
const LAG_SPREAD_MS = 7000;
/** How long an ended call stays listed (simulated ms, REALITY 28: about 2 minutes). */
const LINGER_MS = 120_000;

/**
 * GET active-calls (listExtensionActiveCalls): the user's calls in progress as call-log
 * records with `result: In Progress`. On the live service (REALITY 28) the list is 3-10 s
 * behind, keeps an ended call for about 2 minutes, never lists a call whose first phone is
 * still ringing, and ignores every query parameter but paging.
 */
export function activeCallsRoutes(sim: SimContext): Route[] {
  const lagOf = new WeakMap<RingOutCall, number>();
  const lag = (call: RingOutCall) => {
    if (!sim.realism.activeCallsLag) return 0;
    let value = lagOf.get(call);
    if (value === undefined) {
      value = LAG_MIN_MS + Math.floor(Math.random() * LAG_SPREAD_MS);
      lagOf.set(call, value);
    }
    return sim.clock.realMs(value);
  };
  const listed = (call: RingOutCall, extensionId: number, now: number) => {
    if (call.init.extensionId !== extensionId || call.answeredAt === null) return false;
    if (now < call.answeredAt + lag(call)) return false;
    if (call.endedAt === null) return true;
    const linger = sim.realism.activeCallsLag ? sim.clock.realMs(LINGER_MS) : 0;
    return now < call.endedAt + lag(call) + linger;
  };
  const record = (call: RingOutCall) => {
    const base = `${sim.url}/restapi/v1.0/account/${call.init.accountId}/extension/${call.init.extensionId}`;
    const id = `AC${call.sessionId}`;
    return {
      uri: `${base}/call-log/${id}?view=Simple`,
      id,
      sessionId: call.sessionId,
      telephonySessionId: call.telephonySessionId,
      startTime: new Date(call.startedAt).toISOString(),
      type: 'Voice',
      direction: 'Outbound',
      action: 'RingOut PC',
      result: 'In Progress',
      to: call.init.scenario.calleeName ? { phoneNumber: call.init.to, name: call.init.scenario.calleeName } : { phoneNumber: call.init.to },
      from: { name: call.init.userName },
    };
  };
  return [
    {
      method: 'GET',
      path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/active-calls',
      operationId: 'listExtensionActiveCalls',
      group: 'Heavy',
      auth: 'bearer',
      handle: withExtension(sim, ({ req }, ext) => {
        const now = sim.clock.now();
        const all = [...sim.calls.values()]
          .filter((call) => listed(call, ext.id, now))
          .sort((a, b) => b.startedAt - a.startedAt)
          .map(record);
        const page = Math.max(1, Number.parseInt(req.query.get('page') ?? '1', 10) || 1);
        const perPage = Math.min(1000, Math.max(1, Number.parseInt(req.query.get('perPage') ?? '100', 10) || 100));
        const records = all.slice((page - 1) * perPage, page * perPage);
        const uri = (n: number) => ({ uri: `${sim.url}${req.path}?page=${n}&perPage=${perPage}` });
        const lastPage = Math.max(1, Math.ceil(all.length / perPage));
        const navigation: Record<string, { uri: string }> = { firstPage: uri(1), lastPage: uri(lastPage) };
        if (page < lastPage) navigation['nextPage'] = uri(page + 1);
        const paging: Record<string, number> = { page, perPage };
        if (records.length > 0) Object.assign(paging, { pageStart: (page - 1) * perPage, pageEnd: (page - 1) * perPage + records.length - 1 });
        return { status: 200, body: { uri: uri(page).uri, records, paging, navigation } };
      }),
    },
  ];
}
