/** The Team board window (issue 29): rows per person with both legs in the popover's words, the department filter, empty and "ask your admin" states, updates that never go back. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { LegState } from '../../../src-shared/leg-state';
import type { BoardCall, BoardSnapshot } from '../../../src-shared/team-board';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import { applyBoardUpdate, boardRows } from '../lib/team-board-rows';
import TeamBoard from './TeamBoard.svelte';

const members = [
  { extensionId: '1', name: 'Alex Demo', extensionNumber: '101', department: 'Sales' },
  { extensionId: '2', name: 'Sam Colleague', extensionNumber: '102', department: 'Support' },
  { extensionId: '3', name: 'Blake Abbott', extensionNumber: '203', department: 'Sales' },
];

function call(extensionId: string, caller: LegState, callee: LegState, patch: Partial<BoardCall> = {}): BoardCall {
  return {
    telephonySessionId: `s-${extensionId}`,
    extensionId,
    from: '+16505560203',
    to: '+12125550101',
    caller: { state: caller, since: 1 },
    callee: { state: callee, since: 1 },
    startedAt: 1,
    endedAt: null,
    revision: 1,
    ...patch,
  };
}

async function shown(snapshot: BoardSnapshot) {
  const bridge = new FakeBridge({}, { 'teamBoard.open': () => ({ ok: true, value: snapshot }) });
  const app = new AppState(bridge);
  await app.start();
  render(TeamBoard, { app });
  return bridge;
}

describe('Team board', () => {
  it('shows a row per person, both legs in the popover’s words, busiest first; the department filter narrows it', async () => {
    await shown({
      access: { kind: 'allowed' },
      members,
      calls: [call('3', 'connected', 'ringing'), call('2', 'connected', 'busy', { endedAt: 2 })],
      live: true,
    });
    const rows = await screen.findAllByRole('row');
    // Header, then Blake (ringing), Sam (busy), Alex (free).
    expect(rows.slice(1).map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      expect.stringMatching(/Blake Abbott.*Ext\. 203.*Sales/),
      expect.stringMatching(/Sam Colleague.*Support/),
      expect.stringMatching(/Alex Demo/),
    ]);
    expect(rows[1]!.textContent).toMatch(/Ringing.*Blake:\s*Answered.*Them:\s*Ringing/);
    expect(rows[2]!.textContent).toMatch(/Busy.*Them:\s*Busy/);
    expect(rows[3]!.textContent).toMatch(/Free/);
    expect(screen.getByText('1 ringing · 1 busy')).toBeTruthy();
    expect(screen.getByText('Live')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Department'), { target: { value: 'Support' } });
    expect(screen.getAllByRole('row')).toHaveLength(2);
    await fireEvent.change(screen.getByLabelText('Department'), { target: { value: 'Sales' } });
    await fireEvent.click(screen.getByLabelText('On a call only'));
    expect(
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getByRole('rowheader').textContent),
    ).toEqual([expect.stringMatching(/Blake Abbott/)]);
  });

  it('follows updates as they come; a stale copy of a call never undoes a newer one', async () => {
    const bridge = await shown({ access: { kind: 'allowed' }, members, calls: [], live: true });
    await screen.findAllByRole('row');
    bridge.emit('teamBoard.changed', { kind: 'call', call: call('1', 'ringing', 'waiting', { revision: 1 }) });
    bridge.emit('teamBoard.changed', { kind: 'call', call: call('1', 'connected', 'connected', { revision: 3 }) });
    bridge.emit('teamBoard.changed', { kind: 'call', call: call('1', 'connected', 'ringing', { revision: 2 }) });
    await waitFor(() => expect(screen.getAllByRole('row')[1]!.textContent).toMatch(/Alex Demo.*Talking.*Alex:\s*Answered.*Them:\s*Answered/));
    bridge.emit('teamBoard.changed', { kind: 'removed', telephonySessionId: 's-1' });
    await waitFor(() => expect(screen.getByText('No calls right now')).toBeTruthy());
  });

  it('a user RingCentral does not let see the team is asked to see their admin', async () => {
    await shown({ access: { kind: 'askAdmin' }, members: [], calls: [], live: false });
    expect(await screen.findByRole('heading', { name: 'Ask your admin' })).toBeTruthy();
    expect(screen.getByText(/only to admins and to the people an admin names as team leads/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says when nobody is in the directory, and when push cannot be had', async () => {
    await shown({ access: { kind: 'allowed' }, members: [], calls: [], live: true });
    expect(await screen.findByText('Nobody in the team directory yet.')).toBeTruthy();
    document.body.innerHTML = '';
    await shown({ access: { kind: 'unavailable', problem: 'network down' }, members: [], calls: [], live: false });
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringMatching(/network down.*keeps trying/));
  });
});

describe('board rows', () => {
  it('a person’s live call comes before their ended one; presence follows the live one', () => {
    const snapshot: BoardSnapshot = {
      access: { kind: 'allowed' },
      members,
      calls: [call('1', 'connected', 'busy', { telephonySessionId: 'old', startedAt: 5, endedAt: 6 }), call('1', 'ringing', 'waiting', { startedAt: 1 })],
      live: true,
    };
    const [alex] = boardRows(snapshot, 'Sales', true);
    expect(alex!.presence).toBe('ringing');
    expect(alex!.calls.map((c) => c.telephonySessionId)).toEqual(['s-1', 'old']);
    const replaced = applyBoardUpdate(snapshot, { kind: 'snapshot', snapshot: { ...snapshot, calls: [] } });
    expect(boardRows(replaced, null, false).map((r) => r.presence)).toEqual(['idle', 'idle', 'idle']);
  });
});
