/**
 * One test per habit of the live service (spec/ringcentral/REALITY.md), each switch tested both
 * ways, with RingCentral's own `@ringcentral/sdk` and `@ringcentral/subscriptions` as clients
 * wherever the habit is visible to a client. Habits 10-16 (rate limits, the call log) and
 * Answered Not Accepted are in reality-calllog.test.ts.
 */
import { Subscriptions } from '@ringcentral/subscriptions';
import type { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/fake-clock';
import { apiFailure, jsonOf, sdkFor, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { DEMO_APP, RINGSIDE_REDIRECT_URI } from './account/demo-account';
import { REALISTIC, type Realism } from './realism';
import type { Simulator, SimulatorOptions } from './simulator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let sim: Simulator | undefined;
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await sim?.close();
  sim = undefined;
});

const EXT = '/restapi/v1.0/account/~/extension/~';
const MOBILE = '+16505550198';
const SAM_JWT = 'sam-jwt';
const app = { ...DEMO_APP, jwts: { ...DEMO_APP.jwts, [SAM_JWT]: 400162076010 } };

async function start(options: SimulatorOptions = {}) {
  const started = await signedInSimulator({ app, ...options });
  sim = started.sim;
  // Habits, not rate limits, are under test here (REALITY 10-11 have their own tests).
  if (!options.realism || !('lowercaseRateLimitGroup' in options.realism))
    sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  return started;
}

const only = (patch: Partial<Realism>): { realism: Partial<Realism> } => ({ realism: patch });

async function subscribe(sdk: SDK, filter: string) {
  const subscriptions = new Subscriptions({ sdk });
  const subscription = subscriptions.createSubscription();
  const events: Json[] = [];
  subscription.on(subscription.events.notification, (event: Json) => events.push(event));
  subscription.setEventFilters([filter]);
  // Every WebSocket the library opened is closed, even when registering failed, so none reconnects later.
  stops.push(async () => {
    const installed = (subscriptions as unknown as { rc: { sdkExtensions: Array<{ revoke?(): Promise<void> }> } }).rc.sdkExtensions;
    for (const extension of installed) await extension.revoke?.().catch(() => undefined);
  });
  const ws = await subscription.register();
  stops.unshift(() => ws.revoke().catch(() => undefined));
  return events;
}

const roles = (events: Json[]) => events.map((e) => `${e.body.parties[0].ringOutRole}:${e.body.parties[0].status.code}`);

async function place(sdk: SDK, to: string, extra: Record<string, unknown> = {}): Promise<Json> {
  return jsonOf(sdk.platform().post(`${EXT}/ring-out`, { from: { phoneNumber: MOBILE }, to: { phoneNumber: to }, ...extra }));
}

const authorize = (s: Simulator, redirectUri: string) =>
  fetch(
    `${s.url}/restapi/oauth/authorize?${new URLSearchParams({ client_id: s.app.clientId, response_type: 'code', redirect_uri: redirectUri, decision: 'approve' })}`,
    { redirect: 'manual' },
  );

