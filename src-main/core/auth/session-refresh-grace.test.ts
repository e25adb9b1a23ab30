/**
 * REALITY 3 (corrected) under the Session: a refresh retires the old access token at once, so
 * requests in flight during a refresh come back 401; they are sent again with the new token
 * without refreshing again (one refresh, not one per request: the Auth group allows 5 a
 * minute). A stale copy of the session (from before a refresh) works within the grace and asks
 * for a new sign-in after it. Time moves with a fake `Date`, never waited for.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietLogger } from '../../../test-support/core-harness';
import { Simulator } from '../../../src-simulator';
import { MemorySecretStore, systemClock } from '../ports';
import { RingCentralApi } from '../ringcentral/api';
import { RatePlanner } from '../ringcentral/rate-planner';
import { AUTH_SECRET_KEY, SIGNED_OUT_BY_RINGCENTRAL, Session } from './session';

let sim: Simulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await sim?.close();
  sim = undefined;
});

async function signedIn(s: Simulator, secrets = new MemorySecretStore()) {
  const session = new Session({ server: s.url, clientId: s.app.clientId, clientSecret: s.app.clientSecret }, secrets, quietLogger);
  const api = new RingCentralApi(session.sdk, new RatePlanner(systemClock));
  return { session, api, secrets };
}

function holding(saved: string): MemorySecretStore {
  const secrets = new MemorySecretStore();
  secrets.values.set(AUTH_SECRET_KEY, saved);
  return secrets;
}

const tokenRequests = (s: Simulator) => s.requestLog.filter((r) => r.operationId === 'getToken');

describe('Session and single-use refresh tokens with a grace', () => {
  it('requests in flight during a refresh are answered after one refresh, not one each', async () => {
    sim = await Simulator.start({ timeScale: 50 });
    const { session, api, secrets } = await signedIn(sim);
    await session.signInWithJwt('ringside-demo-jwt');
    for (let round = 0; round < 3; round++) {
      const before = tokenRequests(sim).length;
      sim.expireAccessTokens(); // RingCentral refuses the token before the SDK thinks it expired
      const answers = await Promise.allSettled(Array.from({ length: 6 }, () => api.extension()));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill('fulfilled'));
      expect(tokenRequests(sim).length - before).toBe(1);
    }
    expect(session.state.status).toBe('signedIn');
    // The rotated pair is what is stored.
    const stored = JSON.parse((await secrets.get(AUTH_SECRET_KEY))!) as { auth: { refresh_token: string } };
    expect(stored.auth.refresh_token).toBe((await session.sdk.platform().auth().data()).refresh_token);
    // Some requests reached RingCentral with the token the refresh had just replaced, and were sent again.
    expect(sim.requestLog.filter((r) => r.operationId === 'readExtension' && r.status === 401).length).toBeGreaterThan(3);
  });

  it('a stale copy of the session works within the grace, and asks for a new sign-in after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // before the simulator starts: its clock reads Date.now
    sim = await Simulator.start({ timeScale: 50 });
    const app = await signedIn(sim);
    await app.session.signInWithJwt('ringside-demo-jwt');
    const staleCopy = (await app.secrets.get(AUTH_SECRET_KEY))!;
    await app.session.sdk.platform().refresh();
    await app.api.extension(); // the new access token is used: the old refresh token's grace now runs 10 s

    const within = await signedIn(sim, holding(staleCopy));
    expect((await within.session.restore()).status).toBe('signedIn');
    expect((await within.api.extension()).id).toBe(sim.account.extensions[0]!.id);
    expect(within.session.state.status).toBe('signedIn');

    vi.setSystemTime(Date.now() + sim.clock.realMs(11_000));
    const after = await signedIn(sim, holding(staleCopy));
    await after.session.restore();
    await expect(after.api.extension()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(after.session.state).toMatchObject({ status: 'needsSignIn', reason: SIGNED_OUT_BY_RINGCENTRAL });
    // The session that refreshed is untouched.
    expect((await app.api.extension()).id).toBe(sim.account.extensions[0]!.id);
  });
});
