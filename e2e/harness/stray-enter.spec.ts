/**
 * Issue 26, item 3: an Enter pressed just after a tel: link (or the dial hotkey) opened the
 * confirmation, meant for the page the link was on, must not place the call. In Chromium with
 * the real app layer and the simulator: keys in the confirmation's first moments are ignored,
 * the Call button is not the focused default, and a later deliberate Enter calls.
 */
import { expect, test } from '@playwright/test';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.afterEach(async ({ page }) => {
  await page.close();
  await harness?.close();
});

const placedCalls = () => [...harness.controller.demoSimulator!.calls.values()].map((c) => c.init);

for (const source of ['link', 'hotkey'] as const) {
  test(`an Enter right after a ${source} opened the confirmation places no call; a deliberate one later does`, async ({ page }) => {
    harness = await startHarness({ timeScale: 20 });
    await page.setViewportSize({ width: 380, height: 560 });
    await harness.open(page, 'popover');
    await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550198');
    const heading = page.getByRole('heading', { name: 'Call +1 212 555 0100?' });
    const call = page.getByRole('button', { name: 'Call +1 212 555 0100' });

    const opened = Date.now();
    if (source === 'link') harness.controller.handleProtocolUrl('tel:+1-212-555-0100');
    else harness.pressDialHotkey('+1 212 555 0100');
    await expect(heading).toBeVisible();
    // The stray keys: Enter (and Space) as soon as it shows, well inside its first 600 ms.
    await page.keyboard.press('Enter');
    await page.keyboard.press(' ');
    await page.keyboard.press('Enter');
    const strayAfter = Date.now() - opened;
    test.skip(strayAfter >= 600, `the machine took ${strayAfter} ms to show the confirmation and send the keys: too slow to test the first moments`);
    await expect(call).not.toBeFocused();

    // Once the Call button is armed, the confirmation is still there and nothing was dialled.
    await expect(call).toBeEnabled();
    await expect(heading).toBeVisible();
    expect(placedCalls()).toEqual([]);

    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: /^You: / })).toBeVisible({ timeout: 10_000 });
    expect(placedCalls().map((c) => c.to)).toEqual(['+12125550100']);
  });
}
