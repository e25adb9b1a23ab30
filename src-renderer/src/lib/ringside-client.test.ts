import { describe, expect, it, vi } from 'vitest';
import type { RingsideBridge } from '../../../src-shared/ipc-contract';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { RingsideClient, toClientError, type ClientError } from './ringside-client';

function throwingBridge(failure: unknown): RingsideBridge {
  return {
    invoke: vi.fn(() => Promise.reject(failure)) as unknown as RingsideBridge['invoke'],
    on: () => {
      throw new Error('no events here');
    },
  };
}

describe('RingsideClient', () => {
  it('unwraps a successful Result', async () => {
    const client = new RingsideClient(new FakeBridge({}, { 'dispositions.list': () => ({ ok: true, value: ['Reached'] }) }));
    expect(await client.ask('dispositions.list', {})).toEqual({ ok: true, value: ['Reached'] });
    expect(await client.value('dispositions.list', {})).toEqual(['Reached']);
  });

  it('a failed Result becomes the mapped error, and every failure is heard by onError', async () => {
    const client = new RingsideClient(
      new FakeBridge({}, { 'favourites.set': () => ({ ok: false, error: { code: 'READ_ONLY', message: 'The history is read-only.' } }) }),
    );
    const heard: Array<[ClientError, string]> = [];
    client.onError((error, channel) => heard.push([error, channel]));
    expect(await client.ask('favourites.set', { number: '+12125550100', favourite: true })).toEqual({
      ok: false,
      error: { code: 'READ_ONLY', message: 'The history is read-only.' },
    });
    expect(await client.value('favourites.set', { number: '+12125550100', favourite: true })).toBeNull();
    expect(heard).toEqual([
      [{ code: 'READ_ONLY', message: 'The history is read-only.' }, 'favourites.set'],
      [{ code: 'READ_ONLY', message: 'The history is read-only.' }, 'favourites.set'],
    ]);
  });

  it('a bridge that throws never escapes: the request settles as an error in words', async () => {
    const bridge = throwingBridge(new Error('Error invoking remote method: boom'));
    const client = new RingsideClient(bridge);
    const heard: ClientError[] = [];
    client.onError((error) => heard.push(error));
    await expect(client.ask('history.sync', {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/^Ringside did not answer this window\./) },
    });
    await expect(client.value('numbers.quick', {})).resolves.toBeNull();
    // Nobody waits for a sent request: its failure still settles, and is heard (vitest fails a run on an unhandled rejection).
    client.send('history.sync', {});
    await vi.waitFor(() => expect(heard).toHaveLength(3));
    expect(bridge.invoke).toHaveBeenCalledTimes(3);
    // A subscription the bridge refuses is a no-op, not a throw.
    expect(client.on('notice', () => undefined)()).toBeUndefined();
  });

  it('an answer of the wrong shape, an unknown code or an empty message become one readable error', async () => {
    const client = new RingsideClient(new FakeBridge({}, { 'numbers.quick': () => undefined as never }));
    expect(await client.ask('numbers.quick', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/cannot read/) } });
    expect(toClientError({ code: 'EXPLODED', message: 'x' })).toEqual({ code: 'INTERNAL', message: 'x' });
    expect(toClientError({ code: 'NETWORK', message: '  ' })).toEqual({ code: 'NETWORK', message: expect.stringMatching(/cannot read/) });
    expect(toClientError(null).code).toBe('INTERNAL');
  });

  it('a listener that throws does not stop the others', () => {
    const bridge = new FakeBridge();
    const client = new RingsideClient(bridge);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const second = vi.fn();
    client.on('notice', () => {
      throw new Error('listener bug');
    });
    client.on('notice', second);
    bridge.emit('notice', { message: 'hello' });
    expect(second).toHaveBeenCalledWith({ message: 'hello' });
    quiet.mockRestore();
  });
});
