/**
 * The team board by hand-made events and a fake clock: out-of-order one-party deltas (REALITY
 * 19), a lone Disconnected of an unknown session, push down (the live calls read by their
 * session, an ended one ended at once), push refused for a reason other than permission.
 */
import { expect, it } from 'vitest';
import { Emitter } from '../../../src-shared/emitter';
import type { BoardUpdate } from '../../../src-shared/team-board';
import { quietLogger } from '../../../test-support/core-harness';
import { FakeClock } from '../../../test-support/fake-clock';
import { RatePlanner } from '../ringcentral/rate-planner';
import type { PushScope, PushSource, TelephonyEvent, TelephonyParty } from '../ringout/telephony-push';
import { BOARD_RETRY_MS, TeamBoard } from './board';

class FakePush implements PushSource {
  private readonly events = new Emitter<TelephonyEvent>();
  private readonly back = new Emitter<void>();
  connected = true;
  scope: PushScope | null = null;
  failure: Error | null = null;
  readonly onEvent = this.events.event;
  readonly onReconnected = this.back.event;
  async start(): Promise<void> {
    if (this.failure) throw this.failure;
    this.scope ??= 'account';
  }
  async stop(): Promise<void> {}
  emit(event: TelephonyEvent): void {
    this.events.fire(event);
  }
  reconnect(): void {
    this.back.fire();
  }
}

const ALEX = { extensionId: '101', name: 'Alex Demo', extensionNumber: '101', department: 'Sales' };

function rig() {
  const clock = new FakeClock();
  const push = new FakePush();
  let sessions = new Map<string, TelephonyParty[] | null>();
  const reads: string[] = [];
  const api = {
    planner: new RatePlanner(clock),
    teamDirectory: async () => [ALEX],
    callSession: async (id: string) => {
      reads.push(id);
      const parties = sessions.get(id);
      return parties ? { parties } : null;
    },
  };
  const board = new TeamBoard({ push, api, clock, logger: quietLogger, lingerMs: 10_000 });
  const updates: BoardUpdate[] = [];
  board.onUpdate((u) => updates.push(u));
  return { clock, push, board, updates, reads, setSessions: (next: Map<string, TelephonyParty[] | null>) => (sessions = next) };
}

const mine = (code: string, reason?: string): TelephonyParty => ({
  id: 'p-1',
  extensionId: '101',
  ringOutRole: 'Initiator',
  to: { phoneNumber: '+16505550198' },
  from: { phoneNumber: '+12125550100' },
  status: { code, ...(reason ? { reason } : {}) },
});
const theirs = (code: string, reason?: string): TelephonyParty => ({
  id: 'p-2',
  ringOutRole: 'Target',
  to: { phoneNumber: '+12125550100' },
  status: { code, ...(reason ? { reason } : {}) },
});
const event = (sequence: number, party: TelephonyParty, telephonySessionId = 's-1'): TelephonyEvent => ({
  sequence,
  telephonySessionId,
  origin: { type: 'RingOut' },
  parties: [party],
});

it('merges one-party deltas out of order: an older event never undoes a newer one', async () => {
  const { push, board } = rig();
  await board.open();
  push.emit(event(7, mine('Proceeding')));
  push.emit(event(9, mine('Answered')));
  push.emit(event(8, mine('Proceeding'))); // late, older
  push.emit(event(12, theirs('Answered')));
  push.emit(event(11, theirs('Proceeding'))); // late, older
  const [call] = board.snapshot().calls;
  expect(call).toMatchObject({ extensionId: '101', from: '+16505550198', to: '+12125550100', endedAt: null });
  expect([call!.caller.state, call!.callee.state]).toEqual(['connected', 'connected']);
});

it('a lone Disconnected of a session never seen is not a call; one of a call it knows ends it at once, then it leaves the board', async () => {
  const { push, board, clock, updates } = rig();
  await board.open();
  push.emit(event(40, mine('Disconnected'), 's-old'));
  expect(board.snapshot().calls).toEqual([]);
  push.emit(event(3, mine('Proceeding')));
  push.emit(event(5, mine('Disconnected', 'TargetBusy')));
  expect(board.snapshot().calls[0]).toMatchObject({ caller: { state: 'busy' }, callee: { state: 'notCalled' } });
  expect(board.snapshot().calls[0]!.endedAt).not.toBeNull();
  await clock.advance(10_000);
  expect(board.snapshot().calls).toEqual([]);
  expect(updates.at(-1)).toEqual({ kind: 'removed', telephonySessionId: 's-1' });
  // A late event of it does not bring it back.
  push.emit(event(6, theirs('Disconnected')));
  expect(board.snapshot().calls).toEqual([]);
});

it('while push is down, the live calls are read by their session (rate-planned); a session RingCentral forgot ends at once', async () => {
  const { push, board, clock, reads, setSessions } = rig();
  await board.open();
  push.emit(event(3, mine('Proceeding')));
  push.emit(event(3, mine('Proceeding'), 's-2'));
  push.connected = false;
  expect(board.snapshot().live).toBe(false);
  setSessions(new Map([['s-1', [mine('Answered'), theirs('Proceeding')]]]));
  // Well within the ended call's 10 s on the board.
  await clock.advance(5_000);
  expect(reads).toContain('s-1');
  expect(reads).toContain('s-2');
  const shown = new Map(board.snapshot().calls.map((c) => [c.telephonySessionId, c]));
  expect([shown.get('s-1')!.caller.state, shown.get('s-1')!.callee.state]).toEqual(['connected', 'ringing']);
  expect(shown.get('s-2')!.endedAt).not.toBeNull();
  // Push back: a real event after the reads still counts (the reads never outrank what comes next).
  push.connected = true;
  const before = reads.length;
  push.reconnect();
  await clock.advance(0);
  expect(reads.length).toBe(before + 1); // only the live one
  push.emit(event(4, theirs('Answered')));
  expect(board.snapshot().calls.find((c) => c.telephonySessionId === 's-1')!.callee.state).toBe('connected');
});

it('push refused for lack of permission asks for the admin; a network failure says so and tries again', async () => {
  const refused = rig();
  refused.push.failure = Object.assign(new Error('In order to call this API endpoint, user needs to have [ReadCallLog] permission'), {
    response: new Response(null, { status: 403 }),
  });
  await refused.board.open();
  expect(refused.board.snapshot().access).toEqual({ kind: 'askAdmin' });

  const extensionOnly = rig();
  extensionOnly.push.scope = 'extension';
  await extensionOnly.board.open();
  expect(extensionOnly.board.snapshot().access).toEqual({ kind: 'askAdmin' });

  const offline = rig();
  offline.push.failure = new Error('getaddrinfo ENOTFOUND platform.ringcentral.com');
  await offline.board.open();
  expect(offline.board.snapshot().access).toMatchObject({ kind: 'unavailable' });
  offline.push.failure = null;
  await offline.clock.advance(BOARD_RETRY_MS);
  expect(offline.board.snapshot()).toMatchObject({ access: { kind: 'allowed' }, members: [ALEX] });
});
