/**
 * The simulator checked with RingCentral's own client libraries: if the real SDK and
 * subscriptions library work against it unmodified, the wire protocol is right.
 */
import { Subscriptions } from '@ringcentral/subscriptions';
import { afterEach, describe, expect, it } from 'vitest';
import type { SDK } from '@ringcentral/sdk';
import { FakeClock } from '../test-support/fake-clock';
import { apiFailure, jsonOf, sdkFor, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { RINGSIDE_REDIRECT_URI } from './account/demo-account';
import { callLogQuery } from './call-log/call-log-store';
import type { Simulator } from './simulator';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function statusOf(sdk: SDK, id: string): Promise<Record<string, string> | 404> {
  try {
    return (await jsonOf(sdk.platform().get(`/restapi/v1.0/account/~/extension/~/ring-out/${id}`))).status;
  } catch (error) {
    const status = (error as { response?: Response }).response?.status;
    if (status === 404) return 404;
    throw error;
  }
}

describe('@ringcentral/sdk against the simulator', () => {
  it('signs in with a JWT and reads the extension', async () => {
    const started = await signedInSimulator();
    sim = started.sim;
    const extension = await jsonOf(started.platform.get('/restapi/v1.0/account/~/extension/~'));
    expect(extension).toMatchObject({ extensionNumber: '101', name: 'Alex Demo' });
    expect(await started.platform.loggedIn()).toBe(true);
  });

  it('rejects an unknown JWT with the OAuth error shape', async () => {
    const started = await signedInSimulator();
    sim = started.sim;
    const other = sdkFor(sim);
    const failure = await apiFailure(other.platform().login({ jwt: 'not-a-real-jwt' }));
    expect(failure.status).toBe(400);
    expect(failure.body).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-132' }] });
  });

  it('signs in with authorization code + PKCE through the authorize endpoint', async () => {
    const started = await signedInSimulator({ autoApprove: true });
    sim = started.sim;
    const redirectUri = RINGSIDE_REDIRECT_URI;
    const sdk = sdkFor(sim, { clientSecret: '', redirectUri });
    const url = sdk.platform().loginUrl({ usePKCE: true, state: 'xyz' });
    expect(url).toContain('code_challenge_method=S256');
    const answer = await fetch(url, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = answer.headers.get('location')!;
    expect(location.startsWith(redirectUri)).toBe(true);
    const { code, state } = sdk.platform().parseLoginRedirect(new URL(location).search) as { code: string; state: string };
    expect(state).toBe('xyz');
    await sdk.platform().login({ code, redirect_uri: redirectUri });
    const extension = await jsonOf(sdk.platform().get('/restapi/v1.0/account/~/extension/~'));
    expect(extension.id).toBe(sim.account.extensions[0]!.id);
  });

  it('refuses a PKCE exchange with the wrong verifier', async () => {
    const started = await signedInSimulator({ autoApprove: true });
    sim = started.sim;
    const redirectUri = RINGSIDE_REDIRECT_URI;
    const sdk = sdkFor(sim, { clientSecret: '', redirectUri });
    const answer = await fetch(sdk.platform().loginUrl({ usePKCE: true }), { redirect: 'manual' });
    const code = new URL(answer.headers.get('location')!).searchParams.get('code')!;
    const failure = await apiFailure(sdk.platform().login({ code, code_verifier: 'x'.repeat(43), redirect_uri: redirectUri }));
    expect(failure.status).toBe(400);
    expect(failure.body).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-113' }] });
  });

  it('refreshes an expired access token transparently, rotating the single-use refresh token', async () => {
    const clock = new FakeClock(Date.now());
    const started = await signedInSimulator({ clock });
    sim = started.sim;
    const before = await started.platform.auth().data();
    sim.expireAccessTokens();
    const extension = await jsonOf(started.platform.get('/restapi/v1.0/account/~/extension/~'));
    expect(extension.extensionNumber).toBe('101');
    const after = await started.platform.auth().data();
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    const reuse = () =>
      fetch(`${sim!.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: started.platform.basicAuthHeader() },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: before.refresh_token! }),
      });
    // Within the ~10 s grace the same token gets the same answer; after it, invalid_grant (REALITY 3).
    expect(await jsonOf(reuse())).toMatchObject({ refresh_token: after.refresh_token });
    await clock.advance(sim!.clock.realMs(10_500));
    const late = await reuse();
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-211' }] });
  });

  it('fails the refresh once the session is revoked, and logout revokes', async () => {
    const started = await signedInSimulator();
    sim = started.sim;
    sim.revokeAllTokens();
    await expect(started.platform.get('/restapi/v1.0/account/~/extension/~')).rejects.toThrow();
    const fresh = sdkFor(sim);
    await fresh.platform().login({ jwt: 'ringside-demo-jwt' });
    await fresh.platform().logout();
    expect(sim.requestLog.some((r) => r.operationId === 'revokeToken' && r.status === 200)).toBe(true);
  });

  it('places a RingOut, sees both legs progress, and gets 404 after the expiry', async () => {
    const started = await signedInSimulator();
    sim = started.sim;
    const created = await jsonOf(
      started.platform.post('/restapi/v1.0/account/~/extension/~/ring-out', {
        from: { phoneNumber: '+16505550198' },
        to: { phoneNumber: '+12125550100' },
        callerId: { phoneNumber: '+16505550110' },
        playPrompt: false,
      }),
    );
    expect(created.status).toEqual({ callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' });
    await waitFor(
      async () => {
        const s = await statusOf(started.sdk, created.id);
        return s !== 404 && s['callerStatus'] === 'Success' && s['calleeStatus'] === 'InProgress';
      },
      { what: 'caller answered' },
    );
    await waitFor(
      async () => {
        const s = await statusOf(started.sdk, created.id);
        return s !== 404 && s['callStatus'] === 'Success' && s['calleeStatus'] === 'Success';
      },
      { what: 'callee answered' },
    );
    await waitFor(async () => (await statusOf(started.sdk, created.id)) === 404, { timeoutMs: 5000, what: '404 after the call' });
  });

  it('cancels a RingOut before it connects, then the id is gone', async () => {
    const started = await signedInSimulator();
    sim = started.sim;
    const created = await jsonOf(
      started.platform.post('/restapi/v1.0/account/~/extension/~/ring-out', { from: { forwardingNumberId: '400163001' }, to: { phoneNumber: '+12125550102' } }),
    );
    const cancelled = await started.platform.delete(`/restapi/v1.0/account/~/extension/~/ring-out/${created.id}`);
    expect(cancelled.status).toBe(204);
    expect(await statusOf(started.sdk, created.id)).toBe(404);
  });

  it('pages through the call log with navigation.nextPage', async () => {
    const started = await signedInSimulator({ seedHistory: 600 });
    sim = started.sim;
    const ids = new Set<string>();
    let page = 1;
    let pages = 0;
    for (;;) {
      const answer = await jsonOf(
        started.platform.get('/restapi/v1.0/account/~/extension/~/call-log', {
          view: 'Detailed',
          dateFrom: new Date(Date.now() - 30 * 86_400_000).toISOString(),
          perPage: 250,
          page,
        }),
      );
      pages++;
      for (const record of answer.records) ids.add(record.id);
      if (!answer.navigation.nextPage) break;
      page++;
    }
    const expected = sim.callLog.query(
      callLogQuery({ extensionId: sim.account.extensions[0]!.id, dateFrom: Date.now() - 30 * 86_400_000, dateTo: Date.now(), perPage: 100_000 }),
    ).total;
    expect(ids.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 250));
  });
});

describe('@ringcentral/subscriptions against the simulator', () => {
  it('receives the RingOut party changes of a call over the WebSocket', async () => {
    const started = await signedInSimulator({
      scenarios: {
        default: { label: 'short', caller: { outcome: 'answer', afterSeconds: 2 }, callee: { outcome: 'answer', afterSeconds: 2 }, talkSeconds: 5 },
        numbers: {},
      },
      // disorderedPushEvents off: this test reads the plain sequence of states (REALITY 19's disorder has its own test).
      realism: { disorderedPushEvents: false },
    });
    sim = started.sim;
    const subscriptions = new Subscriptions({ sdk: started.sdk });
    const subscription = subscriptions.createSubscription();
    const events: Array<{ body: { sequence: number; origin: { type: string }; parties: Array<{ ringOutRole: string; status: { code: string } }> } }> = [];
    subscription.on(subscription.events.notification, (event: (typeof events)[number]) => events.push(event));
    subscription.setEventFilters(['/restapi/v1.0/account/~/extension/~/telephony/sessions']);
    const wsSubscription = await subscription.register();
    try {
      await started.platform.post('/restapi/v1.0/account/~/extension/~/ring-out', {
        from: { phoneNumber: '+16505550198' },
        to: { phoneNumber: '+12125550100' },
      });
      await waitFor(() => events.some((e) => e.body.parties[0]!.ringOutRole === 'Initiator' && e.body.parties[0]!.status.code === 'Disconnected'), {
        what: 'your party disconnected',
      });
      expect(events[0]!.body.origin.type).toBe('RingOut');
      const codes = events.map((e) => `${e.body.parties[0]!.ringOutRole}:${e.body.parties[0]!.status.code}`);
      // An extension-level subscription carries only your own party (REALITY 7).
      expect(codes).toEqual(['Initiator:Setup', 'Initiator:Proceeding', 'Initiator:Answered', 'Initiator:Disconnected']);
      const sequences = events.map((e) => e.body.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    } finally {
      await wsSubscription.revoke();
      await (wsSubscription as unknown as { wse: { revoke(): Promise<void> } }).wse?.revoke?.();
    }
  });
});
