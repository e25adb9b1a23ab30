import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNEL_NAMES, ipcEventName, ipcInvokeName } from '../../../src-shared/ipc-channels';
import type { EventChannel, EventPayloads } from '../../../src-shared/ipc-contract';
import type { EventSink } from '../../app/app-ports';
import { dispatchInvoke, type HandlerTable } from '../../app/ipc-handlers';
import type { Logger } from '../../core/ports';
import { isOwnPage, type RendererSource } from '../windows/secure-window';

/**
 * Wires the contract to ipcMain: one handler per channel, each checking that the request
 * comes from one of our own pages before the payload is validated and handled.
 */
export function registerIpcHandlers(table: HandlerTable, source: RendererSource, logger: Logger): () => void {
  for (const channel of INVOKE_CHANNEL_NAMES) {
    ipcMain.handle(ipcInvokeName(channel), async (event: IpcMainInvokeEvent, request: unknown) => {
      const senderUrl = event.senderFrame?.url;
      if (!senderUrl || !isOwnPage(senderUrl, source)) {
        logger.warn('IPC request from a foreign page refused', { channel });
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This page may not talk to Ringside.' } };
      }
      return dispatchInvoke(table, channel, request, logger);
    });
  }
  return () => INVOKE_CHANNEL_NAMES.forEach((channel) => ipcMain.removeHandler(ipcInvokeName(channel)));
}

/** Pushes events to every open window. */
export const broadcastToWindows: EventSink = {
  send<E extends EventChannel>(channel: E, payload: EventPayloads[E]) {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(ipcEventName(channel), payload);
    }
  },
};
