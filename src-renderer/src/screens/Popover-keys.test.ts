/**
 * Issue 25 (items 2, 3, 5, 6, 7, 9, the vanity number) and issue 26 item 3: keys that never
 * surprise, an end you can see, colours per leg, retry where you need it, nothing lost.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge, trackedCall } from '../../../test-support/fake-bridge';
import type { QuickNumber } from '../../../src-shared/annotations';
import { AppState } from '../state/app-state.svelte';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import Popover from './Popover.svelte';

async function show(bridge: FakeBridge) {
  const app = new AppState(bridge);
  await app.start();
  render(Popover, { app });
  return app;
}

const started = (bridge: FakeBridge) => bridge.calls.filter((c) => c.channel === 'call.start');
const placed = () => ({ ok: true as const, value: trackedCall('ringing', 'waiting') });

afterEach(() => {
  vi.useRealTimers();
  history.replaceState(null, '', '/');
});

describe('the dial confirmation ignores a stray Enter (issue 26, item 3)', () => {
  it('keys in its first 600 ms or held since before do nothing; the Call button is not focused; Enter afterwards calls', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const bridge = new FakeBridge({}, { 'call.start': placed });
    await show(bridge);
    bridge.emit('dial.request', { kind: 'number', source: 'link', number: '+12125550100', extension: null, text: 'tel:+12125550100' });
    await tick();
    const call = screen.getByRole('button', { name: 'Call +1 212 555 0100' }) as HTMLButtonElement;
    const section = call.closest('section')!;
    expect(document.activeElement).toBe(section);
    expect(call.disabled).toBe(true);
    expect(screen.getByText('Read it first: keys are ignored for a moment.')).toBeTruthy();

    // 50 to 300 ms after the link opened it: Enter on the confirmation, in the number field, and a submit.
    for (const at of [50, 150, 300]) {
      await vi.advanceTimersByTimeAsync(at - (at === 50 ? 0 : at === 150 ? 50 : 150));
      await fireEvent.keyDown(section, { key: 'Enter' });
      await fireEvent.keyDown(screen.getByLabelText('Number to call'), { key: 'Enter' });
      await fireEvent.submit(section.closest('form')!);
    }
    await vi.advanceTimersByTimeAsync(50);
    expect(started(bridge)).toEqual([]);

    await vi.advanceTimersByTimeAsync(300);
    await tick();
    expect(call.disabled).toBe(false);
    expect(document.activeElement).not.toBe(call);
    // An Enter held down since before (auto-repeat) is still not a choice.
    await fireEvent.keyDown(section, { key: 'Enter', repeat: true });
    await vi.advanceTimersByTimeAsync(10);
    expect(started(bridge)).toEqual([]);

    await fireEvent.keyDown(section, { key: 'Enter' });
    await vi.advanceTimersByTimeAsync(10);
    expect(started(bridge).map((c) => (c.request as { to: string }).to)).toEqual(['+12125550100']);
  });
});

describe('Esc never ends a call (item 3)', () => {
  it('Esc during a conversation leaves it alone; the end shortcut asks first; Hang up ends it', async () => {
    const bridge = new FakeBridge(
      { calls: [trackedCall('connected', 'connected')] },
      { 'call.cancel': () => ({ ok: true, value: trackedCall('connected', 'connected', { phase: 'ended', endedAt: Date.now() }) }) },
    );
    const closed = vi.spyOn(window, 'close').mockImplementation(() => undefined);
    await show(bridge);
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(closed).toHaveBeenCalled();
    expect(bridge.calls.map((c) => c.channel)).not.toContain('call.cancel');

    await fireEvent.keyDown(window, { key: 'e', ctrlKey: true, shiftKey: true });
    expect(await screen.findByRole('alertdialog')).toBeTruthy();
    expect(screen.getByText('Hang up on Jordan Rivera? This cannot be undone.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep the call' }));
    // Esc (or "Keep the call") keeps it.
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(bridge.calls.map((c) => c.channel)).not.toContain('call.cancel');

    // A click on the labelled button is the deliberate way.
    await fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(bridge.calls.map((c) => c.channel)).toContain('call.cancel'));
    closed.mockRestore();
  });
});

describe('an ended call reads as ended at once (item 2)', () => {
  it('says when it ended and how long they talked, with past-tense hints, while the call log confirms the legs', async () => {
    const start = Date.now() - 60_000;
    const answered = start + 10_000;
    const endedAt = answered + 20_000;
    const call = trackedCall('connected', 'connected', { phase: 'ended', endedAt, connectedAt: answered });
    call.callee.history = [
      { state: 'waiting', raw: null, at: start, source: 'local' },
      { state: 'ringing', raw: null, at: start + 5_000, source: 'push' },
      { state: 'connected', raw: null, at: answered, source: 'push' },
    ];
    await show(new FakeBridge({ calls: [call] }, { 'call.annotation': () => ({ ok: true, value: { note: null, disposition: null } }) }));
    const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(new Date(endedAt));
    expect(screen.getByText(`Ended ${time} · 0:20 talk`)).toBeTruthy();
    expect(screen.getByText('They answered. The call has ended.')).toBeTruthy();
    expect(screen.queryByText('They answered. You are connected.')).toBeNull();
    expect(screen.getByText('Leg outcomes: waiting for the call log to confirm…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Hang up' })).toBeNull();
  });
});

describe('one colour rule per leg (item 5)', () => {
  const toneOf = (name: string) => [...screen.getByRole('region', { name }).classList].find((c) => c.startsWith('tone-'));

  it('your voicemail is a failure of your leg, with a warning; their voicemail is partial; a cancel is neutral', async () => {
    await show(new FakeBridge({ calls: [trackedCall('voicemail', 'notCalled', { phase: 'ended', endedAt: Date.now() })] }));
    expect(toneOf('You: Voicemail')).toBe('tone-failure');
    expect(toneOf('Them: Not called')).toBe('tone-neutral');
    expect(screen.getByRole('alert').textContent).toMatch(/Your own voicemail answered, so they were never called/);
    document.body.innerHTML = '';

    await show(new FakeBridge({ calls: [trackedCall('connected', 'voicemail')] }));
    expect(toneOf('You: Answered')).toBe('tone-success');
    expect(toneOf('Them: Voicemail')).toBe('tone-partial');
    expect(screen.queryByText(/Your own voicemail answered/)).toBeNull();
    document.body.innerHTML = '';

    await show(new FakeBridge({ calls: [trackedCall('hungUp', 'notCalled', { phase: 'confirmed', endedAt: Date.now() })] }));
    expect(toneOf('You: Cancelled')).toBe('tone-neutral');
  });
});

describe('retry where you need it (item 6)', () => {
  it('after "busy" the outcome card offers Call again, which asks to confirm the same number', async () => {
    const bridge = new FakeBridge({ calls: [trackedCall('connected', 'busy', { phase: 'confirmed', endedAt: Date.now() })] });
    await show(bridge);
    await fireEvent.click(screen.getByRole('button', { name: 'Call again' }));
    expect(await screen.findByText('Call +1 212 555 0100?')).toBeTruthy();
    expect(screen.getByText('Calling again')).toBeTruthy();
    expect((screen.getByLabelText('Number to call') as HTMLInputElement).value).toBe('+1 212 555 0100');
    expect(started(bridge)).toEqual([]);
  });

  it('a name in Recents shows what it does and asks to confirm (no call on a single click)', async () => {
    const recent: QuickNumber = { number: '+12125550111', name: 'Daenerys Targaryen', favourite: false, last: null };
    const bridge = new FakeBridge({}, { 'numbers.quick': () => ({ ok: true, value: { favourites: [], recents: [recent] } }), 'call.start': placed });
    await show(bridge);
    const entry = await screen.findByRole('button', { name: 'Call Daenerys Targaryen' });
    expect(entry.getAttribute('title')).toBe('Call Daenerys Targaryen: shows the number to confirm first');
    expect(entry.querySelector('svg')).toBeTruthy();
    await fireEvent.click(entry);
    expect(await screen.findByText('Call +1 212 555 0111?')).toBeTruthy();
    expect(screen.getByText('From your favourites and recents')).toBeTruthy();
    expect(started(bridge)).toEqual([]);
  });
});

describe('nothing typed is lost (item 7)', () => {
  it('"New call" saves an unsaved note and disposition first', async () => {
    const bridge = new FakeBridge(
      { calls: [trackedCall('connected', 'noAnswer', { phase: 'confirmed', endedAt: Date.now() })] },
      {
        'call.annotation': () => ({ ok: true, value: { note: null, disposition: null } }),
        'dispositions.list': () => ({ ok: true, value: ['Left message', 'Follow up'] }),
        'call.annotate': (request) => ({ ok: true, value: (request as { annotation: { note: string | null; disposition: string | null } }).annotation }),
      },
    );
    await show(bridge);
    await fireEvent.input(await screen.findByLabelText('Note'), { target: { value: 'Try again after lunch' } });
    await waitFor(() => expect(screen.getByRole('option', { name: 'Follow up' })).toBeTruthy());
    await fireEvent.change(screen.getByLabelText('Disposition'), { target: { value: 'Follow up' } });
    await fireEvent.click(screen.getByRole('button', { name: 'New call' }));
    await waitFor(() => expect(screen.getByLabelText('Number to call')).toBeTruthy());
    expect(bridge.calls.find((c) => c.channel === 'call.annotate')?.request).toEqual({
      ref: { callId: 'call-1' },
      annotation: { note: 'Try again after lunch', disposition: 'Follow up' },
    });
  });

  it('Esc does not close the popover over an unsaved note', async () => {
    const bridge = new FakeBridge(
      { calls: [trackedCall('connected', 'noAnswer', { phase: 'confirmed', endedAt: Date.now() })] },
      { 'call.annotation': () => ({ ok: true, value: { note: null, disposition: null } }), 'dispositions.list': () => ({ ok: true, value: [] }) },
    );
    const closed = vi.spyOn(window, 'close').mockImplementation(() => undefined);
    await show(bridge);
    await fireEvent.input(await screen.findByLabelText('Note'), { target: { value: 'Half a thought' } });
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(closed).not.toHaveBeenCalled();
    closed.mockRestore();
  });

  it('a note that cannot be saved keeps the card, with the reason', async () => {
    const bridge = new FakeBridge(
      { calls: [trackedCall('connected', 'noAnswer', { phase: 'confirmed', endedAt: Date.now() })] },
      {
        'call.annotation': () => ({ ok: true, value: { note: null, disposition: null } }),
        'dispositions.list': () => ({ ok: true, value: [] }),
        'call.annotate': () => ({ ok: false, error: { code: 'INTERNAL', message: 'The history is read-only.' } }),
      },
    );
    await show(bridge);
    await fireEvent.input(await screen.findByLabelText('Note'), { target: { value: 'Keep me' } });
    await fireEvent.click(screen.getByRole('button', { name: 'New call' }));
    expect(await screen.findByText('The history is read-only.')).toBeTruthy();
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Keep me');
    expect(screen.queryByLabelText('Number to call')).toBeNull();
  });
});

describe('a form that fits and says what is wrong (item 9, vanity numbers)', () => {
  it('Enter on an empty number says so', async () => {
    const bridge = new FakeBridge();
    await show(bridge);
    await fireEvent.submit(screen.getByLabelText('Number to call').closest('form')!);
    expect(await screen.findByText('Enter a phone number to call.')).toBeTruthy();
    expect(started(bridge)).toEqual([]);
  });

  it('a "Ring me at" problem shows under its own field, not under the number', async () => {
    // A remembered "another number" that is not a phone (jsdom cannot pick a <select> option for Svelte's binding).
    const bridge = new FakeBridge({ settings: { ...structuredClone(DEFAULT_SETTINGS), lastRingMeAt: '12' } });
    await show(bridge);
    expect(((await screen.findByLabelText('Your phone number')) as HTMLInputElement).value).toBe('12');
    await fireEvent.input(screen.getByLabelText('Number to call'), { target: { value: '+1 212 555 0100' } });
    await fireEvent.submit(screen.getByLabelText('Number to call').closest('form')!);
    const problem = await screen.findByText(/not a valid phone number/);
    expect(problem.id).toBe('ring-me-at-problem');
    expect(document.getElementById('number-problem')!.textContent).toBe('');
    expect(screen.getByLabelText('Your phone number').getAttribute('aria-invalid')).toBe('true');
    expect(started(bridge)).toEqual([]);
  });

  it('phones that may not ring first are named on demand, not in a permanent paragraph', async () => {
    const numbers = {
      ringMeAt: [
        { id: '1', phoneNumber: '+16505550198', label: 'My mobile', type: 'Mobile' },
        { id: '2', phoneNumber: '+16505550194', label: 'Home phone', type: 'Home' },
      ],
      callerIds: [],
    };
    await show(new FakeBridge({}, { 'numbers.list': () => ({ ok: true, value: numbers }) }));
    const summary = await screen.findByText('1 phone not offered: why?');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    expect(details.textContent).toMatch(/Not offered: Home phone\./);
  });

  it('accepts a vanity number in the field, read as the dial hotkey reads it', async () => {
    const bridge = new FakeBridge({}, { 'call.start': placed });
    await show(bridge);
    await waitFor(() => expect((screen.getByLabelText('Ring me at') as HTMLSelectElement).value).toBe('+16505550198'));
    await fireEvent.input(screen.getByLabelText('Number to call'), { target: { value: '1-800-FLOWERS' } });
    await fireEvent.submit(screen.getByLabelText('Number to call').closest('form')!);
    await waitFor(() => expect(started(bridge).map((c) => (c.request as { to: string }).to)).toEqual(['+18003569377']));
  });
});

describe('reaching the confirmation without a hotkey (item 13: the browser edition)', () => {
  it('a ?dial= number in the address asks to confirm, then leaves the address', async () => {
    history.replaceState(null, '', '/?key=abc&dial=%2B1%20212%20555%200104#/popover');
    const bridge = new FakeBridge({}, { 'call.start': placed });
    await show(bridge);
    expect(await screen.findByText('Call +1 212 555 0104?')).toBeTruthy();
    expect(screen.getByText('From the address of this page')).toBeTruthy();
    expect(location.search).toBe('?key=abc');
    expect(started(bridge)).toEqual([]);
  });

  it('a number pasted outside a field asks to confirm; pasted into the field it is just text', async () => {
    const bridge = new FakeBridge();
    await show(bridge);
    const paste = (target: EventTarget, text: string) => {
      const event = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: { getData(type: string): string } };
      event.clipboardData = { getData: () => text };
      target.dispatchEvent(event);
    };
    paste(screen.getByLabelText('Number to call'), '212 555 0105');
    await tick();
    expect(screen.queryByText('Call +1 212 555 0105?')).toBeNull();
    paste(document.body, 'Call Sam on (212) 555-0105 today');
    expect(await screen.findByText('Call +1 212 555 0105?')).toBeTruthy();
    expect(screen.getByText('From the text you pasted')).toBeTruthy();
  });
});
