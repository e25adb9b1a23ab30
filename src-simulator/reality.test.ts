/**
 * One test per habit of the live service (spec/ringcentral/REALITY.md), each switch tested both
 * ways, with RingCentral's own `@ringcentral/sdk` and `@ringcentral/subscriptions` as clients
 * wherever the habit is visible to a client.
 */
import { Subscriptions } from '@ringcentral/subscriptions';
import type { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/fake-clock';
import { apiFailure, jsonOf, sdkFor, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { DEMO_APP, RINGSIDE_REDIRECT_URI } from './account/demo-account';
import { SimClock } from './clock';
import { callLogQuery } from './call-log/call-log-store';
import { GROUP_LIMITS, RateLimiter } from './http/rate-limits';
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
const DESK = '+16505550197'; // a RingCentral phone of the account (PhoneLine)
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
    const { sdk } = await start();
    const early = await place(sdk, longCall);
    expect((await sdk.platform().delete(`${EXT}/ring-out/${early.id}`)).status).toBe(204);
    expect(sim!.calls.get(early.id)!.endedAt).not.toBeNull();

    const created = await place(sdk, longCall);
    const call = sim!.calls.get(created.id)!;
    await waitFor(() => call.status.callerStatus === 'Success', { what: 'your phone to answer' });
    expect((await sdk.platform().delete(`${EXT}/ring-out/${created.id}`)).status).toBe(204);
    await waitFor(async () => (await jsonOf(sdk.platform().get(`${EXT}/ring-out/${created.id}`))).status.calleeStatus === 'Success', {
      what: 'the call to go on and connect',
    });
    expect(call.endedAt).toBeNull();
    // A call connected for under half a second is never logged (REALITY 27): let them talk first.
    await waitFor(() => call.talkSimMs >= 1000, { what: 'a second of conversation' });
    expect((await sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}`)).status).toBe(204);
    expect(call.endedAt).not.toBeNull();
    const record = await waitFor(
      async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { telephonySessionId: call.telephonySessionId }))).records[0],
      { what: 'the record' },
    );
    expect(record.result).toBe('Call connected');
    expect((await apiFailure(sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}`))).status).toBe(404);
  });

  it('off: DELETE ring-out ends the call at any stage', async () => {
    const { sdk } = await start(only({ cancelOnlyBeforeAnswer: false }));
    const created = await place(sdk, longCall);
    const call = sim!.calls.get(created.id)!;
    await waitFor(() => call.connected, { what: 'the call to connect' });
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

describe('REALITY 10: rate-limit group names in lowercase', () => {
  it.each([
    [true, 'heavy'],
    [false, 'Heavy'],
  ])('lowercaseRateLimitGroup %s writes %s', async (lowercase, group) => {
    const { platform } = await start(only({ lowercaseRateLimitGroup: lowercase }));
    const answer = await platform.get(`${EXT}/call-log`);
    expect(answer.headers.get('x-rate-limit-group')).toBe(group);
  });
});

describe('REALITY 11: sliding 60 s windows; the penalty restarts with every request during it', () => {
  it('never lets more requests through in any 60 s (simulated) than the group allows, whatever the pattern', () => {
    for (const timeScale of [1, 20]) {
      // 60 simulated seconds in real ms at this time scale.
      const window = 60_000 / timeScale;
      for (const penaltyRestarts of [true, false]) {
        for (let seed = 1; seed <= 20; seed++) {
          let now = 0;
          let state = seed;
          const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
          const limiter = new RateLimiter(new SimClock(timeScale, () => now), { lowercaseGroup: true, penaltyRestarts });
          const allowed: number[] = [];
          for (let i = 0; i < 600; i++) {
            // Bursts, steady trickles and pauses longer than the penalty.
            now += (random() < 0.8 ? random() * 3000 : random() * 90_000) / timeScale;
            if (limiter.check('user', 'Heavy').allowed) allowed.push(now);
          }
          for (let i = 0; i < allowed.length; i++) {
            const inWindow = allowed.filter((t) => t > allowed[i]! - window && t <= allowed[i]!).length;
            expect(inWindow, `x${timeScale} seed ${seed} at ${allowed[i]}`).toBeLessThanOrEqual(GROUP_LIMITS.Heavy);
          }
          expect(allowed.length).toBeGreaterThan(GROUP_LIMITS.Heavy * 3);
        }
      }
    }
  });

  it.each([
    [true, 429],
    [false, 200],
  ])('penaltyRestartsOnRequest %s: a request 1.4 s into a 2 s penalty makes the one at 2.4 s answer %i', async (restarts, expected) => {
    const clock = new FakeClock(Date.now());
    const { platform } = await start({ timeScale: 30, clock, ...only({ penaltyRestartsOnRequest: restarts, lowercaseRateLimitGroup: true }) });
    const token = (await platform.auth().data()).access_token!;
    const get = () => fetch(`${sim!.url}${EXT}/call-log`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 10; i++) expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    await clock.advance(1400);
    expect((await get()).status).toBe(429);
    await clock.advance(1000);
    expect((await get()).status).toBe(expected);
  });
});

describe('REALITY 12: a RingOut to your own RingCentral phone is logged as two records', () => {
  async function recordsOf(options: SimulatorOptions, from: string) {
    const { sdk } = await start({ callLogDelaySeconds: 2, ...options });
    const created = await jsonOf(sdk.platform().post(`${EXT}/ring-out`, { from: { phoneNumber: from }, to: { phoneNumber: '+12125550105' } }));
    const call = sim!.calls.get(created.id)!;
    await waitFor(() => call.endedAt !== null, { what: 'the call to end' });
    await waitFor(
      () =>
        sim!.callLog.get(String(sim!.callLog.query(callLogQuery({ dateTo: Date.now() + 1, sessionId: call.sessionId, perPage: 1 })).records[0]?.['id']), null),
      { what: 'the record' },
    );
    const answer = await jsonOf(sdk.platform().get(`${EXT}/call-log`, { view: 'Detailed', dateFrom: new Date(call.startedAt - 1000).toISOString() }));
    return { call, records: answer.records as Json[] };
  }

  it('on: an inbound Phone Call half (sessionId 1000-4000 above) and the RingOut record with from/to swapped', async () => {
    const { call, records } = await recordsOf({}, DESK);
    expect(records).toHaveLength(2);
    const ringOut = records.find((r) => r.sessionId === call.sessionId);
    const half = records.find((r) => r.sessionId !== call.sessionId);
    expect(ringOut.from.phoneNumber).toBe('+12125550105');
    expect(ringOut.to.phoneNumber).toBe(DESK);
    expect(half).toMatchObject({ direction: 'Inbound', action: 'Phone Call', from: { phoneNumber: '+12125550105' }, to: { phoneNumber: DESK } });
    const gap = Number(half.sessionId) - Number(call.sessionId);
    expect(gap).toBeGreaterThanOrEqual(1000);
    expect(gap).toBeLessThanOrEqual(4000);
  });

  it('on: ringing a phone outside the account gives one record', async () => {
    const { records } = await recordsOf({}, MOBILE);
    expect(records).toHaveLength(1);
  });

  it('off: one record, from your phone', async () => {
    const { records } = await recordsOf(only({ twoRecordRingOut: false }), DESK);
    expect(records).toHaveLength(1);
    expect(records[0].from.phoneNumber).toBe(DESK);
  });
});

describe('REALITY 13: records carry the telephony session id', () => {
  it('the RingOut record has telephonySessionId and the call log filters by it', async () => {
    const { sdk } = await start({ callLogDelaySeconds: 1 });
    const created = await place(sdk, '+12125550105');
    const call = sim!.calls.get(created.id)!;
    const record = await waitFor(
      async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { telephonySessionId: call.telephonySessionId }))).records[0],
      { what: 'the record' },
    );
    expect(record.telephonySessionId).toBe(call.telephonySessionId);
    expect(record.sessionId).toBe(call.sessionId);
  });
});

