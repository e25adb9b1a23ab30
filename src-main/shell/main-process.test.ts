import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  clipboard,
  globalShortcut,
  ipcMain,
  Menu,
  powerMonitor,
  resetElectronMock,
  safeStorage,
  Tray,
} from '../../test-support/electron-mock';
import { INVOKE_CHANNEL_NAMES, ipcEventName, ipcInvokeName } from '../../src-shared/ipc-channels';
import { silentLogger } from '../core/ports';
import { waitFor } from '../../test-support/simulator-harness';
import type { TrayModel } from '../app/tray-model';
import { shellPaths, startShell, type RunningShell } from './main-process';

let running: RunningShell | null = null;
const paths = shellPaths('/opt/ringside', null);
const own = 'file:///opt/ringside/out/renderer/index.html#/popover';

let userData: string;
beforeEach(() => {
  resetElectronMock();
  userData = mkdtempSync(path.join(tmpdir(), 'ringside-shell-'));
  app.getPath.mockImplementation(() => userData);
});
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('startShell (electron mocked, demo mode)', () => {
  it('hands over to the first instance and quits when it is the second', async () => {
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(await startShell(paths, silentLogger, {})).toBeNull();
    expect(app.quit).toHaveBeenCalled();
    expect(Tray.instances).toHaveLength(0);
  });

  it('starts in the tray in demo mode, with every IPC channel and the quick-dial shortcut', async () => {
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(Tray.instances[0]!.tooltip).toBe('Ringside (demo): Ready');
    expect(Tray.instances[0]!.image.path).toBe('/opt/ringside/resources/tray/idle.png');
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKE_CHANNEL_NAMES.map(ipcInvokeName).sort());
    // Phone links stay with their current handler until the user asks (Settings).
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    expect([...globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+R', 'CommandOrControl+Alt+R']);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false });
    const snapshot = await ipcMain.invokeAs(own, ipcInvokeName('app.snapshot'), {});
    expect(snapshot).toMatchObject({ ok: true, value: { session: { status: 'signedIn', demo: true } } });
  });

  it('asks to confirm the number when a second launch (Windows, Linux) or open-url (macOS) brings a link', async () => {
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    app.emit('second-instance', {}, ['/opt/ringside/ringside', 'tel:+1-212-555-0100;ext=4'], '/');
    const popover = BrowserWindow.instances.find((w) => w.options['frame'] === false)!;
    expect(popover.isVisible()).toBe(true);
    expect(popover.webContents.send).toHaveBeenCalledWith(ipcEventName('dial.request'), {
      kind: 'number',
      source: 'link',
      number: '+12125550100',
      extension: '4',
      text: '+1-212-555-0100',
    });
    const openUrl = { preventDefault: () => undefined };
    app.emit('open-url', openUrl, 'rcmobile://call?number=%2B442071838750');
    expect(popover.webContents.send).toHaveBeenCalledWith(ipcEventName('dial.request'), expect.objectContaining({ number: '+442071838750' }));
    expect(running!.controller.snapshot().calls).toEqual([]);
  });

  it('the dial hotkey reads the selection (the PRIMARY one on Linux) and asks to confirm', async () => {
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    clipboard.text = { clipboard: 'copied: 212 555 0101', selection: 'selected: 212 555 0102' };
    await globalShortcut.registered.get('CommandOrControl+Alt+R')!();
    await waitFor(() => BrowserWindow.instances.some((w) => w.options['frame'] === false), { what: 'the popover' });
    const popover = BrowserWindow.instances.find((w) => w.options['frame'] === false)!;
    const expected = process.platform === 'linux' ? '+12125550102' : '+12125550101';
    await waitFor(() => popover.webContents.send.mock.calls.some((c) => c[0] === ipcEventName('dial.request')), { what: 'the dial request' });
    expect(popover.webContents.send).toHaveBeenCalledWith(
      ipcEventName('dial.request'),
      expect.objectContaining({ kind: 'number', source: 'hotkey', number: expected }),
    );
    // The test seam: press it with a selection of the test's choosing.
    await running!.dialHotkey.press('no digits here');
    expect(popover.webContents.send).toHaveBeenLastCalledWith(
      ipcEventName('dial.request'),
      expect.objectContaining({ kind: 'noNumber', text: 'no digits here' }),
    );
    expect(running!.controller.snapshot().calls).toEqual([]);
  });

  it('shows in Settings why the dial hotkey could not be registered', async () => {
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    running!.windows.open('settings');
    const settingsWindow = BrowserWindow.instances.at(-1)!;
    await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { dialHotkey: 'Alt+Shift+T' });
    expect(settingsWindow.webContents.send).toHaveBeenCalledWith(ipcEventName('dialHotkey.status'), {
      problem: expect.stringContaining('Alt+Shift+T is not available'),
    });
    expect(running!.controller.snapshot().dialHotkeyProblem).toMatch(/Alt\+Shift\+T/);
    await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { dialHotkey: 'CommandOrControl+Shift+R' });
    expect(running!.controller.snapshot().dialHotkeyProblem).toMatch(/already the quick-dial shortcut/);
    expect(globalShortcut.registered.has('CommandOrControl+Shift+R')).toBe(true);
    await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { dialHotkey: 'Alt+F9' });
    expect(running!.controller.snapshot().dialHotkeyProblem).toBeNull();
    expect([...globalShortcut.registered.keys()].sort()).toEqual(['Alt+F9', 'CommandOrControl+Shift+R']);
  });

  it('applies settings to the OS and explains a shortcut it could not take', async () => {
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    running!.windows.open('settings');
    const settingsWindow = BrowserWindow.instances.at(-1)!;
    const answer = await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { globalShortcut: 'Alt+Shift+T', launchAtLogin: true });
    expect(answer).toMatchObject({ ok: true });
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
    // The quick-dial shortcut is gone; the dial hotkey stays.
    expect([...globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Alt+R']);
    expect(settingsWindow.webContents.send).toHaveBeenCalledWith(ipcEventName('notice'), { message: expect.stringContaining('Alt+Shift+T is not available') });
  });

  it('checks the session after the system wakes up, and follows a call in the tray', async () => {
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    powerMonitor.emit('resume');
    const placed = await ipcMain.invokeAs(own, ipcInvokeName('call.start'), { to: '+12125550105' });
    expect(placed).toMatchObject({ ok: true });
    await waitFor(() => Tray.instances[0]!.image.path.endsWith('failed.png'), { timeoutMs: 10_000, what: 'the failed tray icon' });
    expect(Tray.instances[0]!.tooltip).toBe('Ringside (demo): You: busy · Them: not called');
  });

  it('shows an observer what the tray and notifications show, and puts no test hook on globalThis', async () => {
    const trays: TrayModel[] = [];
    const notified: string[] = [];
    running = await startShell(
      paths,
      silentLogger,
      { RINGSIDE_E2E: '1' },
      { timeScale: 50, seedHistory: 50 },
      { trayUpdated: (model) => trays.push(model), notificationShown: (n) => notified.push(n.body) },
    );
    await ipcMain.invokeAs(own, ipcInvokeName('call.start'), { to: '+12125550105' });
    await waitFor(() => notified.length > 0 && trays.at(-1)?.icon === 'failed', { timeoutMs: 10_000, what: 'the observed failure' });
    expect(trays.at(-1)!.tooltip).toBe(Tray.instances[0]!.tooltip);
    expect('__ringsideE2E' in globalThis).toBe(false);
  });

  it("builds the test build's paths under its own output folder", () => {
    expect(shellPaths('/repo', null, 'out-e2e')).toMatchObject({
      preload: '/repo/out-e2e/preload/index.cjs',
      rendererDir: '/repo/out-e2e/renderer',
      trayIcons: '/repo/resources/tray',
    });
  });
});

