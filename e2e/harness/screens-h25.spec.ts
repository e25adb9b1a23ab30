/**
 * Issue 25, items 8, 10, 11 and 12 in Chromium with the built renderer, the real IPC handlers,
 * core and demo simulator: History, Settings and Analytics at 1280, 900, 720 and 420 px wide,
 * light and dark, with the layout rules each width must keep (screenshots in
 * test-results/screenshots/h25-*.png).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.beforeAll(async () => {
  // Four months of calls, so "Last 12 months" has months to group.
  harness = await startHarness({ timeScale: 20, seedHistory: 600, seedSpanDays: 120 });
});
test.afterAll(async () => {
  await harness.close();
});

const WIDTHS = [1280, 900, 720, 420] as const;

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Nothing on the page is wider than the window (no sideways scrolling). */
async function noSidewaysScroll(page: Page) {
  const { scroll, view } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(scroll, 'page width').toBeLessThanOrEqual(view);
}

const box = async (locator: Locator) => (await locator.boundingBox())!;

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    for (const width of WIDTHS) {
      test(`history at ${width} px: who was called truncates last, the detail fits`, async ({ page }) => {
        await page.setViewportSize({ width, height: 800 });
        await harness.open(page, 'history');
        const rows = page.getByRole('listbox', { name: 'Call history' }).getByRole('option');
        await expect(rows.first()).toBeVisible();
        await noSidewaysScroll(page);

        // In every row the name keeps its full width, or at least 10 characters' room, while
        // the date beside it is never wider than the name.
        for (const row of await rows.all()) {
          if (!(await row.isVisible())) continue;
          const name = row.locator('.name');
          const when = row.locator('.when');
          const room = await name.evaluate((el) => ({ shown: el.clientWidth, full: el.scrollWidth }));
          expect(room.shown, (await name.textContent()) ?? '').toBeGreaterThanOrEqual(Math.min(room.full, 120));
          if (room.shown < room.full) expect((await box(when)).width).toBeLessThan(room.shown);
        }

        if (width < 900) await page.screenshot({ path: `test-results/screenshots/h25-history-${width}-${scheme}-list.png` });
        const twoLegs = rows
          .filter({ hasText: /You:\s*Answered/ })
          .filter({ hasNotText: 'Not called' })
          .first();
        await twoLegs.click();
        const detail = page.getByRole('region', { name: 'Call details' });
        await expect(detail.getByRole('heading', { name: 'Legs' })).toBeVisible();
        // Legs read You, then Them, each with the phone it rang, in plain words.
        const legRows = detail.getByRole('table').first().getByRole('row');
        await expect(legRows.nth(1).getByRole('rowheader')).toHaveText(/^You · your phone\+1 650/);
        await expect(legRows.nth(2).getByRole('rowheader')).toHaveText(/^Them · their phone\+1 212/);
        await expect(detail.getByText(/RingOut\w+To(Caller|Subscriber)/).first()).toBeHidden();

        const pane = await box(detail);
        expect(pane.x + pane.width, 'detail inside the window').toBeLessThanOrEqual(width);
        // Nothing in the detail is cut off at its right edge (it wraps rather than scroll sideways).
        const overflow = await detail.evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(overflow, 'detail scrolls sideways by').toBeLessThanOrEqual(0);
        if (width >= 900) {
          // Side by side, each readable.
          expect(pane.width).toBeGreaterThanOrEqual(320);
          await expect(page.getByRole('button', { name: /Back to the list/ })).toHaveCount(0);
        } else {
          // A panel over the list, with a way back (a button, or Esc).
          expect(pane.width).toBeGreaterThan(width - 40);
          await expect(page.getByRole('button', { name: /Back to the list/ })).toBeVisible();
        }
        await noSidewaysScroll(page);
        await accessible(page);
        await page.screenshot({ path: `test-results/screenshots/h25-history-${width}-${scheme}.png` });
        if (width < 900) {
          await page.keyboard.press('Escape');
          await expect(detail).toBeHidden();
          await expect(page.getByRole('listbox', { name: 'Call history' })).toBeFocused();
        }
      });
    }
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    for (const width of WIDTHS) {
      test(`settings at ${width} px: an error beside its field and in view, a shortcut recorded by pressing keys`, async ({ page }) => {
        await page.setViewportSize({ width, height: 800 });
        await harness.open(page, 'settings');
        await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
        await noSidewaysScroll(page);

        const shortcut = page.getByLabel('Quick-dial shortcut');
        await shortcut.click();
        await expect(shortcut).toHaveValue('Press the keys…');
        await page.keyboard.press('Control+Alt+K');
        await expect(shortcut).toHaveValue('Ctrl+Alt+K');
        await expect.poll(() => harness.controller.snapshot().settings.globalShortcut).toBe('CommandOrControl+Alt+K');
        // "Saved" shows in the header that stays in view.
        await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeInViewport();

        const redirect = page.getByLabel('Sign-in redirect URI');
        await redirect.fill('https://example.com/callback');
        await page.evaluate(() => window.scrollTo(0, 0));
        await redirect.press('Enter');
        const alert = page.getByRole('alert');
        await expect(alert).toHaveText(/^The redirect URI must look like http:\/\/127\.0\.0\.1:<port>\/<path>/);
        await expect(alert).not.toContainText('(redirectUri)');
        await expect(alert).toBeInViewport();
        await expect(redirect).toBeFocused();
        await expect(redirect).toHaveValue('https://example.com/callback');
        await noSidewaysScroll(page);
        await accessible(page);
        await page.screenshot({ path: `test-results/screenshots/h25-settings-${width}-${scheme}.png` });
        // Put both back for the next test.
        await redirect.fill('');
        await redirect.press('Enter');
        await expect(alert).toBeHidden();
        await shortcut.focus();
        await page.keyboard.press('Control+Shift+R');
        await expect.poll(() => harness.controller.snapshot().settings.globalShortcut).toBe('CommandOrControl+Shift+R');
      });
    }
  });
}

