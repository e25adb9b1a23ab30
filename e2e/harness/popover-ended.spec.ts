/**
 * Issue 25 item 2: a connected call that ends looks ended at once, before the call log
 * confirms its legs: "Ended 10:16:30 · 0:05 talk", hints in the past tense, and "Waiting for
 * the call log to confirm…" only for the outcomes. (The call log here takes 10 simulated
 * minutes, so the card stays in that state while we look.)
 */
import { expect, test } from '@playwright/test';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.beforeAll(async () => {
  // 4× speed: the demo's 20 s talk lasts 5 s of wall time, the talk time the card shows.
  harness = await startHarness({ timeScale: 4, seedHistory: 50, callLogDelaySeconds: 600 });
});
test.afterAll(async () => {
  await harness.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`popover: a call just ended, before the call log confirms (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 380, height: 560 });
    await harness.open(page, 'popover');
    // The other scheme's call may still be on the card: start a new one.
    const newCall = page.getByRole('button', { name: 'New call' });
    if (await newCall.isVisible()) await newCall.click();
    await page.getByLabel('Number to call').fill('+1 212 555 0100');
    await page.getByLabel('Number to call').press('Enter');
    await expect(page.getByRole('region', { name: /^Them: Answered/ })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(/^Ended \d{1,2}:\d{2}:\d{2}.* · 0:0[4-6] talk$/)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('They answered. The call has ended.')).toBeVisible();
    await expect(page.getByText('They answered. You are connected.')).toHaveCount(0);
    await expect(page.getByText('Leg outcomes: waiting for the call log to confirm…')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Hang up' })).toHaveCount(0);
    await page.screenshot({ path: `test-results/screenshots/popover-ended-${scheme}.png` });
  });
}
