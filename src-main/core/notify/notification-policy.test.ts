import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test-support/fake-clock';
import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import { newCall } from '../ringout/call-machine';
import { COALESCE_MS, DEFAULT_NOTIFICATION_SETTINGS, NotificationPolicy, type CallNotification, type NotificationSettings } from './notification-policy';

const call: TrackedCall = { ...newCall({ id: 'c1', to: '+12125550100', toName: 'Jordan Rivera', from: '+16505550198', callerId: null, playPrompt: false }, 0) };
const change = (leg: 'caller' | 'callee', to: LegChange['to'], callId = 'c1'): LegChange => ({ callId, leg, from: 'waiting', to, at: 0, source: 'status' });

function setup(settings: NotificationSettings = DEFAULT_NOTIFICATION_SETTINGS) {
  const clock = new FakeClock();
  const shown: CallNotification[] = [];
  const policy = new NotificationPolicy(
    clock,
    (n) => shown.push(n),
    () => settings,
  );
  return { clock, shown, policy };
}

describe('NotificationPolicy', () => {
  it('raises one notification per leg change, naming the call', async () => {
    const { clock, shown, policy } = setup();
    policy.onLegChanged(change('caller', 'ringing'), call);
    await clock.advance(COALESCE_MS);
    policy.onLegChanged(change('caller', 'connected'), call);
    await clock.advance(COALESCE_MS);
    expect(shown).toEqual([
      { callId: 'c1', title: 'Call to Jordan Rivera (+1 212 555 0100)', body: 'Your phone is ringing', failure: false },
      { callId: 'c1', title: 'Call to Jordan Rivera (+1 212 555 0100)', body: 'You answered', failure: false },
    ]);
  });

  it('merges a burst into one notification', async () => {
    const { clock, shown, policy } = setup();
    policy.onLegChanged(change('caller', 'connected'), call);
    policy.onLegChanged(change('callee', 'ringing'), call);
    await clock.advance(COALESCE_MS);
    expect(shown.map((n) => n.body)).toEqual(['You answered · Ringing them now']);
  });

  it('never repeats the same leg state of a call', async () => {
    const { clock, shown, policy } = setup();
    policy.onLegChanged(change('callee', 'busy'), call);
    await clock.advance(COALESCE_MS);
    policy.onLegChanged(change('callee', 'busy'), call);
    await clock.advance(COALESCE_MS);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ body: 'Their line is busy', failure: true });
  });

  it('respects mute, and keeps failures when leg changes are off', async () => {
    const muted = setup({ muted: true, legChanges: true, failures: true });
    muted.policy.onLegChanged(change('callee', 'busy'), call);
    await muted.clock.advance(COALESCE_MS);
    expect(muted.shown).toEqual([]);
    const failuresOnly = setup({ muted: false, legChanges: false, failures: true });
    failuresOnly.policy.onLegChanged(change('caller', 'connected'), call);
    failuresOnly.policy.onLegChanged(change('callee', 'noAnswer'), call);
    await failuresOnly.clock.advance(COALESCE_MS);
    expect(failuresOnly.shown.map((n) => n.body)).toEqual(['They did not answer']);
  });

  it('skips the initial waiting state and unknowns', async () => {
    const { clock, shown, policy } = setup();
    policy.onLegChanged(change('callee', 'waiting'), call);
    policy.onLegChanged(change('callee', 'unknown'), call);
    await clock.advance(COALESCE_MS);
    expect(shown).toEqual([]);
  });

  it('says a refinement after the call ended once, as an update, never as a burst', async () => {
    const { clock, shown, policy } = setup();
    const update = (leg: 'caller' | 'callee', to: LegChange['to'], from: LegChange['from'] = 'ended'): LegChange => ({
      callId: 'c1',
      leg,
      from,
      to,
      at: 0,
      source: 'callLog',
      update: true,
    });
    policy.onLegChanged(change('callee', 'ended'), call);
    await clock.advance(COALESCE_MS);
    // The status and then the call log both say busy; the call log also refines your leg.
    policy.onLegChanged(update('callee', 'busy'), call);
    policy.onLegChanged(update('callee', 'busy'), call);
    policy.onLegChanged(update('caller', 'voicemail', 'connected'), call);
    await clock.advance(COALESCE_MS);
    policy.onLegChanged(update('callee', 'busy'), call);
    await clock.advance(COALESCE_MS);
    expect(shown.map((n) => n.body)).toEqual(['Their phone stopped ringing', 'Update: your voicemail answered · their line was busy']);
    expect(shown[1]).toMatchObject({ failure: true });
  });

  it('keeps an update apart from live changes of the same moment', async () => {
    const { clock, shown, policy } = setup();
    policy.onLegChanged(change('caller', 'connected'), call);
    policy.onLegChanged({ callId: 'c1', leg: 'callee', from: 'ended', to: 'busy', at: 0, source: 'status', update: true }, call);
    await clock.advance(COALESCE_MS);
    expect(shown.map((n) => n.body).sort()).toEqual(['Update: their line was busy', 'You answered']);
  });

  describe('modes for outbound work', () => {
    const withMode = (mode: NotificationSettings['mode'], persistentFailures = false) => setup({ ...DEFAULT_NOTIFICATION_SETTINGS, mode, persistentFailures });
    const busyCall = async (policy: NotificationPolicy, clock: FakeClock) => {
      for (const [leg, to] of [
        ['caller', 'ringing'],
        ['caller', 'connected'],
        ['callee', 'ringing'],
        ['callee', 'busy'],
      ] as const) {
        policy.onLegChanged(change(leg, to), call);
        await clock.advance(COALESCE_MS);
      }
    };

    it('every: each leg change', async () => {
      const { clock, shown, policy } = withMode('every');
      await busyCall(policy, clock);
      expect(shown.map((n) => n.body)).toEqual(['Your phone is ringing', 'You answered', 'Ringing them now', 'Their line is busy']);
    });

    it('outcomes: only how the legs ended, never "ringing" nor "you answered"', async () => {
      const { clock, shown, policy } = withMode('outcomes');
      await busyCall(policy, clock);
      expect(shown.map((n) => n.body)).toEqual(['Their line is busy']);
      policy.onLegChanged(change('caller', 'busy', 'c2'), call);
      policy.onLegChanged(change('callee', 'notCalled', 'c2'), call);
      await clock.advance(COALESCE_MS);
      expect(shown.at(-1)!.body).toBe('Your phone was busy · They were not called');
    });

    it('outcomes: later evidence still comes as one update', async () => {
      const { clock, shown, policy } = withMode('outcomes');
      policy.onLegChanged({ ...change('callee', 'noAnswer'), update: true }, call);
      await clock.advance(COALESCE_MS);
      expect(shown.map((n) => n.body)).toEqual([expect.stringMatching(/^Update: /)]);
    });

    it('none: nothing, failures included', async () => {
      const { clock, shown, policy } = withMode('none');
      await busyCall(policy, clock);
      expect(shown).toEqual([]);
    });

    it('a mode overrides the older leg-by-leg switch', async () => {
      const { clock, shown, policy } = setup({ muted: false, legChanges: false, failures: false, mode: 'every' });
      await busyCall(policy, clock);
      expect(shown).toHaveLength(4);
    });

    it('marks failed legs persistent only when asked', async () => {
      const asked = withMode('every', true);
      await busyCall(asked.policy, asked.clock);
      expect(asked.shown.map((n) => n.persistent ?? false)).toEqual([false, false, false, true]);
      const notAsked = withMode('every', false);
      await busyCall(notAsked.policy, notAsked.clock);
      expect(notAsked.shown.some((n) => n.persistent)).toBe(false);
    });
  });
});
