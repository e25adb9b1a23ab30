/**
 * REALITY 20 in the product: a call moved to another of your phones keeps being followed, and
 * the popover says where it went. Screenshots in light and dark, in test-results/screenshots/.
 */
import { expect, test } from '@playwright/test';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.afterEach(async () => {
  await harness?.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('a call moved mid-call to another phone: followed, "Moved to your desk phone", not ended', async ({ page }) => {
      harness = await startHarness({ timeScale: 10 });
      await page.setViewportSize({ width: 380, height: 560 });
      await harness.open(page, 'popover');
      await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550198');
      await page.getByLabel('Number to call').fill('+1 212 555 0112');
      await page.getByLabel('Number to call').press('Enter');
      // Rung on the mobile, moved 8 s into the call to the desk phone (the demo's switch number).
      await expect(page.getByText('Moved to your desk phone')).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('button', { name: 'Hang up' })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Them: Answered' })).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/popover-moved-${scheme}.png` });
    });
  });
}
