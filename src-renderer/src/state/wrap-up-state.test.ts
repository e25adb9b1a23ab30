import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { ManualClock } from '../../../test-support/manual-clock';
import { RingsideClient } from '../lib/ringside-client';
import { WrapUpState } from './wrap-up-state.svelte';

function setup() {
  const clock = new ManualClock();
  const bridge = new FakeBridge(
    {},
    {
      'wrapUp.finish': () => ({ ok: true, value: { finished: true } }),
      'wrapUp.skip': () => ({ ok: true, value: { skipped: true } }),
      'call.annotate': () => ({ ok: true, value: { note: null, disposition: null } }),
    },
  );
  const state = new WrapUpState(new RingsideClient(bridge), clock);
  return { clock, bridge, state };
}

describe('WrapUpState', () => {
  it('counts down to until on its clock, ticking only while a wrap-up waits, and blocks in require mode until the end', () => {
    const { clock, state } = setup();
    expect(clock.ticking).toBe(0);
    state.set([{ callId: 'call-1', mode: 'require', until: clock.now() + 30_000 }]);
    expect(clock.ticking).toBe(1);
    expect(state.current?.callId).toBe('call-1');
    expect(state.blocking?.callId).toBe('call-1');
    expect(state.remaining).toBe(30_000);
    clock.advance(12_500);
    expect(state.remaining).toBe(17_500);
    clock.advance(17_500);
    expect(state.current).toBeNull();
    expect(state.blocking).toBeNull();
    expect(state.notice).toBe('Time is up: the call was reported without a wrap-up.');
    expect(clock.ticking).toBe(0);
  });

  it('ask mode never blocks; Skip asks main to report the call now', async () => {
    const { clock, bridge, state } = setup();
    state.set([{ callId: 'call-1', mode: 'ask', until: clock.now() + 30_000 }]);
    expect(state.blocking).toBeNull();
    expect(await state.skip()).toBe(true);
    expect(bridge.calls.at(-1)).toEqual({ channel: 'wrapUp.skip', request: { callId: 'call-1' } });
    expect(state.current).toBeNull();
  });

  it('Skip is refused in require mode; Done there needs a disposition, then sends note and disposition', async () => {
    const { clock, bridge, state } = setup();
    state.set([{ callId: 'call-1', mode: 'require', until: clock.now() + 30_000 }]);
    expect(await state.skip()).toBe(false);
    state.setNote('Wants a quote');
    expect(await state.finish()).toBe(false);
    expect(state.error).toBe('Choose a disposition first: a wrap-up is required after each call.');
    expect(bridge.calls.map((c) => c.channel)).not.toContain('wrapUp.finish');
    state.setDisposition('Reached');
    expect(await state.finish()).toBe(true);
    expect(bridge.calls.at(-1)).toEqual({
      channel: 'wrapUp.finish',
      request: { callId: 'call-1', annotation: { note: 'Wants a quote', disposition: 'Reached' } },
    });
    expect(state.current).toBeNull();
    expect(state.note).toBe('');
  });

  it('a countdown that ends with a note written saves it to the call: nothing typed is lost', () => {
    const { clock, bridge, state } = setup();
    state.set([{ callId: 'call-1', mode: 'ask', until: clock.now() + 10_000 }]);
    state.setNote('Call back Tuesday');
    clock.advance(10_000);
    expect(state.current).toBeNull();
    expect(bridge.calls.at(-1)).toEqual({
      channel: 'call.annotate',
      request: { ref: { callId: 'call-1' }, annotation: { note: 'Call back Tuesday', disposition: null } },
    });
    expect(state.notice).toBe('Time was up, so your note was saved to the call afterwards.');
  });

  it('the next call waiting starts with an empty draft; main failing Done keeps the draft and says why', async () => {
    const { clock, bridge, state } = setup();
    bridge.answers['wrapUp.finish'] = () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'That wrap-up is over.' } });
    state.set([
      { callId: 'call-1', mode: 'ask', until: clock.now() + 10_000 },
      { callId: 'call-2', mode: 'ask', until: clock.now() + 40_000 },
    ]);
    state.setDisposition('Reached');
    expect(await state.finish()).toBe(false);
    expect(state.error).toBe('That wrap-up is over.');
    expect(state.disposition).toBe('Reached');
    clock.advance(10_000);
    expect(state.current?.callId).toBe('call-2');
    expect(state.disposition).toBe('');
    // The first call's disposition went to it, not to the second call.
    expect(bridge.calls.at(-1)).toEqual({
      channel: 'call.annotate',
      request: { ref: { callId: 'call-1' }, annotation: { note: null, disposition: 'Reached' } },
    });
  });
});
