/**
 * The race behind the rare 30 s timeout of sign-out-storm.test.ts: after RingCentral revokes
 * the session, the first request's refresh is refused with 429 (the Auth group is used up) and
 * the 60 s penalty starts. A request that needs a token later, during the penalty (a sync page
 * read a moment after, a call placed), asked for a token again: 429 once more, and the penalty
 * restarted (REALITY 11), so every held request met a 429 at each retry until its retries ran
 * out, and the session did not learn it was over. Now such a refresh is refused on this machine.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Simulator } from '../../../src-simulator';
import { coreRig, quietLogger, type CoreRig } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import { MemorySecretStore } from '../ports';
import { httpResponseOf } from '../ringcentral/api-error';
import { SIGNED_OUT_BY_RINGCENTRAL, Session } from './session';

const EXT = '/restapi/v1.0/account/~/extension/~';

let sim: Simulator | undefined;
let rig: CoreRig | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await rig?.close();
  await sim?.close();
  rig = undefined;
  sim = undefined;
});

/** Signs in `count` more sessions of the same app: as after a few CLI commands, the Auth group (5 a minute) fills up. */
async function signInOthers(s: Simulator, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const other = new Session({ server: s.url, clientId: s.app.clientId, clientSecret: s.app.clientSecret }, new MemorySecretStore(), quietLogger);
    await other.signInWithJwt('ringside-demo-jwt');
  }
}

const tokenStatuses = (s: Simulator, since: number) =>
  s.requestLog
    .slice(since)
    .filter((r) => r.path === '/restapi/oauth/token')
    .map((r) => r.status);

describe('a token refresh during the Auth group penalty', () => {
  it('is refused here with the time left, so the penalty is not restarted and the first refresh after it learns the session is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // before the simulator starts: its clock reads Date.now
    sim = await Simulator.start({ timeScale: 10 }); // the penalty: 60 simulated seconds, 6 s
    const session = new Session({ server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret }, new MemorySecretStore(), quietLogger);
    await session.signInWithJwt('ringside-demo-jwt');
    await signInOthers(sim, 4);
    const platform = session.sdk.platform();
    const mark = sim.requestLog.length;
    sim.revokeAllTokens();

    const first = await platform.get(EXT).catch((error: unknown) => error);
    expect(httpResponseOf(first)?.status).toBe(429);
    expect(tokenStatuses(sim, mark)).toEqual([429]);

    // 1 s into the penalty, another request finds no valid access token.
    vi.setSystemTime(Date.now() + 1000);
    const second = await platform.get(EXT).catch((error: unknown) => error);
    expect(tokenStatuses(sim, mark)).toEqual([429]);
    const refused = httpResponseOf(second);
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get('retry-after')).toBe('5');
    expect(refused?.headers.get('x-rate-limit-group')).toBe('Auth');
    expect(session.state.status).toBe('signedIn');

    // The penalty is over: the next refresh goes, and learns the session was revoked.
    vi.setSystemTime(Date.now() + 5000);
    await expect(platform.get(EXT)).rejects.toMatchObject({ response: { status: 400 } });
    expect(tokenStatuses(sim, mark)).toEqual([429, 400]);
    expect(session.state).toMatchObject({ status: 'needsSignIn', reason: SIGNED_OUT_BY_RINGCENTRAL });
  });

  it(
    'through the planner: a request started after the refused refresh waits out the penalty, and one refresh after it ends both',
    { timeout: 30_000 },
    async () => {
      // A time scale that divides 60: Retry-After is whole seconds, so it states the penalty exactly.
      rig = await coreRig({ sim: { timeScale: 10 } });
      await signInOthers(rig.sim, 4);
      const mark = rig.sim.requestLog.length;
      rig.sim.revokeAllTokens();
      const early = rig.api.extension().catch((error: unknown) => error);
      // Once the planner holds it, the refused refresh is over here too: a refresh now is a new one.
      await waitFor(() => rig!.planner.state().groups.Auth.blockedUntil !== null, { intervalMs: 5, what: 'the first refresh to be refused' });
      expect(tokenStatuses(rig.sim, mark)).toEqual([429]);
      // The order of the rare failure, made certain: this request needs a token only after that refusal.
      const late = rig.api.callerIdNumbers().catch((error: unknown) => error);
      await waitFor(() => rig!.session.state.status === 'needsSignIn', { timeoutMs: 15_000, intervalMs: 10, what: 'the session to learn it is over' });
      expect(await early).toMatchObject({ kind: 'unauthorized' });
      expect(await late).toMatchObject({ kind: 'unauthorized' });
      expect(tokenStatuses(rig.sim, mark)).toEqual([429, 400]);
      await waitFor(() => rig!.planner.state().waitingUntil === null, { intervalMs: 10, what: 'the planner to have nothing waiting' });
    },
  );
});
