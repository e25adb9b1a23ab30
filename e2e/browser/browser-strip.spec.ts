/**
 * Issue 25, items 6, 13 and 14 in the browser edition, in Chromium against the real host
 * (started in-process on the built renderer, demo mode): the strip as a stand-in for the tray
 * (one line, Demo, end the call, call again, Analytics and sign-in links), the dial
 * confirmation reached from the address and from History, and exports as browser downloads.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { silentLogger } from '../../src-main/core/ports';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser/browser-host';

let host: BrowserHost;
let dataDir: string;

test.beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-strip-'));
  host = await startBrowserHost({ rendererDir: path.resolve('out/renderer'), dataDir, env: {}, logger: silentLogger, demo: { timeScale: 20 } });
});
test.afterEach(async ({ page }) => {
  await page.close();
  await host?.close();
});

const strip = (page: Page) => page.getByRole('region', { name: 'Ringside in the browser' });
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

/** The page's address, with a fresh one-time ticket, and more in it. */
function address(extra: Record<string, string> = {}, hash = '#/popover'): string {
  const url = new URL(host.newUrl());
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  url.hash = hash;
  return url.href;
}

for (const width of [1280, 720]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`the strip at ${width} px, ${scheme}: one line, Demo, links to Analytics and to signing in for real`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 760 });
      await page.goto(address());
      await expect(strip(page)).toContainText('Ready');
      await expect(strip(page).getByText('Demo', { exact: true })).toBeVisible();
      await expect(strip(page).getByRole('link', { name: 'Analytics' })).toBeVisible();
      // Where history stands, as the tray says it (hidden where the strip is narrow).
      if (width > 760) await expect(strip(page).getByText(/^History since /)).toBeVisible();
      else await expect(strip(page).getByText(/^History since /)).toBeHidden();
      // One line: no permanent second line under it.
      const box = (await strip(page).boundingBox())!;
      expect(box.height).toBeLessThan(40);
      await shot(page, `browser-strip-${width}-${scheme}`);

      await strip(page).getByRole('link', { name: 'Sign in with your account' }).click();
      await expect(page.getByText('You are using the demo. Sign in to call with your own RingCentral account.')).toBeVisible();
      await expect(page.getByRole('main').getByText('Demo', { exact: true })).toBeVisible();
      await shot(page, `browser-signin-${width}-${scheme}`);

      // Settings offers only what works in a browser, and says why once.
      await strip(page).getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByText(/In the browser edition there are no keyboard shortcuts outside the page/)).toBeVisible();
      await expect(page.getByLabel('Dial-the-selection shortcut')).toHaveCount(0);
      await expect(page.getByLabel('Open Ringside at login')).toHaveCount(0);
      await shot(page, `browser-settings-${width}-${scheme}`);
    });
  }
}

test('end the call from the strip, then call again through the confirmation', async ({ page }) => {
  // Slower, so your phone rings for 6 s (not 1.5 s), and no history to sync (its pages share the
  // Heavy group with the cancel, REALITY 23): the cancel, not the ring running out, ends the call.
  await host.close();
  host = await startBrowserHost({ rendererDir: path.resolve('out/renderer'), dataDir, env: {}, logger: silentLogger, demo: { timeScale: 5, seedHistory: 0 } });
  await page.setViewportSize({ width: 1280, height: 760 });
  await page.goto(address());
  await page.getByLabel('Number to call').fill('+1 212 555 0106');
  await page.getByLabel('Number to call').press('Enter');
  const end = strip(page).getByRole('button', { name: 'Cancel call' });
  await expect(end).toBeVisible({ timeout: 10_000 });
  await shot(page, 'browser-strip-live-1280-light');
  await end.click();
  await expect(page.getByRole('region', { name: 'You: Cancelled' })).toBeVisible({ timeout: 30_000 });
  await expect(strip(page).getByRole('button', { name: /Cancel call|Hang up/ })).toBeHidden({ timeout: 10_000 });

  await page.getByRole('link', { name: 'History' }).click();
  const again = strip(page).getByRole('button', { name: /^Call .* again \(asks to confirm first\)$/ });
  await again.click();
  await expect(page.getByRole('heading', { name: 'Call +1 212 555 0106?' })).toBeVisible();
  await expect(page.getByText('Calling again')).toBeVisible();
  expect([...host.controller.demoSimulator!.calls.values()]).toHaveLength(1);
});

test('?dial= in the address reaches the dial confirmation; nothing is dialled until Call', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 760 });
  await page.goto(address({ dial: '1-800-FLOWERS' }));
  await expect(page.getByRole('heading', { name: 'Call +1 800 356 9377?' })).toBeVisible();
  await expect(page.getByText('From the address of this page')).toBeVisible();
  expect(new URL(page.url()).searchParams.has('dial')).toBe(false);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `browser-dial-confirm-720-${scheme}`);
  }
  await expect(page.getByRole('button', { name: 'Call +1 800 356 9377' })).toBeEnabled();
  expect(host.controller.demoSimulator!.calls.size).toBe(0);
  await page.getByRole('button', { name: 'Call +1 800 356 9377' }).click();
  await expect(page.getByRole('region', { name: /^You: / })).toBeVisible({ timeout: 10_000 });
});

test('History: Call again asks in the popover and History keeps its filters; an export is a browser download, never a file on the host', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(address({}, '#/history'));
  await page.getByLabel('Outcome (either leg)').selectOption('busy');
  const rows = page.getByRole('listbox', { name: 'Call history' }).getByRole('option');
  await expect(rows.first()).toContainText('Busy', { timeout: 20_000 });
  await rows.first().click();
  await page.getByRole('button', { name: 'Call again' }).click();
  await expect(page.getByRole('heading', { name: /^Call \+1 .*\?$/ })).toBeVisible();
  await expect(page.getByText('Calling again')).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel('Outcome (either leg)')).toHaveValue('busy');
  await expect(rows.first()).toBeVisible();

  const first = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await first;
  expect(download.suggestedFilename()).toMatch(/^ringside-.*\.csv$/);
  const body = await download.createReadStream().then(async (stream) => {
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    return text;
  });
  expect(body.split('\r\n')[0]).toMatch(/^id,/);
  await expect(page.getByText(/Exported \d+ calls? to .*\(your browser's downloads\)/)).toBeVisible();
  // A second export the same day is a second download, not an overwrite on the host.
  const second = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  expect((await second).suggestedFilename()).toMatch(/\.json$/);
  expect(existsSync(path.join(dataDir, 'exports')) ? readdirSync(path.join(dataDir, 'exports')) : []).toEqual([]);
});

test('signed out by RingCentral: the strip says so as a status and offers "Sign in again" as a button', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 760 });
  await page.goto(address());
  await page.getByLabel('Number to call').fill('+1 212 555 0108');
  await page.getByLabel('Number to call').press('Enter');
  await expect(page.getByRole('region', { name: 'You: Answered' })).toBeVisible({ timeout: 10_000 });
  host.controller.demoSimulator!.revokeAllTokens();
  await expect(strip(page).getByRole('status')).toHaveText('Signed out by RingCentral', { timeout: 15_000 });
  await expect(strip(page).getByRole('button', { name: 'Sign in again' })).toBeVisible();
  await expect(strip(page).getByRole('link', { name: 'History' })).toBeHidden();
  await shot(page, 'browser-strip-signed-out-1280-light');
});
