import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from '../test-support/electron-mock';
import { ipcEventName, ipcInvokeName } from '../src-shared/ipc-channels';
import { bridge } from './index';

// What the preload exposed when it loaded (before any test clears the mocks).
const exposures = [...contextBridge.exposeInMainWorld.mock.calls];

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  ipcRenderer.removeAllListeners();
});

describe('preload bridge', () => {
  it('exposes exactly invoke and on as window.ringside', () => {
    expect(exposures).toHaveLength(1);
    const [name, api] = exposures[0]!;
    expect(name).toBe('ringside');
    expect(api).toBe(bridge);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards contract requests and refuses anything else without touching IPC', async () => {
    await bridge.invoke('call.start', { to: '+12125550100' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(ipcInvokeName('call.start'), { to: '+12125550100' });
    // What a compromised page could send: the types do not stop it, the bridge does.
    const untyped = bridge as unknown as { invoke(c: string, r: unknown): Promise<unknown>; on(c: string, l: unknown): () => void };
    expect(await untyped.invoke('shell.openExternal', 'https://evil.example.com')).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'Unknown request.' },
    });
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(1);
  });

  it('subscribes to contract events only, and unsubscribes', () => {
    const listener = vi.fn();
    const off = bridge.on('call.updated', listener);
    ipcRenderer.emit(ipcEventName('call.updated'), {}, { id: 'c1' });
    expect(listener).toHaveBeenCalledWith({ id: 'c1' });
    off();
    ipcRenderer.emit(ipcEventName('call.updated'), {}, { id: 'c2' });
    expect(listener).toHaveBeenCalledTimes(1);
    (bridge as unknown as { on(c: string, l: unknown): () => void }).on('ringside:anything', listener)();
    expect(ipcRenderer.eventNames()).toEqual([]);
  });
});