describe('REALITY 1: redirect URIs must match a registered one exactly', () => {
  it('on: refuses any other URI with OAU-109 and never issues a code; extra URIs can be registered', async () => {
    await start({ redirectUris: ['http://localhost:40000/done'] });
    expect(sim!.app.redirectUris).toEqual([RINGSIDE_REDIRECT_URI, 'http://localhost:40000/done']);
    for (const uri of [
      'http://127.0.0.1:37220/callback',
      'http://localhost:37219/callback',
      'http://127.0.0.1:37219/callback/',
      'https://127.0.0.1:37219/callback',
    ]) {
      const answer = await authorize(sim!, uri);
      expect(answer.status, uri).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
      expect(await answer.json()).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-109', message: 'Redirect URIs do not match' }] });
    }
    expect((await authorize(sim!, 'http://localhost:40000/done')).status).toBe(302);
    // A code issued to the registered URI cannot be exchanged with another one.
    const pkce = sdkFor(sim!, { clientSecret: '', redirectUri: RINGSIDE_REDIRECT_URI });
    const redirect = await fetch(pkce.platform().loginUrl({ usePKCE: true }) + '&decision=approve', { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
    const failure = await apiFailure(pkce.platform().login({ code, redirect_uri: 'http://127.0.0.1:1/callback' }));
    expect(failure.body).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-109' }] });
  });

  it('on: an app with no redirect URI registered gets OAU-113', async () => {
    await start({ app: { ...app, redirectUris: [] } });
    expect(await jsonOf(authorize(sim!, RINGSIDE_REDIRECT_URI))).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-113' }] });
  });

  it('off: any loopback URI is accepted', async () => {
    await start(only({ registeredRedirectUris: false }));
    expect((await authorize(sim!, 'http://127.0.0.1:37220/callback')).status).toBe(302);
  });
});

describe('REALITY 2: at most 5 live sessions per user per app', () => {
  async function signInSixTimes() {
    const sdks: SDK[] = [];
    for (let i = 0; i < 6; i++) {
      const sdk = sdkFor(sim!);
      await sdk.platform().login({ jwt: 'ringside-demo-jwt' });
      sdks.push(sdk);
    }
    return sdks;
  }

  it('on: the sixth sign-in ends the oldest; its token gets 401 and its refresh invalid_grant', async () => {
    const { sdk: first } = await start();
    const [, ...rest] = await signInSixTimes();
    // signedInSimulator's own sign-in was the first; now the second-oldest is gone too.
    expect(sim!.tokens.liveSessions(app.clientId, 400162076009)).toBe(5);
    const refreshToken = (await first.platform().auth().data()).refresh_token!;
    const token = (await first.platform().auth().data()).access_token!;
    expect((await fetch(`${sim!.url}${EXT}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const refresh = await fetch(`${sim!.url}/restapi/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: first.platform().basicAuthHeader() },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await rest.at(-1)!.platform().get(EXT)).status).toBe(200);
    // Another user of the same app is counted on their own.
    const sam = sdkFor(sim!);
    await sam.platform().login({ jwt: SAM_JWT });
    expect((await rest[1]!.platform().get(EXT)).status).toBe(200);
  });

  it('off: every session stays alive', async () => {
    const { sdk: first } = await start(only({ sessionLimit: false }));
    await signInSixTimes();
    expect((await first.platform().get(EXT)).status).toBe(200);
  });
});

describe('REALITY 3: refresh tokens are single-use', () => {
  async function refreshTwice(options: SimulatorOptions) {
    const clock = new FakeClock(Date.now());
    const { platform } = await start({ ...options, clock });
    const before = (await platform.auth().data()).refresh_token!;
    await platform.refresh();
    await platform.get(EXT); // the new access token used: the 10 s grace runs from here (REALITY 3; unused, it lasts 60 min)
    const again = () =>
      fetch(`${sim!.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: platform.basicAuthHeader() },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: before }),
      });
    const inGrace = await again();
    await clock.advance(sim!.clock.realMs(11_000));
    return { inGrace, late: await again(), current: (await platform.auth().data()).refresh_token! };
  }
  it('on: the old token answers the same within ~10 s, then invalid_grant', async () => {
    const { inGrace, late, current } = await refreshTwice({});
    expect(await inGrace.json()).toMatchObject({ refresh_token: current });
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('off: the old token can be used again', async () => {
    const { late } = await refreshTwice(only({ singleUseRefreshTokens: false }));
    expect(late.status).toBe(200);
  });
});

describe('REALITY 4: cancel ends the call only before your phone answers', () => {
  const longCall = '+12125550108';

  it('on: DELETE ring-out after your phone answered says 204 and the call goes on; Call Control ends it', async () => {
    // Simulated time moves only when the test says: "before your phone answers" is not a race with a sped-up clock.
    const clock = new FakeClock(Date.now());
    const { sdk } = await start({ clock });
    const step = { stepMs: sim!.clock.realMs(100) };
    const early = await place(sdk, longCall);
    expect((await sdk.platform().delete(`${EXT}/ring-out/${early.id}`)).status).toBe(204);
    expect(sim!.calls.get(early.id)!.endedAt).not.toBeNull();

    const created = await place(sdk, longCall);
    const call = sim!.calls.get(created.id)!;
    await clock.advanceUntil(() => call.status.callerStatus === 'Success', { ...step, what: 'your phone to answer' });
    expect((await sdk.platform().delete(`${EXT}/ring-out/${created.id}`)).status).toBe(204);
    await clock.advanceUntil(async () => (await jsonOf(sdk.platform().get(`${EXT}/ring-out/${created.id}`))).status.calleeStatus === 'Success', {
      ...step,
      what: 'the call to go on and connect',
    });
    expect(call.endedAt).toBeNull();
    // A call connected for under half a second is never logged (REALITY 27): let them talk first.
    await clock.advanceUntil(() => call.talkSimMs >= 1000, { ...step, what: 'a second of conversation' });
    expect((await sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}`)).status).toBe(204);
    expect(call.endedAt).not.toBeNull();
    const record = await clock.advanceUntil(
      async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { telephonySessionId: call.telephonySessionId }))).records[0],
      { stepMs: sim!.clock.realMs(1000), what: 'the record' },
    );
    expect(record.result).toBe('Call connected');
    expect((await apiFailure(sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}`))).status).toBe(404);
  });

  it('off: DELETE ring-out ends the call at any stage', async () => {
    const clock = new FakeClock(Date.now());
    const { sdk } = await start({ clock, ...only({ cancelOnlyBeforeAnswer: false }) });
    const created = await place(sdk, longCall);
    const call = sim!.calls.get(created.id)!;
    await clock.advanceUntil(() => call.connected, { stepMs: sim!.clock.realMs(100), what: 'the call to connect' });
    expect((await sdk.platform().delete(`${EXT}/ring-out/${created.id}`)).status).toBe(204);
    expect(call.endedAt).not.toBeNull();
  });
});

describe('REALITY 5 and 6: legacy RingOut ids and status spellings', () => {
  it('on (legacy account): a numeric id, a uri that does not end in it, and NoSuchUser', async () => {
    const { sdk } = await start(only({ legacyRingOut: true }));
    const created = await place(sdk, '+12125550109');
    expect(typeof created.id).toBe('number');
    expect(created.uri.endsWith(`/${created.id}`)).toBe(false);
    const status = await waitFor(
      async () => {
        const s = (await jsonOf(sdk.platform().get(`${EXT}/ring-out/${String(created.id)}`))).status;
        return s.calleeStatus !== 'InProgress' ? s : null;
      },
      { what: 'the callee status' },
    );
    expect(status).toEqual({ callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'NoSuchUser' });
  });

  it('off (default): an opaque string id, its uri, and the spec spelling NosuchUser', async () => {
    expect(REALISTIC.legacyRingOut).toBe(false);
    const { sdk } = await start();
    const created = await place(sdk, '+12125550109');
    expect(typeof created.id).toBe('string');
    expect(created.uri.endsWith(`/${created.id}`)).toBe(true);
    const status = await waitFor(
      async () => {
        const s = (await jsonOf(sdk.platform().get(`${EXT}/ring-out/${created.id}`))).status;
        return s.calleeStatus !== 'InProgress' ? s : null;
      },
      { what: 'the callee status' },
    );
    expect(status.calleeStatus).toBe('NosuchUser');
  });
});

describe('REALITY 7: the other party only on the account-level filter, for admins', () => {
  it('on: the extension filter carries only your party; the admin account filter carries both; a non-admin may not subscribe', async () => {
    const { sdk } = await start();
    const own = await subscribe(sdk, `${EXT}/telephony/sessions`);
    const account = await subscribe(sdk, '/restapi/v1.0/account/~/telephony/sessions');
    await place(sdk, '+12125550100');
    await waitFor(() => roles(account).filter((r) => r.endsWith('Disconnected')).length === 2, { timeoutMs: 8000, what: 'both parties to end' });
    expect(roles(own).length).toBeGreaterThan(0);
    expect(roles(own).every((r) => r.startsWith('Initiator'))).toBe(true);
    expect(roles(own)).toContain('Initiator:Disconnected');
    expect(roles(account)).toContain('Target:Answered');
    // Sequence numbers are shared across the parties of one session.
    const ownSequences = own.map((e) => e.body.sequence);
    expect(ownSequences.every((n) => account.some((e) => e.body.sequence === n))).toBe(true);
    const sam = sdkFor(sim!);
    await sam.platform().login({ jwt: SAM_JWT });
    await expect(subscribe(sam, '/restapi/v1.0/account/~/telephony/sessions')).rejects.toThrow();
    expect(sim!.requestLog.some((r) => r.operationId === 'createSubscription' && r.status === 403)).toBe(true);
  });

  it('off: the extension filter carries the other party too', async () => {
    const { sdk } = await start(only({ ownPartyOnlyOnExtensionPush: false }));
    const own = await subscribe(sdk, `${EXT}/telephony/sessions`);
    await place(sdk, '+12125550100');
    await waitFor(() => roles(own).includes('Target:Answered'), { timeoutMs: 8000, what: 'the other party' });
  });
});

describe('REALITY 8: Disconnected without a reason for a failed leg', () => {
  async function busyEvents(options: SimulatorOptions) {
    const { sdk } = await start(options);
    const events = await subscribe(sdk, '/restapi/v1.0/account/~/telephony/sessions');
    await place(sdk, '+12125550101');
    await waitFor(() => roles(events).filter((r) => r.endsWith('Disconnected')).length === 2, { timeoutMs: 8000, what: 'both parties to end' });
    return events.filter((e) => e.body.parties[0].status.code === 'Disconnected').map((e) => e.body.parties[0]);
  }

  it('on: a busy callee ends with no reason on either party; RingOut status still says Busy', async () => {
    const parties = await busyEvents({});
    expect(parties.map((p) => p.status.reason)).toEqual([undefined, undefined]);
    const call = [...sim!.calls.values()][0]!;
    expect(call.status.calleeStatus).toBe('Busy');
  });

  it('off: the reason says TargetBusy', async () => {
    const parties = await busyEvents(only({ disconnectedWithoutReason: false }));
    expect(parties.find((p) => p.ringOutRole === 'Target').status.reason).toBe('TargetBusy');
  });
});

describe('REALITY 9: RingOut parties look like real ones', () => {
  async function parties(options: SimulatorOptions) {
    const { sdk } = await start(options);
    const events = await subscribe(sdk, '/restapi/v1.0/account/~/telephony/sessions');
    await place(sdk, '+12125550100');
    await waitFor(() => roles(events).includes('Target:Answered'), { timeoutMs: 8000, what: 'the other party' });
    return {
      initiator: events.find((e) => e.body.parties[0].ringOutRole === 'Initiator').body.parties[0],
      target: events.find((e) => e.body.parties[0].ringOutRole === 'Target').body.parties[0],
    };
  }

  it('on: both Inbound, your party called from their number, theirs without ids, extra fields', async () => {
    const { initiator, target } = await parties({});
    expect([initiator.direction, target.direction]).toEqual(['Inbound', 'Inbound']);
    expect(initiator.from.phoneNumber).toBe('+12125550100');
    expect(initiator.to.phoneNumber).toBe(MOBILE);
    expect(initiator.owner).toBeDefined();
    expect(target).not.toHaveProperty('accountId');
    expect(target).not.toHaveProperty('extensionId');
    expect(target).not.toHaveProperty('owner');
    expect(initiator.status.rcc).toBe(false);
    expect(initiator.park).toEqual({});
    expect(initiator.from.deviceId).toBeDefined();
  });

  it('off: the spec example shape (Outbound, your party from your caller ID)', async () => {
    const { initiator, target } = await parties(only({ realPartyShape: false }));
    expect([initiator.direction, target.direction]).toEqual(['Outbound', 'Outbound']);
    expect(initiator.to.phoneNumber).toBe(MOBILE);
    expect(initiator.from.phoneNumber).toBe('+16505550110');
    expect(initiator.status).not.toHaveProperty('rcc');
  });
});