/** No two axis labels of a chart overlap. */
async function labelsApart(chart: Locator) {
  const boxes = await chart
    .locator('text.axis')
    .evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left, `label ${i}`).toBeGreaterThanOrEqual(boxes[i - 1]!.right);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    for (const width of WIDTHS) {
      test(`analytics at ${width} px: a year by month, Declined and Other apart, labels apart, tables in place`, async ({ page }) => {
        await page.setViewportSize({ width, height: 1100 });
        await harness.open(page, 'history');
        await page.getByRole('link', { name: 'Analytics' }).click();
        await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
        await page.getByLabel('Period').selectOption('year');
        const charts = page.getByRole('img', { name: /stacked bars/ });
        await expect(charts.first()).toHaveAccessibleName(/^By month, Your phone/, { timeout: 10_000 });
        // Four months of demo calls: one bar a month of the twelve (and the month it started in).
        expect(await charts.first().locator(':scope > g:not(.grid)').count()).toBeLessThanOrEqual(13);
        for (const chart of await charts.all()) await labelsApart(chart);
        const legend = page.locator('.legend').nth(1);
        await expect(legend).toContainText('Declined');
        await expect(legend.locator('.swatch-other')).toBeVisible();
        await noSidewaysScroll(page);
        await accessible(page);
        await page.screenshot({ path: `test-results/screenshots/h25-analytics-${width}-${scheme}.png`, fullPage: true });

        await page.getByLabel('Period').selectOption('quarter');
        await expect(charts.first()).toHaveAccessibleName(/^By week, Your phone/);
        for (const chart of await charts.all()) await labelsApart(chart);

        // A table in place of a chart keeps the chart's place; the neighbour stays level with it.
        const firstCard = page.locator('.charts > figure').first();
        const before = await box(firstCard);
        await firstCard.getByRole('button', { name: 'Show as table' }).click();
        await expect(firstCard.getByRole('region', { name: /By week: Your phone/ })).toBeVisible();
        const after = await box(firstCard);
        expect(Math.abs(after.height - before.height), 'card height change').toBeLessThanOrEqual(24);
        const neighbour = await box(page.locator('.charts > figure').nth(1));
        if (width >= 900) expect(Math.abs(neighbour.y - after.y)).toBeLessThanOrEqual(1);
        await noSidewaysScroll(page);
        await accessible(page);
        await page.screenshot({ path: `test-results/screenshots/h25-analytics-${width}-${scheme}-table.png` });
      });
    }
  });
}