describe('REALITY 14: records appear late and change later; ISync may answer FSync', () => {
  async function recordVersions(options: SimulatorOptions) {
    const clock = new FakeClock(Date.now());
    const { sdk } = await start({ callLogDelaySeconds: 2, lateChangeSeconds: 10, clock, ...options });
    const created = await place(sdk, '+12125550101');
    const call = sim!.calls.get(created.id)!;
    // Small steps: the record must not be shown yet when the call has just ended.
    await clock.advanceUntil(() => call.endedAt !== null, { stepMs: sim!.clock.realMs(100), what: 'end of the call' });
    const read = async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { view: 'Detailed', sessionId: call.sessionId }))).records[0];
    expect(await read()).toBeUndefined();
    const first = await clock.advanceUntil(read, { stepMs: sim!.clock.realMs(500), what: 'the record' });
    await clock.advance(sim!.clock.realMs(11_000));
    return { first, later: await read() };
  }

  it('on: the record first lacks the subscriber leg, then lastModifiedTime moves and the leg is filled in', async () => {
    const { first, later } = await recordVersions({});
    expect(first.legs).toHaveLength(1);
    expect(later.legs).toHaveLength(2);
    expect(Date.parse(later.lastModifiedTime)).toBeGreaterThan(Date.parse(first.lastModifiedTime));
  });

  it('off: the record is complete when it appears', async () => {
    const { first, later } = await recordVersions(only({ lateRecordChanges: false }));
    expect(first.legs).toHaveLength(2);
    expect(later).toEqual(first);
  });

  it.each([
    [3, ['ISync', 'ISync', 'FSync', 'ISync']],
    [0, ['ISync', 'ISync', 'ISync', 'ISync']],
  ])('forcedFSyncEvery %i answers incremental syncs as %j; ISync returns at most 250 records', async (every, types) => {
    // isyncRefusesPastLimit off: 300 changes since the token would be refused (REALITY 26); this is about the 250 cap and FSync.
    const clock = new FakeClock(Date.now());
    const { platform } = await start({ seedHistory: 400, clock, ...only({ forcedFSyncEvery: every, isyncRefusesPastLimit: false }) });
    const path = `${EXT}/call-log-sync`;
    const full = await jsonOf(platform.get(path, { syncType: 'FSync', recordCount: 10 }));
    await clock.advance(5); // the changes come after the token was issued, not in its millisecond
    for (const stored of sim!.callLog.newest(400162076009, 0, 300)) sim!.callLog.touch(stored.id, (r) => (r['result'] = 'Call connected'));
    const answered: string[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await jsonOf(platform.get(path, { syncType: 'ISync', syncToken: full.syncInfo.syncToken }));
      answered.push(answer.syncInfo.syncType);
      expect(answer.records.length).toBeLessThanOrEqual(250);
      if (answer.syncInfo.syncType === 'ISync') expect(answer.records.length).toBe(250);
    }
    expect(answered).toEqual(types);
  });
});

