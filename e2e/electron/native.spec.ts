/**
 * What the hand-written Electron mock stands in for, in real Electron: the tray's menu and
 * tooltip for both legs, a native notification per leg change and its click, safeStorage
 * (and the refusal of Chromium's plain-text backend), the global dial hotkey, tel: links
 * from a second instance, and the sandboxed preload. They run wherever the Electron binary
 * exists (the CI workflow on Linux, macOS and Windows); here it cannot be downloaded, so
 * each skips and says why.
 */
import { expect, test, type ElectronApplication } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  binary,
  clickNotification,
  invoke,
  launch,
  launchEnv,
  nativeNotifications,
  notifications,
  pressDialHotkey,
  secretsRoundTrip,
  skipReason,
  testBuildCommand,
  trayMenu,
  trayModel,
} from './electron-app';

if (skipReason) console.log(`[electron specs] ${skipReason}.`);

let app: ElectronApplication | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

test.describe('Ringside in real Electron: what the mock stands in for', () => {
  test.skip(!('path' in binary), skipReason);

  test('the tray menu and tooltip follow both legs, with Cancel then Hang up', async () => {
    app = await launch();
    const popover = await app.firstWindow();
    expect((await invoke(popover, 'call.start', { to: '+12125550108' })).ok).toBe(true);
    await expect.poll(async () => (await trayModel(app!))?.tooltip, { timeout: 30_000 }).toBe('Ringside (demo): You: answered · Them: answered');
    const menu = (await trayMenu(app))!;
    expect(menu[0]!.label).toMatch(/You: answered · Them: answered/);
    expect(menu).toContainEqual({ label: 'Hang up', enabled: true });
    expect(menu.map((i) => i.label)).toEqual(expect.arrayContaining(['History…', 'Settings…', 'Leave demo', 'Quit Ringside']));
    // An OS menu cannot be screenshotted from inside: its items are kept beside the window screenshots.
    mkdirSync('test-results/screenshots', { recursive: true });
    writeFileSync('test-results/screenshots/electron-tray-menu.txt', menu.map((i) => `${i.enabled ? ' ' : '×'} ${i.label}`).join('\n') + '\n');
    await popover.screenshot({ path: 'test-results/screenshots/electron-popover-connected.png' });
  });

  test('a native notification for each leg change; clicking one opens the call', async () => {
    app = await launch();
    const popover = await app.firstWindow();
    expect((await invoke(popover, 'call.start', { to: '+12125550101' })).ok).toBe(true);
    await expect.poll(async () => (await notifications(app!)).join(' · '), { timeout: 30_000 }).toMatch(/busy/i);
    const titles = await nativeNotifications(app);
    expect(titles.length).toBeGreaterThanOrEqual(2);
    // Close the popover, so only the click can bring the call back on screen.
    await popover.evaluate(() => window.close());
    await expect.poll(() => app!.windows().length).toBe(0);
    const opened = app.waitForEvent('window', { timeout: 10_000 });
    expect(await clickNotification(app, titles.length - 1)).toBe(true);
    await expect((await opened).getByText(/busy/i).first()).toBeVisible({ timeout: 10_000 });
  });

  test('safeStorage: a credential round-trips encrypted, never in plain text on disk', async () => {
    app = await launch();
    const secret = 'refresh-token-probe-' + Date.now();
    const result = await secretsRoundTrip(app, secret);
    test.skip(result.backend === 'basic_text', 'this Linux runner has no keyring (the basic_text backend): the refusal spec below covers it');
    expect(result.problem).toBeNull();
    expect(result.readBack).toBe(secret);
    expect(result.filesOnDisk).toHaveLength(1);
    expect(result.filesOnDisk[0]).not.toContain(secret);
  });

  test('safeStorage on the plain-text backend is refused: nothing written, the user is told', async () => {
    test.skip(process.platform !== 'linux', 'the basic_text backend exists on Linux only');
    app = await launch(['--password-store=basic']);
    const result = await secretsRoundTrip(app, 'refresh-token-probe');
    expect(result.backend).toBe('basic_text');
    expect(result.filesOnDisk).toEqual([]);
    expect(result.problem).toMatch(/sign in each time/);
    const popover = await app.firstWindow();
    const snapshot = (await invoke(popover, 'app.snapshot', {})) as { value: { notice: string | null } };
    expect(snapshot.value.notice).toMatch(/sign in each time/);
  });

  test('the dial hotkey with a selected number asks to confirm and dials nothing by itself', async () => {
    app = await launch();
    const popover = await app.firstWindow();
    await pressDialHotkey(app, 'Call me at +1 (212) 555-0100 tomorrow');
    await expect(popover.getByRole('heading', { name: 'Call +1 212 555 0100?' })).toBeVisible({ timeout: 10_000 });
    const calls = (await invoke(popover, 'app.snapshot', {})) as { value: { calls: unknown[] } };
    expect(calls.value.calls).toEqual([]);
  });

  test('a tel: link opened while Ringside runs reaches the first instance, which asks to confirm', async () => {
    app = await launch();
    const popover = await app.firstWindow();
    const { binary: exe, args } = testBuildCommand(['tel:+12125550103']);
    const second = spawn(exe, args, { env: launchEnv(), stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    // The second instance hands the link over and quits at once.
    expect(exitCode).toBe(0);
    await expect(popover.getByRole('heading', { name: 'Call +1 212 555 0103?' })).toBeVisible({ timeout: 10_000 });
  });

  test('the sandboxed preload exposes the contract only', async () => {
    app = await launch();
    const popover = await app.firstWindow();
    const exposed = await popover.evaluate(() => ({
      bridge: Object.keys((window as unknown as { ringside: object }).ringside).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      electron: typeof (window as unknown as { electron?: unknown }).electron,
    }));
    expect(exposed).toEqual({ bridge: ['invoke', 'on'], require: 'undefined', process: 'undefined', electron: 'undefined' });
    expect(await invoke(popover, 'secrets.read', {})).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown request.' } });
  });
});
