import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { bridgeSource, createBridge, type BridgeTransport } from './bridge-core';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from './ipc-channels';

function transport() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const recorded = {
    invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
    listen: vi.fn((channel: string, deliver: (payload: unknown) => void) => {
      listeners.set(channel, deliver);
      return () => void listeners.delete(channel);
    }),
  } satisfies BridgeTransport;
  return { recorded, listeners };
}

// The bridge as each place gets it: the preload calls the function; a page evaluates its source
// in a realm of its own (here a fresh V8 context with nothing of this module in it).
const variants = {
  preload: createBridge,
  page: runInNewContext(bridgeSource()) as typeof createBridge,
};

describe.each(Object.entries(variants))('window.ringside (%s)', (_name, create) => {
  it('forwards contract requests, an absent request as {}, and refuses anything else without the transport', async () => {
    const { recorded } = transport();
    const bridge = create(recorded, INVOKE_CHANNEL_NAMES, EVENT_CHANNEL_NAMES);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(await bridge.invoke('call.start', { to: '+12125550100' })).toEqual({ ok: true, value: { channel: 'call.start', request: { to: '+12125550100' } } });
    await bridge.invoke('app.snapshot', undefined as never);
    expect(recorded.invoke).toHaveBeenLastCalledWith('app.snapshot', {});
    const refused = await (bridge.invoke as (c: string, r: unknown) => Promise<unknown>)('shell.openExternal', 'https://evil.example.com');
    expect(refused).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown request.' } });
    expect(recorded.invoke).toHaveBeenCalledTimes(2);
  });

  it('subscribes to contract events only, and unsubscribes', () => {
    const { recorded, listeners } = transport();
    const bridge = create(recorded, INVOKE_CHANNEL_NAMES, EVENT_CHANNEL_NAMES);
    const heard = vi.fn();
    const off = bridge.on('notice', heard);
    listeners.get('notice')!({ message: 'hello' });
    expect(heard).toHaveBeenCalledWith({ message: 'hello' });
    off();
    expect(listeners.size).toBe(0);
    (bridge.on as (c: string, l: unknown) => () => void)('ringside:anything', heard)();
    (bridge.on as (c: string, l: unknown) => () => void)('notice', 'not a function')();
    expect(recorded.listen).toHaveBeenCalledTimes(1);
  });
});