describe('REALITY 15: records are messier than examples', () => {
  const messy = (records: Json[]) => ({
    nameOnly: records.filter((r) => r.from && !('phoneNumber' in r.from)).length,
    noPlus: records.filter((r) => /"phoneNumber":"\d/.test(JSON.stringify(r))).length,
    bareLegs: records.filter((r) => r.legs?.some((l: Json) => !('billing' in l) && !('master' in l))).length,
    twoHalves: records.filter((r) => r.action === 'Phone Call' && r.result === 'Accepted').length,
    notAccepted: records.filter((r) => r.result === 'Answered Not Accepted').length,
  });

  async function seeded(options: SimulatorOptions) {
    const { platform } = await start({ seedHistory: 1500, seedSpanDays: 20, ...options });
    // Every page: a Detailed page holds at most 250 records (REALITY 24).
    const records: Json[] = [];
    let page = 1;
    for (let more = true; more; page++) {
      const query = { view: 'Detailed', perPage: 'max', page, dateFrom: new Date(Date.now() - 20 * 86_400_000).toISOString() };
      const answer = await jsonOf(platform.get(`${EXT}/call-log`, query));
      records.push(...(answer.records as Json[]));
      more = Boolean(answer.navigation.nextPage);
    }
    return records;
  }

  it('on: the seeded history has name-only parties, numbers without +, bare legs, two-record RingOuts and Answered Not Accepted', async () => {
    const counts = messy(await seeded({}));
    for (const [kind, count] of Object.entries(counts)) expect(count, kind).toBeGreaterThan(0);
  });

  it('off: tidy records only', async () => {
    const counts = messy(await seeded(only({ messyRecords: false })));
    expect(counts).toEqual({ nameOnly: 0, noPlus: 0, bareLegs: 0, twoHalves: 0, notAccepted: 0 });
  });
});

describe('REALITY 16: paging without totals', () => {
  it.each([
    [true, false],
    [false, true],
  ])('sparsePaging %s: totals present %s, navigation.nextPage always there when more follow', async (sparse, totals) => {
    const { platform } = await start({ seedHistory: 300, ...only({ sparsePaging: sparse }) });
    const answer = await jsonOf(platform.get(`${EXT}/call-log`, { perPage: 10, dateFrom: new Date(Date.now() - 7 * 86_400_000).toISOString() }));
    expect('totalPages' in answer.paging).toBe(totals);
    expect('totalElements' in answer.paging).toBe(totals);
    expect(answer.navigation.nextPage.uri).toMatch(/page=2/);
  });
});

describe('Answered Not Accepted: your voicemail answers and nobody presses 1', () => {
  async function resultOf(options: SimulatorOptions, playPrompt: boolean) {
    const { sdk } = await start({ callLogDelaySeconds: 1, ...options });
    const created = await place(sdk, '+12125550111', { playPrompt });
    const call = sim!.calls.get(created.id)!;
    const record = await waitFor(async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { sessionId: call.sessionId }))).records[0], {
      what: 'the record',
    });
    return record.result;
  }

  it('on, with the prompt: Answered Not Accepted', async () => {
    expect(await resultOf({}, true)).toBe('Answered Not Accepted');
  });

  it('on, without the prompt, or off: Voicemail', async () => {
    expect(await resultOf({}, false)).toBe('Voicemail');
    await sim!.close();
    expect(await resultOf(only({ answeredNotAccepted: false }), true)).toBe('Voicemail');
  });
});
