/**
 * The real app in real Electron (demo mode, simulator sped up). These run wherever the
 * Electron binary exists; here it cannot be downloaded, so each spec skips and says why.
 */
import { expect, test } from '@playwright/test';
import { binary, invoke, launch, skipReason, trayModel } from './electron-app';

if (skipReason) console.log(`[electron specs] ${skipReason}.`);

test.describe('Ringside in Electron', () => {
  test.skip(!('path' in binary), skipReason);

  test('launches into the tray in demo mode; a tel: link opens the popover with the bridge only', async () => {
    const app = await launch(['tel:+12125550100']);
    try {
      const popover = await app.firstWindow();
      expect(await popover.evaluate(() => Object.keys((window as unknown as { ringside: object }).ringside).sort())).toEqual(['invoke', 'on']);
      expect(await popover.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      const snapshot = await invoke(popover, 'app.snapshot', {});
      expect(snapshot).toMatchObject({ ok: true, value: { session: { status: 'signedIn', demo: true } } });
      await expect.poll(async () => (await trayModel(app))?.tooltip).toBe('Ringside (demo): Ready');
      await popover.screenshot({ path: 'test-results/screenshots/electron-popover.png' });
    } finally {
      await app.close();
    }
  });

  test('follows a demo call in the tray until the call log confirms it', async () => {
    const app = await launch(['tel:+12125550101']);
    try {
      const popover = await app.firstWindow();
      const placed = await invoke(popover, 'call.start', { to: '+12125550101' });
      expect(placed.ok).toBe(true);
      const icons = new Set<string>();
      await expect
        .poll(
          async () => {
            const model = await trayModel(app);
            if (model) icons.add(model.icon);
            return model?.tooltip;
          },
          { timeout: 30_000 },
        )
        .toBe('Ringside (demo): You: answered · Them: busy');
      expect([...icons]).toEqual(expect.arrayContaining(['ringingYou', 'ringingThem', 'failed']));
    } finally {
      await app.close();
    }
  });

  test('opens the history window', async () => {
    const app = await launch(['tel:+12125550100']);
    try {
      const popover = await app.firstWindow();
      const [history] = await Promise.all([app.waitForEvent('window'), invoke(popover, 'window.open', { window: 'history' })]);
      await expect.poll(() => history.title()).toContain('Ringside');
      await history.screenshot({ path: 'test-results/screenshots/electron-history.png' });
    } finally {
      await app.close();
    }
  });
});
