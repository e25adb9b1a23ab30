/**
 * The team board's leg-change latency (issue 29): 20 users' 20 concurrent RingOuts in the
 * realistic simulator's 50-user account, followed by the core's TeamBoard on the account-level
 * telephony push, as an admin. Measured: a party's change at the simulator (its party observer)
 * → the board's update showing that leg in that state, in core (the board event the renderer's
 * row is drawn from; the Chromium harness's DOM step is not in this figure). Both clocks are
 * this process's.
 */
import { Session } from '../src-main/core/auth/session';
import { MemorySecretStore, systemClock } from '../src-main/core/ports';
import { RingCentralApi } from '../src-main/core/ringcentral/api';
import { RatePlanner } from '../src-main/core/ringcentral/rate-planner';
import { TelephonyPush } from '../src-main/core/ringout/telephony-push';
import { TeamBoard } from '../src-main/core/team/board';
import { placeColleagueCall, TEAM_ACCOUNT, TEAM_APP } from '../src-simulator/account/team-account';
import { Simulator } from '../src-simulator/simulator';
import { quietLogger } from '../test-support/core-harness';
import { waitFor } from '../test-support/simulator-harness';
import { summarize, type BenchFigure } from './stats';

const CONCURRENT = 20;
const NUMBERS = ['+12125550100', '+12125550101', '+12125550103', '+12125550105', '+12125550107'];

/** The board's word for a party's status, where the simulator's change is one the board shows. */
function shownState(code: string): string | null {
  if (code === 'Answered') return 'connected';
  if (code === 'Proceeding' || code === 'Setup') return 'ringing';
  return null;
}

export async function teamBoardBench(rounds: number, timeScale: number): Promise<BenchFigure> {
  const sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale, callLogDelaySeconds: 5 });
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  const session = new Session({ server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret }, new MemorySecretStore(), quietLogger);
  const push = new TelephonyPush(session.sdk, quietLogger);
  const board = new TeamBoard({
    push,
    api: new RingCentralApi(session.sdk, new RatePlanner(systemClock)),
    clock: systemClock,
    logger: quietLogger,
    lingerMs: 60_000,
  });
  try {
    await session.signInWithJwt('ringside-demo-jwt');
    const changedAt = new Map<string, number>();
    sim.partyObservers.push((call, party) => {
      const state = shownState(party.status.code);
      const key = `${call.telephonySessionId}|${party.ringOutRole === 'Initiator' ? 'caller' : 'callee'}|${state}`;
      if (state && !changedAt.has(key)) changedAt.set(key, Date.now());
    });
    const samples: number[] = [];
    const measured = new Set<string>();
    board.onUpdate((update) => {
      if (update.kind !== 'call') return;
      for (const leg of ['caller', 'callee'] as const) {
        const key = `${update.call.telephonySessionId}|${leg}|${update.call[leg].state}`;
        const start = changedAt.get(key);
        if (start === undefined || measured.has(key)) continue;
        measured.add(key);
        samples.push(Date.now() - start);
      }
    });
    await board.open();
    if (board.snapshot().access.kind !== 'allowed') throw new Error('the board refused the admin');
    const users = TEAM_ACCOUNT.extensions.slice(2, 2 + CONCURRENT);
    for (let round = 0; round < rounds; round++) {
      const calls = users.map((user, i) => placeColleagueCall(sim, user.id, NUMBERS[(i + round) % NUMBERS.length]!));
      await waitFor(() => calls.every((c) => c.endedAt !== null), { timeoutMs: 60_000, what: 'every call to end at the simulator' });
      const shown = () => new Map(board.snapshot().calls.map((c) => [c.telephonySessionId, c]));
      await waitFor(() => calls.every((c) => shown().get(c.telephonySessionId)?.endedAt != null), { timeoutMs: 15_000, what: 'every call ended on the board' });
    }
    const stats = summarize(samples);
    return {
      name: `team board: leg change → board update in core, ${CONCURRENT} concurrent calls (push)`,
      unit: 'ms',
      ...stats,
      budget: { on: 'p95', max: 250 },
      note: `${rounds} round(s) of ${CONCURRENT} users' concurrent RingOuts, simulator timeScale ${timeScale}; ${samples.length} leg changes (ringing, connected) measured of ${changedAt.size} published; to the board's event in core, not the renderer's DOM`,
    };
  } finally {
    board.stop();
    await push.stop();
    await sim.close();
  }
}
