/**
 * Issue 25 item 2: an ended call looks ended at once. Before the call log confirms the legs,
 * the card says when it ended and how long they talked, and the hints speak in the past tense;
 * "Waiting for the call log to confirm…" is said of the leg outcomes only.
 */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { TrackedCall } from '../../../src-shared/calls';
import { applyParty, applyStatus, newCall, placed } from '../../../src-main/core/ringout/call-machine';
import { endedLine, format, legHint } from '../lib/messages';
import LiveCall from './LiveCall.svelte';

const T0 = Date.UTC(2026, 11, 3, 10, 16, 0);

/** A call both answered at T0 + 10 s, ended by push at T0 + 30 s: over, the call log not in yet. */
function endedCall(): TrackedCall {
  let call = placed(
    newCall({ id: 'c1', to: '+12125550100', toName: 'Jordan Rivera', from: '+16505550198', callerId: null, playPrompt: false }, T0),
    'ro1',
    {},
    T0,
  ).call;
  call = applyStatus(call, { callStatus: 'Success', callerStatus: 'Success', calleeStatus: 'InProgress' }, T0 + 5_000).call;
  call = applyStatus(call, { callStatus: 'Success', callerStatus: 'Success', calleeStatus: 'Success' }, T0 + 10_000).call;
  const party = (partyId: string, role: 'caller' | 'callee', sequence: number) => ({ partyId, role, sequence, code: 'Disconnected', reason: 'CallFinished' });
  call = applyParty(call, party('p2', 'callee', 7), T0 + 30_000).call;
  return applyParty(call, party('p1', 'caller', 8), T0 + 30_000).call;
}

describe('an ended call looks ended at once', () => {
  it('carries when it ended and when the talk began, before the call log confirms', () => {
    const call = endedCall();
    expect(call).toMatchObject({ phase: 'ended', endedAt: T0 + 30_000, connectedAt: T0 + 10_000 });
    expect(endedLine(call)).toBe(`Ended ${format.time(T0 + 30_000)} · 0:20 talk`);
    // Live, or never answered by them: no line, or no talk time.
    expect(endedLine({ ...call, phase: 'live', endedAt: null })).toBeNull();
    expect(endedLine({ ...call, connectedAt: null })).toBe(`Ended ${format.time(T0 + 30_000)}`);
  });

  it('shows the end, past-tense hints, and waits for the call log for the outcomes only', () => {
    render(LiveCall, { call: endedCall(), cancelling: false, onCancel: vi.fn(), onNewCall: vi.fn() });
    expect(screen.getByText(`Ended ${format.time(T0 + 30_000)} · 0:20 talk`)).toBeTruthy();
    expect(screen.getByText('They answered. The call has ended.')).toBeTruthy();
    expect(screen.queryByText('They answered. You are connected.')).toBeNull();
    expect(screen.getByText('Leg outcomes: waiting for the call log to confirm…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Hang up' })).toBeNull();
  });

  it('speaks in the past tense once over, for every hint it has', () => {
    expect(legHint('callee', 'connected', false)).toBe('They answered. You are connected.');
    expect(legHint('callee', 'ringing', true)).toBe('Their phone rang; the call log will say how it ended.');
    expect(legHint('caller', 'ringing', true)).toBe('Your phone rang; the call log will say how it ended.');
    for (const leg of ['caller', 'callee'] as const)
      for (const state of ['waiting', 'ringing', 'connected', 'voicemail'] as const)
        expect(legHint(leg, state, true) ?? '').not.toMatch(/ is ringing|Answer it|are connected|Asking RingCentral/);
  });
});
