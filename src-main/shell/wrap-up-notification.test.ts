/**
 * Issue 30's wrap-up, brought to the user's attention: when a call ends and its wrap-up starts
 * (Settings: ask or require), the shell shows a notification naming the call and the time left;
 * a click opens the tray popover on that call, where the step is. Electron mocked, demo mode.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { app, BrowserWindow, ipcMain, Notification, resetElectronMock } from '../../test-support/electron-mock';
import { waitFor } from '../../test-support/simulator-harness';
import { ipcEventName, ipcInvokeName } from '../../src-shared/ipc-channels';
import { silentLogger } from '../core/ports';
import { shellPaths, startShell, type RunningShell } from './main-process';

let running: RunningShell | null = null;
const own = 'file:///opt/ringside/out/renderer/index.html#/popover';
beforeEach(() => {
  resetElectronMock();
  const userData = mkdtempSync(path.join(tmpdir(), 'ringside-shell-wrap-up-'));
  app.getPath.mockImplementation(() => userData);
});
afterEach(async () => {
  await running?.stop();
  running = null;
});

const wrapUpNotifications = () => Notification.instances.filter((n) => String(n.options.title).startsWith('Wrap up'));

it('a wrap-up that starts shows a notification; its click opens the popover on that call', async () => {
  running = await startShell(shellPaths('/opt/ringside', null), silentLogger, {}, { timeScale: 50, seedHistory: 0 });
  expect(await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { wrapUp: 'require', wrapUpSeconds: 90 })).toMatchObject({ ok: true });
  const placed = (await ipcMain.invokeAs(own, ipcInvokeName('call.start'), { to: '+12125550100' })) as { ok: true; value: { id: string } };
  const [shown] = await waitFor(() => (wrapUpNotifications().length > 0 ? wrapUpNotifications() : null), {
    timeoutMs: 15_000,
    what: 'the wrap-up notification',
  });
  // The demo's +1 212 555 0100 is a contact: the notification names them, with the time then left.
  expect(shown!.options.title).toMatch(/^Wrap up your call with .+ — 1:(2\d|30)$/);
  expect(shown!.options.title).not.toContain('+1');
  expect(shown!.options.body).toBe('Choose a disposition and write a note: required before your next call.');
  expect(shown!.shown).toBe(true);

  const popover = BrowserWindow.instances.find((w) => w.options['frame'] === false);
  popover?.hide();
  shown!.emit('click');
  const opened = BrowserWindow.instances.find((w) => w.options['frame'] === false)!;
  expect(opened.isVisible()).toBe(true);
  expect(opened.webContents.send).toHaveBeenCalledWith(ipcEventName('popover.showCall'), { callId: placed.value.id });
  // A popover opened after the click asks main what to show: the same call.
  expect(running!.controller.snapshot()).toMatchObject({ showCallId: placed.value.id, wrapUps: [{ callId: placed.value.id, mode: 'require' }] });
  // Each wrap-up is announced once, however often the list of wrap-ups changes.
  expect(wrapUpNotifications()).toHaveLength(1);
});

it('muted notifications show no wrap-up notification either (the popover still shows the step)', async () => {
  running = await startShell(shellPaths('/opt/ringside', null), silentLogger, {}, { timeScale: 50, seedHistory: 0 });
  await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { wrapUp: 'ask', notifications: { muted: true } });
  await ipcMain.invokeAs(own, ipcInvokeName('call.start'), { to: '+12125550100' });
  await waitFor(() => running!.controller.snapshot().wrapUps.length > 0, { timeoutMs: 15_000, what: 'the wrap-up' });
  expect(wrapUpNotifications()).toHaveLength(0);
});
