import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge, trackedCall } from '../../../test-support/fake-bridge';
import { AppState } from './app-state.svelte';
import { CONFIRM_GUARD_MS, PopoverState, RECENT_MS } from './popover-state.svelte';

async function popoverWith(bridge = new FakeBridge()) {
  let now = 1_000_000;
  const app = new AppState(bridge);
  await app.start();
  const popover = new PopoverState(app, () => now);
  return { app, popover, bridge, advance: (ms: number) => (now += ms), now: () => now };
}

afterEach(() => vi.useRealTimers());

describe('PopoverState: the confirmation', () => {
  it('ignores keys and submits for its first moments and held keys always; arms after the guard', async () => {
    vi.useFakeTimers();
    const { app, popover, bridge, advance, now } = await popoverWith();
    app.askToDial({ kind: 'number', source: 'link', number: '+12125550100', extension: null, text: '+12125550100' });
    app.dial = { ...app.dial!, at: now() };
    expect(popover.confirming?.number).toBe('+12125550100');
    const disarm = popover.armConfirmation();
    expect(popover.tooSoon({ repeat: false })).toBe(true);
    await popover.submit();
    expect(bridge.calls.some((c) => c.channel === 'call.start')).toBe(false);
    advance(CONFIRM_GUARD_MS);
    vi.advanceTimersByTime(CONFIRM_GUARD_MS);
    expect(popover.armed).toBe(true);
    expect(popover.tooSoon({ repeat: false })).toBe(false);
    expect(popover.tooSoon({ repeat: true })).toBe(true);
    disarm?.();
  });

  it('a number is confirmed only when signed in', async () => {
    const { app, popover } = await popoverWith(new FakeBridge({ session: { status: 'signedOut', demo: false } }));
    app.askToDial({ kind: 'number', source: 'hotkey', number: '+12125550100', extension: null, text: 'x' });
    expect(popover.confirming).toBeNull();
  });
});

describe('PopoverState: numbers from text', () => {
  it('a paste with a number asks to confirm it; text without one says so; an empty paste is left alone', async () => {
    const { app, popover } = await popoverWith();
    expect(popover.paste('Call me at (212) 555-0100 tomorrow')).toBe(true);
    expect(app.dial).toMatchObject({ kind: 'number', source: 'paste', number: '+12125550100' });
    expect(popover.confirmSource).toMatch(/past/i);
    expect(popover.paste('no digits here')).toBe(true);
    expect(app.dial).toMatchObject({ kind: 'noNumber', source: 'paste', message: expect.stringContaining('no digits here') });
    expect(popover.paste('   ')).toBe(false);
  });

  it('Esc on the confirmation forgets the number here and in main', async () => {
    const { app, popover, bridge } = await popoverWith();
    popover.askToCall('+12125550100', 'recent');
    popover.cancelDial();
    expect(app.dial).toBeNull();
    expect(popover.form.input).toBe('');
    expect(bridge.calls.map((c) => c.channel)).toContain('dial.dismiss');
  });
});

describe('PopoverState: which call it shows', () => {
  it('opens on a call in progress, or one that ended in the last few minutes', async () => {
    const { popover, now } = await popoverWith();
    expect(popover.worthShowing(trackedCall('ringing', 'waiting'))).toBe(true);
    expect(popover.worthShowing(trackedCall('connected', 'connected', { phase: 'confirmed', endedAt: now() - RECENT_MS + 1 }))).toBe(true);
    expect(popover.worthShowing(trackedCall('connected', 'connected', { phase: 'confirmed', endedAt: now() - RECENT_MS }))).toBe(false);
    expect(popover.worthShowing(null)).toBe(false);
  });

  it('once loaded, shows the current call instead of the form; a notification shows its call', async () => {
    const live = trackedCall('ringing', 'waiting');
    const { popover } = await popoverWith(new FakeBridge({ calls: [live] }));
    popover.openOnceLoaded();
    expect(popover.showForm).toBe(false);
    expect(popover.call?.id).toBe(live.id);
    popover.newCall();
    expect(popover.call).toBeNull();
    popover.showRequestedCall(live.id);
    expect(popover.call?.id).toBe(live.id);
  });

  it('the quick numbers reload when the history settles a call, not when it merely ends', async () => {
    const { app, popover } = await popoverWith();
    expect(popover.settledCalls).toBe(0);
    app.upsert(trackedCall('connected', 'busy', { id: 'a', phase: 'ended', endedAt: 1 }));
    expect(popover.settledCalls).toBe(0);
    app.upsert(trackedCall('connected', 'busy', { id: 'a', phase: 'confirmed', endedAt: 1, revision: 1 }));
    app.upsert(trackedCall('failed', 'notCalled', { id: 'b', phase: 'failed', endedAt: 1 }));
    expect(popover.settledCalls).toBe(2);
  });

  it('says each leg change once in the live region', async () => {
    const { app, popover } = await popoverWith(new FakeBridge({ calls: [trackedCall('ringing', 'waiting')] }));
    popover.openOnceLoaded();
    popover.announceLegs();
    expect(popover.announcement).toBe('Them: Waiting');
    popover.announcement = '';
    popover.announceLegs();
    expect(popover.announcement).toBe('');
    app.upsert(trackedCall('connected', 'waiting', { revision: 1 }));
    popover.announceLegs();
    expect(popover.announcement).toBe('You: Answered');
  });
});

describe('PopoverState: ending a call', () => {
  it('the shortcut asks first while both sides talk, then ends; a refusal becomes the notice', async () => {
    const talking = trackedCall('connected', 'connected');
    const bridge = new FakeBridge(
      { calls: [talking] },
      { 'call.cancel': () => ({ ok: false, error: { code: 'TOO_LATE', message: 'The call had already ended.' } }) },
    );
    const { app, popover } = await popoverWith(bridge);
    popover.openOnceLoaded();
    expect(popover.endShortcut()).toBe(true);
    expect(popover.askHangUp).toBe(true);
    expect(bridge.calls.some((c) => c.channel === 'call.cancel')).toBe(false);
    popover.endShortcut();
    await vi.waitFor(() => expect(app.notice).toBe('The call had already ended.'));
    expect(popover.cancelling).toBe(false);
    expect(popover.askHangUp).toBe(false);
  });

  it('there is nothing to end on the form or after the call', async () => {
    const { popover } = await popoverWith(new FakeBridge({ calls: [trackedCall('connected', 'busy', { phase: 'confirmed', endedAt: Date.now() })] }));
    expect(popover.endShortcut()).toBe(false);
    popover.openOnceLoaded();
    expect(popover.endShortcut()).toBe(false);
  });
});
