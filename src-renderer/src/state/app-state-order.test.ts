/**
 * A window never shows a call going back: the answer to "call" or "cancel" can cross newer
 * `call.updated` events (push said "answered" while the POST was still answering), and the
 * snapshot asked at start can be older than an event that came first. The newer copy stays.
 */
import { describe, expect, it } from 'vitest';
import type { TrackedCall } from '../../../src-shared/calls';
import { applyParty, newCall, placed } from '../../../src-main/core/ringout/call-machine';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from './app-state.svelte';

const T0 = Date.UTC(2026, 11, 3, 10);

/** The call as "call.start" answers it (your phone ringing), and as a later push made it (answered). */
function twoCopies(): { answer: TrackedCall; newer: TrackedCall } {
  const answer = placed(
    newCall({ id: 'c1', to: '+12125550100', from: '+16505550198', callerId: null, playPrompt: false }, T0),
    'ro1',
    { callerStatus: 'InProgress' },
    T0,
  ).call;
  const newer = applyParty(answer, { partyId: 'p1', role: 'caller', sequence: 3, code: 'Answered' }, T0 + 3000).call;
  return { answer, newer };
}

describe('AppState keeps the newest copy of a call', () => {
  it('an older copy never replaces a newer one; a newer one always does', () => {
    const { answer, newer } = twoCopies();
    expect(newer.revision).toBeGreaterThan(answer.revision ?? 0);
    const app = new AppState(new FakeBridge());
    app.upsert(newer);
    app.upsert(answer);
    expect(app.calls.map((c) => c.caller.state)).toEqual(['connected']);
    const ended = applyParty(newer, { partyId: 'p1', role: 'caller', sequence: 4, code: 'Disconnected', reason: 'CallFinished' }, T0 + 9000).call;
    app.upsert(ended);
    expect(app.calls[0]!.revision).toBe(ended.revision);
  });

  it('an event that came before the start snapshot is kept when the snapshot is older', async () => {
    const { answer, newer } = twoCopies();
    const bridge = new FakeBridge({ calls: [answer] });
    const snapshot = bridge.answers['app.snapshot']!;
    // The snapshot answers once an event has already brought a newer copy.
    bridge.answers['app.snapshot'] = async (request) => {
      app.upsert(newer);
      return snapshot(request);
    };
    const app = new AppState(bridge);
    await app.start();
    expect(app.calls.map((c) => c.caller.state)).toEqual(['connected']);
  });
});
