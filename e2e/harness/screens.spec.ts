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

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('popover: call form', async ({ page }) => {
      await page.setViewportSize({ width: 380, height: 560 });
      await harness.open(page, 'popover');
      await expect(page.getByRole('heading', { name: 'Ringside', level: 1 })).toBeVisible();
      await expect(page.getByText('Demo', { exact: true })).toBeVisible();
      await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550198');
      await page.getByLabel('Number to call').fill('2125550100');
      await expect(page.getByLabel('Number to call')).toHaveValue('(212) 555-0100');
      await accessible(page);
      await page.screenshot({ path: `test-results/screenshots/popover-form-${scheme}.png` });
    });

    test('history window', async ({ page }) => {
      await page.setViewportSize({ width: 1100, height: 720 });
      await harness.open(page, 'history');
      const calls = page.getByRole('listbox', { name: 'Call history' }).getByRole('option');
      await expect(calls.first()).toBeVisible();
      const oneLeg = calls.filter({ hasText: 'Not called' }).first();
      await expect(oneLeg).toContainText('You:');
      await expect(oneLeg).toContainText(/Them:\s*Not called/);
      await oneLeg.click();
      await expect(page.getByRole('heading', { name: 'Legs' })).toBeVisible();
      await accessible(page);
      await page.screenshot({ path: `test-results/screenshots/history-${scheme}.png` });
    });

    test('settings and sign-in', async ({ page }) => {
      await page.setViewportSize({ width: 560, height: 820 });
      await harness.open(page, 'settings');
      await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
      await expect(page.getByLabel('Ring me at (default)')).toBeVisible();
      await accessible(page);
      await page.screenshot({ path: `test-results/screenshots/settings-${scheme}.png`, fullPage: true });
      await harness.open(page, 'signin');
      await expect(page.getByRole('heading', { name: 'Sign in to RingCentral' })).toBeVisible();
      await accessible(page);
      await page.screenshot({ path: `test-results/screenshots/signin-${scheme}.png`, fullPage: true });
    });
  });
}

test('popover during a call: both lanes, then the confirmed outcome', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 560 });
  await harness.open(page, 'popover');
  // They ring for 30 simulated seconds before giving up: long enough to catch "Them: Ringing".
  await page.getByLabel('Number to call').fill('+1 212 555 0102');
  await page.getByLabel('Number to call').press('Enter');
  await expect(page.getByRole('region', { name: /^Them: Ringing/ })).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: 'test-results/screenshots/popover-ringing-them.png' });
  await expect(page.getByText('You answered, but the other party did not pick up.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Confirmed by the call log')).toBeVisible({ timeout: 15_000 });
  await accessible(page);
  await page.screenshot({ path: 'test-results/screenshots/popover-outcome-no-answer.png' });
});
