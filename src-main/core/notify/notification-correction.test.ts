/**
 * Issue 25 item 4: a call-log correction is always announced. When your own voicemail picks
 * up without push (0111), the status reads NoAnsweringMachine ("You did not answer · They
 * were not called"), and the call log then says Voicemail: the card settles on it, and the
 * last notification must say so, as the README promises: one "Update: …".
 */
import { describe, expect, it } from 'vitest';
import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import { FakeClock } from '../../../test-support/fake-clock';
import { coreRig, finalCall } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import { systemClock } from '../ports';
import { newCall } from '../ringout/call-machine';
import { COALESCE_MS, NotificationPolicy, type CallNotification, type NotificationSettings } from './notification-policy';

const call: TrackedCall = newCall({ id: 'c1', to: '+12125550111', toName: 'Sasha Ivanova', from: '+16505550198', callerId: null, playPrompt: false }, 0);
const live = (leg: 'caller' | 'callee', from: LegChange['from'], to: LegChange['to']): LegChange => ({ callId: 'c1', leg, from, to, at: 0, source: 'status' });
const update = (leg: 'caller' | 'callee', from: LegChange['from'], to: LegChange['to']): LegChange => ({
  ...live(leg, from, to),
  source: 'callLog',
  update: true,
});

function setup(settings: NotificationSettings) {
  const clock = new FakeClock();
  const shown: CallNotification[] = [];
  return {
    clock,
    shown,
    policy: new NotificationPolicy(
      clock,
      (n) => shown.push(n),
      () => settings,
    ),
  };
}

describe('a call-log correction is announced', () => {
  it.each<[string, NotificationSettings, string]>([
    ['every leg change', { muted: false, legChanges: true, failures: true }, 'You did not answer · They were not called'],
    ['only outcomes', { muted: false, legChanges: true, failures: true, mode: 'outcomes' }, 'You did not answer · They were not called'],
    // "Missed and failed calls" only: the failure was said, so its correction is said too.
    ['only failures', { muted: false, legChanges: false, failures: true }, 'You did not answer'],
  ])('says "Update: your voicemail answered" after "You did not answer" (%s)', async (_, settings, first) => {
    const { clock, shown, policy } = setup(settings);
    policy.onLegChanged(live('caller', 'ringing', 'noAnswer'), call);
    policy.onLegChanged(live('callee', 'waiting', 'notCalled'), call);
    await clock.advance(COALESCE_MS);
    policy.onLegChanged(update('caller', 'noAnswer', 'voicemail'), call);
    await clock.advance(COALESCE_MS);
    expect(shown.map((n) => n.body)).toEqual([first, 'Update: your voicemail answered']);
  });

  it('says nothing for an update of a leg never spoken of when the filter excludes it, and never twice', async () => {
    const { clock, shown, policy } = setup({ muted: false, legChanges: false, failures: true });
    policy.onLegChanged(update('callee', 'ended', 'connected'), call);
    await clock.advance(COALESCE_MS);
    expect(shown).toEqual([]);
    policy.onLegChanged(live('callee', 'ringing', 'busy'), call);
    await clock.advance(COALESCE_MS);
    policy.onLegChanged(live('callee', 'ringing', 'busy'), call);
    await clock.advance(COALESCE_MS);
    expect(shown.map((n) => n.body)).toEqual(['Their line is busy']);
  });

  it('stays silent when muted or set to never, correction or not', async () => {
    for (const settings of [
      { muted: true, legChanges: true, failures: true },
      { muted: false, legChanges: true, failures: true, mode: 'none' as const },
    ]) {
      const { clock, shown, policy } = setup(settings);
      policy.onLegChanged(live('caller', 'ringing', 'noAnswer'), call);
      policy.onLegChanged(update('caller', 'noAnswer', 'voicemail'), call);
      await clock.advance(COALESCE_MS);
      expect(shown).toEqual([]);
    }
  });

  it('against the simulator: your voicemail without push ends on "Update: your voicemail answered"', async () => {
    const rig = await coreRig({ push: false, sim: { timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 10 } });
    try {
      const shown: CallNotification[] = [];
      const policy = new NotificationPolicy(
        systemClock,
        (n) => shown.push(n),
        () => ({ muted: false, legChanges: true, failures: true }),
        COALESCE_MS / 50,
      );
      rig.tracker.onLegChanged((change, tracked) => policy.onLegChanged(change, tracked));
      const placed = await rig.tracker.place({ to: '+12125550111', from: '+16505550198' });
      const final = await finalCall(rig, placed.id);
      expect(final).toMatchObject({ phase: 'confirmed', caller: { state: 'voicemail' }, callee: { state: 'notCalled' } });
      await waitFor(() => shown.some((n) => n.body.startsWith('Update:')), { what: 'the update notification' });
      expect(shown.map((n) => n.body)).toContain('You did not answer · They were not called');
      expect(shown.at(-1)?.body).toBe('Update: your voicemail answered');
    } finally {
      await rig.close();
    }
  });
});
