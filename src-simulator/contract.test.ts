/**
 * Contract: every answer the simulator gives during a broad session (sign-in, every scenario,
 * call-log queries, sync, Call Control, push, and each error it can produce) is validated
 * against spec/ringcentral/openapi-subset.yml with ajv, formats included (uri, date-time,
 * email, int32, ...), with the live service's habits on (the default). Every pushed event is
 * validated against its notification schema. Statuses the spec does not describe (401, 404 on
 * RingOut, 429, and statuses listed with an empty `content`) are checked against API.md's error
 * shape and examples.
 */
import { Subscriptions } from '@ringcentral/subscriptions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExample } from '../test-support/spec-files';
import { SpecValidator } from '../test-support/spec-validator';
import { apiFailure, callLogSettled, jsonOf, sdkFor, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { DEMO_APP, RINGSIDE_REDIRECT_URI } from './account/demo-account';
import type { SimRequest, SimResponse } from './http/types';
import type { Simulator } from './simulator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Exchange {
  req: SimRequest;
  operationId: string | null;
  response: SimResponse;
}

const exchanges: Exchange[] = [];
const pushed: Array<{ event: string; body: Json }> = [];
let sim: Simulator;
const spec = new SpecValidator();

beforeAll(async () => {
  const app = { ...DEMO_APP, jwts: { ...DEMO_APP.jwts, 'sam-jwt': 400162076010 } };
  const started = await signedInSimulator({ seedHistory: 300, autoApprove: true, statusExpirySeconds: 5, callLogDelaySeconds: 2, lateChangeSeconds: 1, app });
  sim = started.sim;
  // Answers, not rate limits, are under test until the 429 is provoked below.
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  sim.observers.push((exchange) => exchanges.push(exchange));
  const { platform, sdk } = started;
  const ext = '/restapi/v1.0/account/~/extension/~';

  // Sign-in flows and account reads
  const pkce = sdkFor(sim, { clientSecret: '', redirectUri: RINGSIDE_REDIRECT_URI });
  const redirect = await fetch(pkce.platform().loginUrl({ usePKCE: true }), { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  await pkce.platform().login({ code, redirect_uri: RINGSIDE_REDIRECT_URI });
  await apiFailure(sdkFor(sim).platform().login({ jwt: 'wrong' }));
  await fetch(sdkFor(sim, { clientSecret: '', redirectUri: 'http://127.0.0.1:9/callback' }).platform().loginUrl({ usePKCE: true }), { redirect: 'manual' });
  await platform.get(ext);
  await platform.get(`${ext}/phone-number`);
  await platform.get(`${ext}/forwarding-number`);
  await platform.get(`${ext}/caller-id`);

  // Names: personal contacts (a second page, a phone filter) and the company directory
  await platform.get(`${ext}/address-book/contact`, { perPage: 5, page: 2 });
  await platform.get(`${ext}/address-book/contact`, { phoneNumber: '+12125550101' });
  await platform.get(`${ext}/address-book-sync`, { syncType: 'FSync', perPage: 5 });
  await platform.get('/restapi/v1.0/account/~/directory/entries', { perPage: 2, page: 1 });
  await platform.get('/restapi/v1.0/account/~/directory/entries', { type: 'Department' });
  await apiFailure(platform.get('/restapi/v1.0/account/~/directory/entries', { perPage: 0 }));

  // Push, then one RingOut per demo number
  const subscriptions = new Subscriptions({ sdk });
  const subscription = subscriptions.createSubscription().setEventFilters([`${ext}/telephony/sessions`]);
  subscription.on(subscription.events.notification, (event: Json) => pushed.push(event));
  const ws = await subscription.register();
  const admin = new Subscriptions({ sdk }).createSubscription().setEventFilters(['/restapi/v1.0/account/~/telephony/sessions']);
  admin.on(admin.events.notification, (event: Json) => pushed.push(event));
  const adminWs = await admin.register();
  const ids: string[] = [];
  for (const to of Object.keys(sim.scenarios.numbers)) {
    const created = await jsonOf(platform.post(`${ext}/ring-out`, { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: to }, playPrompt: true }));
    ids.push(created.id);
  }
  const first = [...sim.calls.values()][0]!;
  // Active calls (REALITY 28): asked while calls are in progress, with parameters it ignores.
  await waitFor(() => [...sim.calls.values()].some((c) => c.answeredAt !== null && Date.now() - c.answeredAt > 250), {
    what: 'a call in progress on your phone',
  });
  await platform.get(`${ext}/active-calls`, { view: 'Detailed', direction: 'Inbound' });
  await platform.get(`/restapi/v1.0/account/~/telephony/sessions/${first.telephonySessionId}`);
  const long = await jsonOf(platform.post(`${ext}/ring-out`, { from: { phoneNumber: '+16505550197' }, to: { phoneNumber: '+12125550108' } }));
  await waitFor(() => sim.calls.get(long.id)!.connected, { timeoutMs: 5000, what: 'the long call to connect' });
  await platform.delete(`${ext}/ring-out/${long.id}`);
  await platform.delete(`/restapi/v1.0/account/~/telephony/sessions/${sim.calls.get(long.id)!.telephonySessionId}`);
  await apiFailure(platform.delete('/restapi/v1.0/account/~/telephony/sessions/s-unknown'));
  await platform.get(`${ext}/ring-out/${ids[0]}`);
  await waitFor(() => [...sim.calls.values()].every((c) => c.endedAt !== null), { timeoutMs: 15_000, what: 'every call to end' });
  await platform.delete(`${ext}/ring-out/${ids[1]}`).catch(() => undefined);
  // Records appear, then get their late changes (REALITY 14).
  await waitFor(() => callLogSettled(sim), { what: 'every record shown with its late change' });

  // Call log in every shape, sync, and single records
  const dateFrom = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const list = await jsonOf(platform.get(`${ext}/call-log`, { view: 'Detailed', dateFrom, perPage: 50 }));
  await platform.get(`${ext}/call-log`, { view: 'Simple', type: 'Voice', direction: ['Outbound', 'Inbound'], page: 2, perPage: 20, dateFrom });
  await platform.get('/restapi/v1.0/account/~/call-log', { view: 'Detailed', perPage: 'max', dateFrom });
  await platform.get(`${ext}/call-log/${list.records[0].id}`, { view: 'Detailed' });
  await platform.get(`/restapi/v1.0/account/~/call-log/${list.records[1].id}`);
  const fsync = await jsonOf(platform.get(`${ext}/call-log-sync`, { syncType: 'FSync', recordCount: 25, view: 'Detailed' }));
  // Enough incremental syncs that one is answered as a full sync.
  for (let i = 0; i < sim.realism.forcedFSyncEvery; i++) await platform.get(`${ext}/call-log-sync`, { syncType: 'ISync', syncToken: fsync.syncInfo.syncToken });
  // A deleted record on an ISync that asks for them; a token the call log's reset expired (REALITY 26).
  sim.callLog.delete(list.records[2].id);
  await platform.get(`${ext}/call-log-sync`, { syncType: 'ISync', syncToken: fsync.syncInfo.syncToken, showDeleted: true, view: 'Detailed' });
  sim.resetCallLogSync();
  await apiFailure(platform.get(`${ext}/call-log-sync`, { syncType: 'ISync', syncToken: fsync.syncInfo.syncToken }));
  await apiFailure(platform.get(`${ext}/call-log`, { perPage: 0 }));
  await apiFailure(platform.get(`${ext}/call-log/nope`));
  await apiFailure(platform.get(`${ext}/ring-out/${ids[0]}x`));

  // Subscriptions over plain HTTP
  await apiFailure(platform.post('/restapi/v1.0/subscription', { eventFilters: [`${ext}/telephony/sessions`], deliveryMode: { transportType: 'WebSocket' } }));
  await apiFailure(platform.get('/restapi/v1.0/subscription/unknown'));
  // A colleague who is not an admin may not subscribe to the account-level filter (REALITY 7).
  const sam = sdkFor(sim);
  await sam.platform().login({ jwt: 'sam-jwt' });
  await new Subscriptions({ sdk: sam })
    .createSubscription()
    .setEventFilters(['/restapi/v1.0/account/~/telephony/sessions'])
    .register()
    .catch(() => undefined);
  // Nor read the company's call log or its sync: 403 CMN-408 naming the permission (team mode, issue 29).
  await apiFailure(sam.platform().get('/restapi/v1.0/account/~/call-log', { dateFrom }));
  await apiFailure(sam.platform().get('/restapi/v1.0/account/~/call-log-sync', { syncType: 'FSync', recordCount: 5 }));

  // Errors: 401, 503, 429
  await fetch(`${sim.url}${ext.replaceAll('~', String(sim.account.id))}`);
  sim.setFaults({ serviceUnavailable: { remaining: 1, retryAfterSeconds: 5 } });
  await apiFailure(platform.get(`${ext}/call-log`));
  sim.rateLimiter.reset(); // the real limits again, to be exceeded on purpose
  for (let i = 0; i < 12; i++) await platform.get(`${ext}/call-log`).catch(() => undefined);

  // Update and renew over the WebSocket, as a client keeping its subscription would
  const wse = (ws as unknown as { wse: { request(method: string, path: string, body?: unknown): Promise<unknown>; revoke(): Promise<void> } }).wse;
  await ws.refresh();
  await wse.request('POST', `/restapi/v1.0/subscription/${ws.subscriptionInfo!.id}/renew`);
  await platform.get(`/restapi/v1.0/subscription/${ws.subscriptionInfo!.id}`);
  sim.rateLimiter.reset();
  const companySync = await jsonOf(platform.get('/restapi/v1.0/account/~/call-log-sync', { syncType: 'FSync', recordCount: 5 }));
  await platform.get('/restapi/v1.0/account/~/call-log-sync', { syncType: 'ISync', syncToken: companySync.syncInfo.syncToken, view: 'Detailed' });
  await ws.revoke();
  await adminWs.revoke();
  await wse.revoke();
  await pkce.platform().logout();
}, 60_000);

afterAll(async () => {
  await sim?.close();
});

function normalizedHeaders(response: SimResponse): Record<string, string> {
  return Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('simulator contract', () => {
  it('covered every operation in the spec subset', () => {
    const seen = new Set(exchanges.map((e) => e.operationId));
    const notExercised = sim
      .routes()
      .map((r) => r.operationId)
      .filter((id) => !seen.has(id));
    expect(notExercised).toEqual([]);
  });

  it('answers every documented status with a body the spec accepts, formats included', () => {
    let validated = 0;
    const failures: string[] = [];
    for (const { req, operationId, response } of exchanges) {
      if (!operationId) continue;
      const documented = spec.response(operationId, response.status);
      if (!documented?.content) continue;
      validated++;
      if (!documented.json) {
        if (response.body !== undefined) failures.push(`${req.method} ${req.path} ${response.status}: JSON body where the spec has another type`);
        continue;
      }
      const errors = spec.errors(documented.pointer, response.body);
      if (errors.length) failures.push(`${req.method} ${req.path} ${response.status}: ${errors.slice(0, 3).join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(validated).toBeGreaterThan(40);
  });

  it('pushes events the notification schemas accept, formats included, on both filters', () => {
    const failures: string[] = [];
    const accountLevel = pushed.filter((e) => /\/account\/\d+\/telephony\/sessions$/.test(e.event));
    const extensionLevel = pushed.filter((e) => /\/extension\/\d+\/telephony\/sessions$/.test(e.event));
    for (const event of accountLevel) failures.push(...spec.errors('/components/schemas/AccountTelephonySessionsEvent', event));
    for (const event of extensionLevel) failures.push(...spec.errors('/components/schemas/ExtensionTelephonySessionsEvent', event));
    expect(failures).toEqual([]);
    expect(extensionLevel.length).toBeGreaterThan(20);
    expect(accountLevel.some((e) => e.body.parties[0].ringOutRole === 'Target')).toBe(true);
    expect(extensionLevel.some((e) => e.body.parties[0].ringOutRole === 'Target')).toBe(false);
  });

  it('uses a validator that really rejects a wrong body, a wrong format included', () => {
    const record = { ...readExample<Record<string, unknown>>('call-log-ringout-two-legs.json'), direction: 'Sideways' };
    const page = { records: [record], navigation: {}, paging: { perPage: 1 } };
    const callLog = spec.response('readUserCallLog', 200)!.pointer;
    expect(spec.errors(callLog, page).length).toBeGreaterThan(0);
    expect(spec.errors(callLog, { ...page, records: [readExample('call-log-ringout-two-legs.json')] })).toEqual([]);
    const badDate = { ...readExample<Record<string, unknown>>('call-log-ringout-two-legs.json'), startTime: 'yesterday' };
    expect(spec.errors(callLog, { ...page, records: [badDate] }).join()).toMatch(/date-time/);
    const numbers = spec.response('listExtensionPhoneNumbers', 200)!.pointer;
    expect(spec.errors(numbers, { records: [], navigation: { firstPage: { uri: '' } }, paging: {} }).join()).toMatch(/uri/);
  });

  it("answers statuses the spec leaves out (or lists without content) with RingCentral's error shape and examples", () => {
    const undescribed = exchanges.filter((e) => e.operationId && !spec.response(e.operationId, e.response.status)?.content);
    const errors = undescribed.filter((e) => e.response.status >= 400);
    expect(new Set(errors.map((e) => e.response.status))).toEqual(new Set([401, 404, 429]));
    for (const { response } of errors) {
      expect(response.body).toMatchObject({
        errorCode: expect.any(String),
        message: expect.any(String),
        errors: [expect.objectContaining({ errorCode: expect.any(String), message: expect.any(String) })],
      });
    }
    for (const { response } of undescribed.filter((e) => e.response.status < 400)) expect(response.body).toBeUndefined();
    const notFound = errors.find((e) => e.operationId === 'readRingOutCallStatus' && e.response.status === 404)!;
    expect(notFound.response.body).toEqual(readExample('ringout-status-expired-404.json'));
    const limited = errors.find((e) => e.response.status === 429)!;
    expect(limited.response.body).toEqual(readExample('rate-limited-429.json'));
    expect(Number(normalizedHeaders(limited.response)['retry-after'])).toBeGreaterThan(0);
  });

  it('puts the X-Rate-Limit headers on every API answer, the group in lowercase as the service does', () => {
    for (const { operationId, response } of exchanges) {
      if (!operationId) continue;
      const headers = normalizedHeaders(response);
      expect(headers['x-rate-limit-group'], `${operationId} ${response.status}`).toMatch(/^(light|medium|heavy|auth)$/);
      expect(Number(headers['x-rate-limit-limit'])).toBeGreaterThan(0);
      expect(Number(headers['x-rate-limit-remaining'])).toBeGreaterThanOrEqual(0);
      expect(Number(headers['x-rate-limit-window'])).toBeGreaterThan(0);
    }
  });

  it('uses the throttling group the spec gives each operation', () => {
    for (const route of sim.routes()) {
      const operation = spec.operation(route.operationId)!.op as { 'x-throttling-group'?: string };
      expect(route.group, route.operationId).toBe(operation['x-throttling-group']);
    }
  });
});
