/**
 * Issue 26, item 14: after a revoke during a sync, 7 rate-limited token requests went out in
 * 80 ms. Requests still queued in the rate planner went out with the revoked token; each 401
 * made the SDK refresh the token on its own; the refresh hit the Auth limit (429), and the
 * planner, seeing a 429 for the Auth group on a Heavy or Light request, retried that request at
 * once (its own group was not blocked), up to five times each. Counted at the simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../history/archive';
import { HistorySync } from '../history/history-sync';
import { MemorySecretStore, systemClock } from '../ports';
import { Session } from './session';
import { coreRig, quietLogger, type CoreRig } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';

let rig: CoreRig | undefined;
let archive: Archive | undefined;
afterEach(async () => {
  await rig?.close();
  archive?.close();
  rig = undefined;
  archive = undefined;
});

const TOKEN_PATHS = new Set(['/restapi/oauth/token', '/restapi/oauth/revoke']);

/** A sync under way (a page or two fetched) with a call being placed. */
async function busyRig(extraSignIns: number): Promise<{ rig: CoreRig; syncing: Promise<unknown>; placing: Promise<unknown>; mark: number }> {
  const started = await coreRig({ push: true, sim: { timeScale: 10, seedHistory: 5_000 } });
  rig = started;
  archive = Archive.open(':memory:').archive;
  const sync = new HistorySync(started.api, archive, systemClock, quietLogger, 400);
  const syncing = sync.run();
  await waitFor(() => started.sim.requestLog.filter((r) => r.operationId === 'readUserCallLog').length >= 2, {
    timeoutMs: 10_000,
    intervalMs: 5,
    what: 'the sync to fetch two pages',
  });
  // Just now, more sign-ins of the same app: the Auth group (5 a minute) is used up, as after
  // a few CLI commands, so a token request beyond it is refused with 429.
  for (let i = 0; i < extraSignIns; i++) {
    const other = new Session(
      { server: started.sim.url, clientId: started.sim.app.clientId, clientSecret: started.sim.app.clientSecret },
      new MemorySecretStore(),
      quietLogger,
    );
    await other.signInWithJwt('ringside-demo-jwt');
  }
  const mark = started.sim.requestLog.length;
  const placing = started.tracker.place({ to: '+12125550108', from: '+16505550198' }).catch((error: unknown) => error);
  return { rig: started, syncing, placing, mark };
}

describe('no request storm after a sign-out (issue 26, item 14)', () => {
  it('signing out during a sync and a call sends the revoke and no token request after it', { timeout: 30_000 }, async () => {
    // 3 + the revoke: the Auth group is full when the revoked token's refreshes would start.
    const { rig, syncing, placing, mark } = await busyRig(3);
    expect((await rig.session.signOut()).revoked).toBe(true);
    // Whatever was queued or in flight fails here, without asking RingCentral for a token.
    await expect(syncing).resolves.toMatchObject({ phase: 'error' });
    await placing;
    await waitFor(() => rig.planner.state().waitingUntil === null, { timeoutMs: 5_000, intervalMs: 10, what: 'the planner to have nothing waiting' });
    const after = rig.sim.requestLog.slice(mark);
    expect(after.filter((r) => TOKEN_PATHS.has(r.path)).map((r) => `${r.path} ${r.status}`)).toEqual(['/restapi/oauth/revoke 200']);
    expect(after.filter((r) => r.status === 429)).toEqual([]);
    expect(rig.planner.state().rateLimitHits).toBe(0);
    expect(rig.session.state.status).toBe('signedOut');
  });

  it(
    'RingCentral revoking the session during a sync and a call costs a refused refresh and the one that learns it, then nothing',
    { timeout: 30_000 },
    async () => {
      // The Auth group full: the first refresh is refused (429), the next, after the penalty, learns the session is gone.
      const { rig, syncing, placing, mark } = await busyRig(4);
      rig.sim.revokeAllTokens();
      await expect(syncing).resolves.toMatchObject({ phase: 'error' });
      await placing;
      await waitFor(() => rig.session.state.status === 'needsSignIn', { timeoutMs: 5_000, intervalMs: 10, what: 'the session to need a sign-in' });
      await waitFor(() => rig.planner.state().waitingUntil === null, { timeoutMs: 5_000, intervalMs: 10, what: 'the planner to have nothing waiting' });
      const tokenRequests = rig.sim.requestLog.slice(mark).filter((r) => TOKEN_PATHS.has(r.path));
      expect(tokenRequests.map((r) => r.status)).toEqual([429, 400]);
    },
  );
});
