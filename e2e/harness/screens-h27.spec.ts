/**
 * Issue 27 in Chromium with the built renderer, the real IPC handlers, core and demo simulator:
 * the history window during a first sync and once idle ("History since"), Settings' "History
 * goes back", and Analytics for a period the archive covers only in part and a custom range,
 * light and dark, at the windows' sizes (screenshots in test-results/screenshots/h27-*.png).
 *
 * The sync's progress is the core's event (`sync.progress`) sent as the app sends it: the demo's
 * own sync of a few hundred calls ends before a screenshot could show it filling.
 */
import { expect, test, type Page } from '@playwright/test';
import { IDLE_SYNC, type SyncProgress } from '../../src-shared/history';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.beforeAll(async () => {
  // Four months of calls, so a year is covered only in part.
  harness = await startHarness({ timeScale: 20, seedHistory: 600, seedSpanDays: 120 });
  await harness.controller.requireCore().history.sync();
});
test.afterAll(async () => {
  await harness.close();
});

const DAY = 86_400_000;
const noon = (ms: number) => new Date(ms).setHours(12, 0, 0, 0);
// Where the demo's own first sync (90 days back on this build) made the archive complete from,
// so the charts and the words agree.
const completeFrom = noon(Date.now() - 89 * DAY);
const filling: SyncProgress = {
  ...IDLE_SYNC,
  phase: 'initial',
  fetched: 1234,
  total: 5000,
  completeFrom,
  depthFrom: noon(Date.now() - 365 * DAY),
  secondsLeft: 2100,
  requestsPerMinute: 10,
};
const idle: SyncProgress = { ...IDLE_SYNC, completeFrom: noon(Date.now() - 365 * DAY), depthFrom: noon(Date.now() - 365 * DAY) };

/** The date as the window writes it (the page's locale is the browser's, as this process's). */
const since = (ms: number) => (page: Page) => page.evaluate((t) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(t), ms);

function progress(value: SyncProgress) {
  harness.ports.eventSink.send('sync.progress', value);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    for (const [width, height] of [
      [1280, 800],
      [900, 700],
    ] as const) {
      test(`history at ${width}×${height}: the first sync's progress line, then "History since"`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await harness.open(page, 'history');
        await expect(page.getByRole('listbox', { name: 'Call history' }).getByRole('option').first()).toBeVisible();
        progress(filling);
        const line = page.locator('.sync .line');
        await expect(line).toHaveText(
          `History since ${await since(completeFrom)(page)} · 1,234 of about 5,000 calls · about 35 min left (RingCentral allows 10 history requests a minute)`,
        );
        await expect(page.getByRole('progressbar')).toBeVisible();
        const { scroll, view } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
        expect(scroll).toBeLessThanOrEqual(view);
        await page.screenshot({ path: `test-results/screenshots/h27-history-filling-${width}x${height}-${scheme}.png` });

        progress(idle);
        await expect(line).toHaveText(`History since ${await since(idle.completeFrom!)(page)}`);
        await expect(page.getByRole('progressbar')).toHaveCount(0);
        await page.screenshot({ path: `test-results/screenshots/h27-history-since-${width}x${height}-${scheme}.png` });
      });

      test(`analytics at ${width}×${height}: a year the archive covers in part, and a custom range`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await harness.open(page, 'history');
        progress({ ...idle, completeFrom, depthFrom: completeFrom });
        await page.getByRole('link', { name: 'Analytics' }).click();
        await page.getByLabel('Period').selectOption('year');
        await expect(page.locator('.coverage')).toHaveText(/^Covers .+ – today \(earlier calls are further back than Settings › History goes back\)$/);
        await expect(page.getByRole('img', { name: /stacked bars/ }).first()).toHaveAccessibleName(/^By month/, { timeout: 10_000 });
        await page.screenshot({ path: `test-results/screenshots/h27-analytics-partial-${width}x${height}-${scheme}.png` });

        await page.getByLabel('Period').selectOption('custom');
        const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        await page.getByLabel('From', { exact: true }).fill(day(Date.now() - 118 * DAY));
        await page.getByLabel('To', { exact: true }).fill(day(Date.now() - 60 * DAY));
        await expect(page.locator('.coverage')).toHaveText(/^Covers .+ – .+\(earlier calls/);
        await expect(page.getByRole('img', { name: /stacked bars/ }).first()).toHaveAccessibleName(/^By week/, { timeout: 10_000 });
        await page.screenshot({ path: `test-results/screenshots/h27-analytics-custom-${width}x${height}-${scheme}.png` });

        await page.getByLabel('To', { exact: true }).fill(day(Date.now() - 125 * DAY));
        await expect(page.getByRole('alert')).toHaveText('The range ends before it starts: choose a last day on or after the first.');
        await page.screenshot({ path: `test-results/screenshots/h27-analytics-custom-refused-${width}x${height}-${scheme}.png` });
      });
    }

    test('settings at 560×680: History goes back', async ({ page }) => {
      await page.setViewportSize({ width: 560, height: 680 });
      await harness.open(page, 'settings');
      const depth = page.getByLabel('History goes back');
      await expect(depth).toHaveValue('365');
      await depth.selectOption('180');
      await expect.poll(() => harness.controller.snapshot().settings.historyDepthDays).toBe(180);
      // The whole section in view: the choice and its hint.
      await page.locator('#history-depth-hint').evaluate((hint) => hint.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: `test-results/screenshots/h27-settings-${scheme}.png` });
      await depth.selectOption('365');
      await expect.poll(() => harness.controller.snapshot().settings.historyDepthDays).toBe(365);
    });
  });
}
