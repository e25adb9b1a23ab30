/** The Team board's state: a burst of changes is drawn together, none lost, none drawn out of order with the board's opening. */
import { describe, expect, it } from 'vitest';
import type { BoardCall, BoardSnapshot } from '../../../src-shared/team-board';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { RingsideClient } from '../lib/ringside-client';
import { TeamBoardState } from './team-board-state.svelte';

const members = Array.from({ length: 20 }, (_, i) => ({ extensionId: String(i), name: `Person ${i}`, extensionNumber: String(100 + i), department: 'Sales' }));

function ringing(extensionId: string): BoardCall {
  return {
    telephonySessionId: `s-${extensionId}`,
    extensionId,
    from: '+16505560203',
    to: '+12125550101',
    caller: { state: 'ringing', since: 1 },
    callee: { state: 'waiting', since: 1 },
    startedAt: 1,
    endedAt: null,
    revision: 1,
  };
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Team board state', () => {
  it('draws a burst of twenty changes at once, in one update of the board, with every change in it', async () => {
    const opened: BoardSnapshot = { access: { kind: 'allowed' }, members, calls: [], live: true };
    const bridge = new FakeBridge({}, { 'teamBoard.open': () => ({ ok: true, value: opened }) });
    const board = new TeamBoardState(new RingsideClient(bridge));
    const stop = board.start();
    await nextTask();
    expect(board.snapshot).toEqual(opened);
    const before = board.snapshot;
    for (const member of members) bridge.emit('teamBoard.changed', { kind: 'call', call: ringing(member.extensionId) });
    // Not yet drawn: the burst is still coming in.
    expect(board.snapshot).toBe(before);
    await nextTask();
    expect(board.snapshot.calls.map((c) => c.extensionId).sort()).toEqual(members.map((m) => m.extensionId).sort());
    expect(board.rows.filter((row) => row.presence === 'ringing')).toHaveLength(20);
    stop();
  });

  it('keeps changes heard while the board was opening: they are newer than its answer', async () => {
    let answer: (value: { ok: true; value: BoardSnapshot }) => void = () => {};
    const bridge = new FakeBridge({}, { 'teamBoard.open': () => new Promise((resolve) => (answer = resolve)) });
    const board = new TeamBoardState(new RingsideClient(bridge));
    const stop = board.start();
    bridge.emit('teamBoard.changed', { kind: 'call', call: ringing('3') });
    answer({ ok: true, value: { access: { kind: 'allowed' }, members, calls: [], live: true } });
    await nextTask();
    expect(board.snapshot.calls.map((c) => c.extensionId)).toEqual(['3']);
    stop();
    // Stopped: nothing more is drawn.
    bridge.emit('teamBoard.changed', { kind: 'call', call: ringing('4') });
    await nextTask();
    expect(board.snapshot.calls.map((c) => c.extensionId)).toEqual(['3']);
  });
});