describe('startShell: audit findings 12 and 17', () => {
  it('asks before taking tel:/callto: links, and gives them back when turned off (finding 17)', async () => {
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    expect(await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { handleTelLinks: true })).toMatchObject({ ok: true });
    expect(app.setAsDefaultProtocolClient.mock.calls.map((c) => c[0])).toEqual(['tel', 'callto', 'rcmobile']);
    app.isDefaultProtocolClient.mockReturnValue(true);
    await ipcMain.invokeAs(own, ipcInvokeName('settings.update'), { handleTelLinks: false });
    expect(app.removeAsDefaultProtocolClient.mock.calls.map((c) => c[0])).toEqual(['tel', 'callto', 'rcmobile']);
    app.isDefaultProtocolClient.mockReturnValue(false);
  });

  it('a packaged app has no menu with DevTools (finding 17)', async () => {
    app.isPackaged = true;
    try {
      running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
      expect(Menu.setApplicationMenu).toHaveBeenCalled();
      const menu = Menu.setApplicationMenu.mock.calls.at(-1)![0] as { items: Array<{ role?: string }> } | null;
      expect(JSON.stringify(menu ?? {})).not.toMatch(/toggleDevTools|viewMenu|reload/i);
    } finally {
      app.isPackaged = false;
    }
  });

  it('tells the user in the app why they must sign in each launch when there is no keyring (finding 12)', async () => {
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValueOnce(false);
    running = await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 });
    const snapshot = (await ipcMain.invokeAs(own, ipcInvokeName('app.snapshot'), {})) as { value: { notice: string | null } };
    expect(snapshot.value.notice).toMatch(/sign in each time/);
  });
});

describe('startShell: quitting', () => {
  it('waits for the core to stop before it quits, so the archive is closed cleanly', async () => {
    const shell = (await startShell(paths, silentLogger, {}, { timeScale: 50, seedHistory: 50 }))!;
    running = shell;
    const stopCore = shell.controller.stop.bind(shell.controller);
    let coreStopped = false;
    vi.spyOn(shell.controller, 'stop').mockImplementation(async () => {
      await stopCore();
      coreStopped = true;
    });
    let stoppedWhenQuit: boolean | null = null;
    app.quit.mockImplementation(() => (stoppedWhenQuit = coreStopped));
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    await waitFor(() => stoppedWhenQuit !== null, { what: 'the quit after the core stopped' });
    expect(stoppedWhenQuit).toBe(true);
    // The second before-quit (from that quit) goes through.
    const again = { preventDefault: vi.fn() };
    app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    running = null;
  });
});
