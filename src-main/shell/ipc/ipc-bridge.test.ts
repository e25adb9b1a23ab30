import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, ipcMain, resetElectronMock } from '../../../test-support/electron-mock';
import { INVOKE_CHANNEL_NAMES, ipcEventName, ipcInvokeName } from '../../../src-shared/ipc-channels';
import { silentLogger } from '../../core/ports';
import type { HandlerTable } from '../../app/ipc-handlers';
import { broadcastToWindows, registerIpcHandlers } from './ipc-bridge';

const table = () => Object.fromEntries(INVOKE_CHANNEL_NAMES.map((c) => [c, vi.fn(async () => `answer from ${c}`)])) as unknown as HandlerTable;
const own = 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html#/popover';

describe('IPC bridge', () => {
  beforeEach(resetElectronMock);

  it('registers one handler per contract channel and answers our own pages', async () => {
    const handlers = table();
    registerIpcHandlers(handlers, { devServerUrl: null, appPage: 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html' }, silentLogger);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKE_CHANNEL_NAMES.map(ipcInvokeName).sort());
    expect(await ipcMain.invokeAs(own, ipcInvokeName('numbers.list'), {})).toEqual({ ok: true, value: 'answer from numbers.list' });
  });

  it('refuses requests from foreign pages or frames without a URL, before validation', async () => {
    const handlers = table();
    registerIpcHandlers(handlers, { devServerUrl: null, appPage: 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html' }, silentLogger);
    // Finding 8: a file page on a share or elsewhere on disk is not ours either.
    for (const sender of ['https://evil.example.com/', null, 'file://host/share/index.html', 'file:///tmp/evil.html']) {
      expect(await ipcMain.invokeAs(sender, ipcInvokeName('call.start'), { to: '+12125550100' })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN_SENDER', message: 'This page may not talk to Ringside.' },
      });
    }
    expect(handlers['call.start']).not.toHaveBeenCalled();
  });

  it('validates payloads from our own pages', async () => {
    const handlers = table();
    registerIpcHandlers(
      handlers,
      { devServerUrl: 'http://localhost:5173', appPage: 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html' },
      silentLogger,
    );
    expect(await ipcMain.invokeAs('http://localhost:5173/#/popover', ipcInvokeName('call.start'), { to: 5 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(handlers['call.start']).not.toHaveBeenCalled();
  });

  it('pushes events to every open window', () => {
    const a = new BrowserWindow();
    const b = new BrowserWindow();
    b.destroyed = true;
    broadcastToWindows.send('notice', { message: 'hello' });
    expect(a.webContents.send).toHaveBeenCalledWith(ipcEventName('notice'), { message: 'hello' });
    expect(b.webContents.send).not.toHaveBeenCalled();
  });
});
