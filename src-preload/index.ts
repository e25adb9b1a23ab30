import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, ipcEventName, ipcInvokeName } from '../src-shared/ipc-channels';

const invokeChannels = new Set<string>(INVOKE_CHANNEL_NAMES);
const eventChannels = new Set<string>(EVENT_CHANNEL_NAMES);

/**
 * Exactly the IPC contract, nothing else: `invoke` for the contract's requests and `on` for
 * its events (returning an unsubscribe). No Electron or Node object reaches the page.
 */
export const bridge = {
  invoke(channel: string, request: unknown): Promise<unknown> {
    if (!invokeChannels.has(channel)) return Promise.resolve({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown request.' } });
    return ipcRenderer.invoke(ipcInvokeName(channel), request);
  },
  on(channel: string, listener: (payload: unknown) => void): () => void {
    if (!eventChannels.has(channel) || typeof listener !== 'function') return () => undefined;
    const name = ipcEventName(channel);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(name, wrapped);
    return () => void ipcRenderer.removeListener(name, wrapped);
  },
};

contextBridge.exposeInMainWorld('ringside', bridge);
