import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from '../src-shared/bridge-core';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, ipcEventName, ipcInvokeName } from '../src-shared/ipc-channels';

/**
 * `window.ringside` over Electron's IPC (src-shared/bridge-core.ts): exactly the contract, no
 * Electron or Node object reaches the page.
 */
export const bridge = createBridge(
  {
    invoke: (channel, request) => ipcRenderer.invoke(ipcInvokeName(channel), request),
    listen(channel, deliver) {
      const name = ipcEventName(channel);
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => deliver(payload);
      ipcRenderer.on(name, wrapped);
      return () => void ipcRenderer.removeListener(name, wrapped);
    },
  },
  INVOKE_CHANNEL_NAMES,
  EVENT_CHANNEL_NAMES,
);

contextBridge.exposeInMainWorld('ringside', bridge);
