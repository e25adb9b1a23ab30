/**
 * The team board against the realistic simulator's 50-user account (issue 29): 20 users' 20
 * concurrent RingOuts on the account-level push (REALITY 7, 19-22: one-party deltas, out of
 * order, gapped sequences), each leg change on the board, no leg ever going back, an ended
 * call shown ended in the very update its end came in; Sam Colleague (not an admin) is told
 * to ask his admin.
 */
import { afterEach, expect, it } from 'vitest';
import { refines } from '../../../src-shared/leg-refinement';
import type { LegState } from '../../../src-shared/leg-state';
import type { BoardCall, BoardUpdate } from '../../../src-shared/team-board';
import { quietLogger } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import { placeColleagueCall, TEAM_ACCOUNT, TEAM_APP } from '../../../src-simulator/account/team-account';
import { Simulator } from '../../../src-simulator/simulator';
import { Session } from '../auth/session';
import { MemorySecretStore, systemClock } from '../ports';
import { RingCentralApi } from '../ringcentral/api';
import { RatePlanner } from '../ringcentral/rate-planner';
import { TelephonyPush, type TelephonyEvent } from '../ringout/telephony-push';
import { TeamBoard } from './board';

let sim: Simulator | undefined;
const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await sim?.close();
  sim = undefined;
});

async function boardFor(jwt: string) {
  const session = new Session({ server: sim!.url, clientId: sim!.app.clientId, clientSecret: sim!.app.clientSecret }, new MemorySecretStore(), quietLogger);
  await session.signInWithJwt(jwt);
  const push = new TelephonyPush(session.sdk, quietLogger);
  stops.push(() => push.stop());
  const api = new RingCentralApi(session.sdk, new RatePlanner(systemClock));
  const board = new TeamBoard({ push, api, clock: systemClock, logger: quietLogger, lingerMs: 60_000 });
  stops.push(() => board.stop());
  const updates: BoardUpdate[] = [];
  board.onUpdate((u) => updates.push(u));
  return { board, push, updates };
}

/** Ends that are the end of a RingOut: your party leaving, not moving to another phone (REALITY 20). */
function endsTheCall(event: TelephonyEvent): boolean {
  return event.parties.some(
    (p) => p.ringOutRole === 'Initiator' && p.status.code === 'Disconnected' && p.status.reason !== 'CallSwitch' && p.status.reason !== 'Pickup',
  );
}

const NUMBERS = ['+12125550100', '+12125550101', '+12125550103', '+12125550105', '+12125550107'];

it('follows 20 concurrent calls of 20 users: every leg change shown, none going back, an ended call ended at once', async () => {
  sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50, callLogDelaySeconds: 5 });
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  const { board, push, updates } = await boardFor('ringside-demo-jwt');
  const lateEnds: string[] = [];
  // Subscribed after the board: runs once the board has taken the event in.
  push.onEvent((event) => {
    if (!endsTheCall(event)) return;
    const shown = board.snapshot().calls.find((c) => c.telephonySessionId === event.telephonySessionId);
    if (shown && shown.endedAt === null) lateEnds.push(event.telephonySessionId);
  });
  await board.open();
  const opened = board.snapshot();
  expect(opened.access).toEqual({ kind: 'allowed' });
  expect(opened.live).toBe(true);
  // Every user of the account is there, with extension and department (the directory's other people too).
  for (const user of TEAM_ACCOUNT.extensions) {
    expect(opened.members).toContainEqual({
      extensionId: String(user.id),
      name: user.name,
      extensionNumber: user.extensionNumber,
      department: user.department ?? null,
    });
  }

  const users = TEAM_ACCOUNT.extensions.slice(2, 22);
  const calls = users.map((user, i) => placeColleagueCall(sim!, user.id, NUMBERS[i % NUMBERS.length]!));
  await waitFor(() => calls.every((c) => c.endedAt !== null), { timeoutMs: 30_000, what: 'every call to end at the simulator' });
  const shown = () => new Map(board.snapshot().calls.map((c) => [c.telephonySessionId, c]));
  await waitFor(() => calls.every((c) => shown().get(c.telephonySessionId)?.endedAt != null), { timeoutMs: 10_000, what: 'every call ended on the board' });

  expect(lateEnds).toEqual([]);
  const byCall = new Map<string, BoardCall[]>();
  for (const u of updates) if (u.kind === 'call') byCall.set(u.call.telephonySessionId, [...(byCall.get(u.call.telephonySessionId) ?? []), u.call]);
  for (const [i, call] of calls.entries()) {
    const seen = byCall.get(call.telephonySessionId) ?? [];
    const who = `${users[i]!.name} → ${NUMBERS[i % NUMBERS.length]}`;
    expect(seen.length, who).toBeGreaterThan(0);
    expect(
      seen.every((c) => c.extensionId === String(users[i]!.id)),
      who,
    ).toBe(true);
    expect(seen.at(-1)!.from, who).toBe(users[i]!.forwardingNumbers[0]!.phoneNumber);
    // Updates come in order of the call's revision, and each leg only ever refines what it showed.
    for (const leg of ['caller', 'callee'] as const) {
      const states = seen.map((c) => c[leg].state).filter((s, k, all) => k === 0 || all[k - 1] !== s);
      for (let k = 1; k < states.length; k++)
        expect(refines(states[k - 1] as LegState, states[k] as LegState), `${who} ${leg}: ${states.join(' → ')}`).toBe(true);
    }
    expect(seen.map((c) => c.revision)).toEqual([...seen.map((c) => c.revision)].sort((a, b) => a - b));
    const last = seen.at(-1)!;
    const callerStates = new Set(seen.map((c) => c.caller.state));
    // Your phone rang on the board before anything else happened to it.
    expect(callerStates.has('ringing'), who).toBe(true);
    const scenario = NUMBERS[i % NUMBERS.length];
    if (scenario === '+12125550100') expect([last.caller.state, last.callee.state], who).toEqual(['connected', 'connected']);
    if (scenario === '+12125550101') expect(['busy', 'ended'], who).toContain(last.callee.state);
    if (scenario === '+12125550103') expect(['rejected', 'ended'], who).toContain(last.callee.state);
    if (scenario === '+12125550105' || scenario === '+12125550107') {
      expect(['busy', 'rejected', 'ended'], who).toContain(last.caller.state);
      expect(last.callee.state, who).toBe('notCalled');
    }
  }
}, 60_000);

it('a user who is not an admin (Sam Colleague) gets "ask your admin", and none of the team', async () => {
  sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50 });
  const { board, updates } = await boardFor('ringside-team-member-jwt');
  await board.open();
  expect(board.snapshot()).toEqual({ access: { kind: 'askAdmin' }, members: [], calls: [], live: false });
  expect(updates.at(-1)).toEqual({ kind: 'snapshot', snapshot: board.snapshot() });
  const colleague = TEAM_ACCOUNT.extensions[5]!;
  const call = placeColleagueCall(sim, colleague.id, '+12125550100');
  await waitFor(() => call.endedAt !== null, { timeoutMs: 10_000, what: 'the colleague’s call to end' });
  expect(updates.filter((u) => u.kind === 'call')).toEqual([]);
  // RingCentral was asked, and refused the account-level filter with its permission error.
  expect(sim.requestLog.some((r) => r.operationId === 'createSubscription' && r.status === 403)).toBe(true);
}, 30_000);
