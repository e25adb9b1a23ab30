/**
 * Issue 30: the wrap-up step in the popover after a call ends: disposition, note, a countdown
 * on a clock the test moves, Done / Skip, and in require mode no next call until it is done.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge, trackedCall } from '../../../test-support/fake-bridge';
import { ManualClock } from '../../../test-support/manual-clock';
import type { WrapUpView } from '../../../src-shared/webhooks';
import { AppState } from '../state/app-state.svelte';
import Popover from './Popover.svelte';

afterEach(() => vi.useRealTimers());

const ended = () => trackedCall('connected', 'connected', { phase: 'ended', endedAt: Date.now() - 1000 });

async function show(mode: WrapUpView['mode'], seconds = 60) {
  const clock = new ManualClock(Date.now());
  const bridge = new FakeBridge(
    { calls: [ended()] },
    {
      'dispositions.list': () => ({ ok: true, value: ['Reached', 'Left voicemail'] }),
      'wrapUp.finish': () => ({ ok: true, value: { finished: true } }),
      'wrapUp.skip': () => ({ ok: true, value: { skipped: true } }),
      'call.annotate': () => ({ ok: true, value: { note: null, disposition: null } }),
      'call.annotation': () => ({ ok: true, value: { note: null, disposition: null } }),
      'numbers.quick': () => ({ ok: true, value: { favourites: [], recents: [] } }),
      'call.start': () => ({ ok: true, value: trackedCall('ringing', 'waiting', { id: 'call-2' }) }),
    },
  );
  const app = new AppState(bridge, clock);
  await app.start();
  render(Popover, { app });
  bridge.emit('wrapUp.changed', [{ callId: 'call-1', mode, until: clock.now() + seconds * 1000 }]);
  await tick();
  return { app, bridge, clock };
}

const channels = (bridge: FakeBridge) => bridge.calls.map((c) => c.channel);

async function advance(clock: ManualClock, ms: number) {
  clock.advance(ms);
  await tick();
}

describe('the wrap-up step in the popover', () => {
  it('appears on the ended call with the user’s dispositions, a countdown that ticks, and takes the focus', async () => {
    const { clock } = await show('ask', 60);
    const step = await screen.findByRole('form', { name: 'Wrap-up' });
    expect(screen.getByRole('timer').textContent).toBe('1:00 left');
    await waitFor(() => expect(screen.getByRole('option', { name: 'Left voicemail' })).toBeTruthy());
    expect(document.activeElement).toBe(screen.getByLabelText('Disposition'));
    await advance(clock, 15_000);
    expect(screen.getByRole('timer').textContent).toBe('0:45 left');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('Wrap-up time left: 0:45');
    expect(step.textContent).toContain('Optional: Skip if there is nothing to add.');
    // The ordinary note form gives way to the step while it runs.
    expect(screen.queryByRole('button', { name: 'Save note' })).toBeNull();
  });

  it('Done sends the disposition and note; then the card offers the next call', async () => {
    const { bridge } = await show('ask');
    await screen.findByRole('option', { name: 'Reached' });
    await fireEvent.change(screen.getByLabelText('Disposition'), { target: { value: 'Reached' } });
    await fireEvent.input(screen.getByLabelText('Note'), { target: { value: 'Sends the contract' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Wrap-up' })).toBeNull());
    expect(bridge.calls.find((c) => c.channel === 'wrapUp.finish')?.request).toEqual({
      callId: 'call-1',
      annotation: { note: 'Sends the contract', disposition: 'Reached' },
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New call' })));
  });

  it('Skip is offered in ask mode only', async () => {
    const { bridge } = await show('ask');
    await fireEvent.click(await screen.findByRole('button', { name: 'Skip' }));
    await waitFor(() => expect(channels(bridge)).toContain('wrapUp.skip'));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Wrap-up' })).toBeNull());
  });

  it('Enter in the note is a new line: it never dials, never finishes; Ctrl+Enter is Done', async () => {
    const { bridge } = await show('require');
    await screen.findByRole('option', { name: 'Reached' });
    expect(screen.queryByRole('button', { name: 'Skip' })).toBeNull();
    const note = screen.getByLabelText('Note');
    note.focus();
    for (const key of ['Enter', 'Enter']) await fireEvent.keyDown(note, { key });
    await tick();
    expect(channels(bridge)).not.toContain('call.start');
    expect(channels(bridge)).not.toContain('wrapUp.finish');
    expect(screen.getByRole('form', { name: 'Wrap-up' })).toBeTruthy();
    // Require mode wants a disposition: Ctrl+Enter says so instead of finishing.
    await fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('Choose a disposition first: a wrap-up is required after each call.')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Disposition'), { target: { value: 'Left voicemail' } });
    await fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(channels(bridge)).toContain('wrapUp.finish'));
    expect(channels(bridge)).not.toContain('call.start');
  });

  it('require mode blocks the dial form with a clear line until the countdown ends; then Enter calls', async () => {
    const { bridge, clock } = await show('require', 30);
    await fireEvent.click(await screen.findByRole('button', { name: 'New call' }));
    const blocked = await screen.findByText('Finish the wrap-up of your call with Jordan Rivera first (0:30 left).');
    expect(blocked.closest('[role="alert"]')).toBeTruthy();
    const number = screen.getByLabelText('Number to call');
    await fireEvent.input(number, { target: { value: '2125550101' } });
    const callButton = screen.getByRole('button', { name: 'Call' }) as HTMLButtonElement;
    expect(callButton.disabled).toBe(true);
    await fireEvent.keyDown(number, { key: 'Enter' });
    await fireEvent.submit(number.closest('form')!);
    await advance(clock, 10_000);
    expect(screen.getByText('Finish the wrap-up of your call with Jordan Rivera first (0:20 left).')).toBeTruthy();
    expect(channels(bridge)).not.toContain('call.start');

    // "Back to the wrap-up" returns to the step; the countdown ending lets the next call go.
    await fireEvent.click(screen.getByRole('button', { name: 'Back to the wrap-up' }));
    expect(await screen.findByRole('form', { name: 'Wrap-up' })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'New call' }));
    await advance(clock, 20_000);
    expect(screen.queryByText(/Finish the wrap-up/)).toBeNull();
    await fireEvent.input(screen.getByLabelText('Number to call'), { target: { value: '2125550101' } });
    expect((screen.getByRole('button', { name: 'Call' }) as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.submit(screen.getByLabelText('Number to call').closest('form')!);
    await waitFor(() => expect(channels(bridge)).toContain('call.start'));
  });

  it('ask mode never blocks: the form offers the way back to the wrap-up', async () => {
    const { bridge } = await show('ask', 30);
    await fireEvent.click(await screen.findByRole('button', { name: 'New call' }));
    expect(screen.queryByText(/Finish the wrap-up/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Wrap-up of your last call: 0:30 left' })).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Number to call'), { target: { value: '2125550101' } });
    await fireEvent.submit(screen.getByLabelText('Number to call').closest('form')!);
    await waitFor(() => expect(channels(bridge)).toContain('call.start'));
  });

  it('when the countdown ends, what was written is saved to the call and the step gives way to the note', async () => {
    const { bridge, clock } = await show('ask', 20);
    await screen.findByRole('option', { name: 'Reached' });
    await fireEvent.input(screen.getByLabelText('Note'), { target: { value: 'Half a thought' } });
    await advance(clock, 20_000);
    expect(screen.queryByRole('form', { name: 'Wrap-up' })).toBeNull();
    expect(bridge.calls.find((c) => c.channel === 'call.annotate')?.request).toEqual({
      ref: { callId: 'call-1' },
      annotation: { note: 'Half a thought', disposition: null },
    });
    expect(screen.getByText('Time was up, so your note was saved to the call afterwards.')).toBeTruthy();
  });

  it('a window opened during a wrap-up shows it from the snapshot', async () => {
    const clock = new ManualClock(Date.now());
    const bridge = new FakeBridge(
      { calls: [ended()], wrapUps: [{ callId: 'call-1', mode: 'require', until: clock.now() + 42_000 }] },
      { 'dispositions.list': () => ({ ok: true, value: ['Reached'] }), 'call.annotation': () => ({ ok: true, value: { note: null, disposition: null } }) },
    );
    const app = new AppState(bridge, clock);
    await app.start();
    render(Popover, { app });
    expect((await screen.findByRole('timer')).textContent).toBe('0:42 left');
    expect(screen.getByText('Required before your next call.')).toBeTruthy();
  });

  it('a phone link during a required wrap-up shows its confirmation, blocked: Enter there does not call', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { bridge, clock } = await show('require', 30);
    await screen.findByRole('form', { name: 'Wrap-up' });
    bridge.emit('dial.request', { kind: 'number', source: 'link', number: '+12125550100', extension: null, text: 'tel:+12125550100' });
    await tick();
    const confirm = await screen.findByRole('button', { name: 'Call +1 212 555 0100' });
    expect(screen.getByText(/^Finish the wrap-up of your call with Jordan Rivera first/)).toBeTruthy();
    // Past the confirmation's own guard (600 ms), the wrap-up still holds the call back.
    await vi.advanceTimersByTimeAsync(650);
    await advance(clock, 1000);
    expect(screen.getByText('Press Enter or click Call to call, Esc to cancel.')).toBeTruthy();
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.keyDown(confirm.closest('section')!, { key: 'Enter' });
    await fireEvent.submit(confirm.closest('form')!);
    await tick();
    expect(channels(bridge)).not.toContain('call.start');
  });

  it('a wrap-up for a call this window does not have is shown on its own, above the blocked form', async () => {
    const clock = new ManualClock(Date.now());
    const bridge = new FakeBridge(
      { calls: [], wrapUps: [{ callId: 'elsewhere', mode: 'require', until: clock.now() + 20_000 }] },
      { 'dispositions.list': () => ({ ok: true, value: ['Reached'] }), 'wrapUp.finish': () => ({ ok: true, value: { finished: true } }) },
    );
    const app = new AppState(bridge, clock);
    await app.start();
    render(Popover, { app });
    expect(await screen.findByRole('form', { name: 'Wrap-up' })).toBeTruthy();
    expect(screen.getByText('Finish the wrap-up of your last call first (0:20 left).')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Back to the wrap-up' })).toBeNull();
    await screen.findByRole('option', { name: 'Reached' });
    await fireEvent.change(screen.getByLabelText('Disposition'), { target: { value: 'Reached' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Wrap-up' })).toBeNull());
    expect(screen.queryByText(/Finish the wrap-up/)).toBeNull();
    expect(bridge.calls.find((c) => c.channel === 'wrapUp.finish')?.request).toEqual({
      callId: 'elsewhere',
      annotation: { note: null, disposition: 'Reached' },
    });
  });

  it('Esc does not close the popover away from a wrap-up with something written', async () => {
    const closed = vi.spyOn(window, 'close').mockImplementation(() => undefined);
    await show('ask');
    await screen.findByRole('option', { name: 'Reached' });
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(closed).toHaveBeenCalledTimes(1);
    await fireEvent.input(screen.getByLabelText('Note'), { target: { value: 'Half a thought' } });
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(closed).toHaveBeenCalledTimes(1);
    closed.mockRestore();
  });
});
