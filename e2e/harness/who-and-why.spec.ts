/**
 * Issue 21 in Chromium with the built renderer, the real IPC handlers, core and demo simulator:
 * a contact's name on the outcome card, a note and disposition found by search and exported,
 * favourites, and the analytics view over the seeded history (light and dark screenshots).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.beforeAll(async () => {
  harness = await startHarness({ timeScale: 20, seedHistory: 600 });
});
test.afterAll(async () => {
  await harness.close();
});
test.describe.configure({ mode: 'serial' });

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('the outcome card names the contact; a note and disposition are found by search and exported', async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 760 });
  await harness.open(page, 'popover');
  await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550198');
  await page.getByLabel('Number to call').fill('+1 212 555 0101');
  await page.getByLabel('Number to call').press('Enter');
  // Marcus Bell is in the demo address book (address-book sync), not in the call log.
  await expect(page.getByRole('heading', { name: 'Marcus Bell', level: 2 })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText("You answered, but the other party's line was busy.")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Confirmed by the call log')).toBeVisible({ timeout: 20_000 });

  // Keyboard only: choose the disposition, type the note, Ctrl+Enter saves.
  const disposition = page.getByLabel('Disposition', { exact: true });
  await disposition.focus();
  await disposition.selectOption('Call back');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Note', { exact: true })).toBeFocused();
  await page.keyboard.type('Line busy; asked for a call after 3pm');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Saved.')).toBeVisible();
  await accessible(page);
  await page.screenshot({ path: 'test-results/screenshots/who-outcome-card-note.png' });

  await page.setViewportSize({ width: 1100, height: 760 });
  await harness.open(page, 'history');
  await page.getByLabel('Search numbers or names').fill('after 3pm');
  const rows = page.getByRole('listbox', { name: 'Call history' }).getByRole('option');
  await expect(page.getByText('1 call', { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(rows.first()).toContainText('Marcus Bell');
  await expect(rows.first()).toContainText('Call back');
  await rows.first().click();
  await expect(page.getByLabel('Note', { exact: true })).toHaveValue('Line busy; asked for a call after 3pm');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText('Exported 1 call to', { exact: false })).toBeVisible();
  const csv = harness.ports.saved.at(-1)!.text;
  expect(csv.split('\r\n')[0]).toContain('contact name,disposition,note');
  expect(csv).toContain('Marcus Bell,Call back,Line busy; asked for a call after 3pm');

  // The disposition filter finds it too; the search for the contact's name as well.
  await page.getByLabel('Search numbers or names').fill('');
  await expect(page.getByText('1 call', { exact: true })).toBeHidden({ timeout: 10_000 });
  const filter = page.getByRole('search').getByRole('combobox', { name: 'Disposition', exact: true });
  await filter.selectOption('Call back');
  await expect(filter).toHaveValue('Call back');
  await expect(page.getByText('1 call', { exact: true })).toBeVisible({ timeout: 10_000 });
  await accessible(page);
  await page.screenshot({ path: 'test-results/screenshots/who-history-note.png' });
});

test('favourites and recents in the popover, with the last outcome and a redial that asks first', async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 760 });
  await harness.open(page, 'popover');
  // The popover opens on the call that just ended, its note still there.
  await expect(page.getByLabel('Note', { exact: true })).toHaveValue('Line busy; asked for a call after 3pm');
  await page.getByRole('button', { name: 'New call' }).click();
  const recents = page.getByRole('region', { name: 'Recent numbers' });
  await expect(recents.getByRole('button', { name: 'Call Marcus Bell' })).toBeVisible({ timeout: 10_000 });
  await recents.getByRole('button', { name: 'Add Marcus Bell to favourites' }).click();
  const favourites = page.getByRole('region', { name: 'Favourites' });
  await expect(favourites.getByRole('button', { name: 'Call Marcus Bell' })).toBeVisible();
  await expect(favourites.getByText('Them:')).toBeVisible();
  await accessible(page);
  await page.screenshot({ path: 'test-results/screenshots/who-popover-favourites.png' });
  await favourites.getByRole('button', { name: 'Call Marcus Bell' }).focus();
  await page.keyboard.press('Enter');
  // The same confirmation as a link: the number and the route first, then the deliberate Call.
  const confirm = page.getByRole('button', { name: 'Call +1 212 555 0101' });
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.getByRole('heading', { name: 'Marcus Bell', level: 2 })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText('Confirmed by the call log')).toBeVisible({ timeout: 25_000 });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });
    test('analytics view shows the seeded demo data as charts and as tables', async ({ page }) => {
      await page.setViewportSize({ width: 1200, height: 1300 });
      await harness.open(page, 'history');
      await page.getByRole('link', { name: 'Analytics' }).click();
      await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
      await expect(page.getByText(/^\d+%$/).first()).toBeVisible({ timeout: 10_000 });
      await expect(page.getByRole('img', { name: /stacked bars/ })).toHaveCount(4);
      const top = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Failed' }) });
      await expect(top.getByRole('row')).not.toHaveCount(1);
      await accessible(page);
      await page.screenshot({ path: `test-results/screenshots/analytics-${scheme}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Show as table' }).nth(1).click();
      const table = page.getByRole('table', { name: /By day: Their phone/ });
      await expect(table.getByRole('columnheader', { name: 'Not called' })).toBeVisible();
      await accessible(page);
      await page.getByRole('button', { name: 'Export CSV' }).click();
      await expect(page.getByText(/^Exported to/)).toBeVisible();
      expect(harness.ports.saved.at(-1)!.text).toContain('top failed callee legs');
    });
  });
}
