/**
 * Issue 25's popover screens at its real size (380×560), light and dark, in Chromium with the
 * real app layer and the simulator: the compact form, the confirmation before and after it is
 * armed, a connected call that has just ended (end time and talk time at once), your own
 * voicemail (a warning, your leg red), and a busy outcome with "Call again". The README's
 * popover screenshots come from here (docs/screenshots).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.afterEach(async ({ page }) => {
  await page.close();
  await harness?.close();
});

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

async function popover(page: Page) {
  await page.setViewportSize({ width: 380, height: 560 });
  await harness.open(page, 'popover');
  await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550198');
}

async function call(page: Page, number: string) {
  await page.getByLabel('Number to call').fill(number);
  await page.getByLabel('Number to call').press('Enter');
}

/** The lane's outcome colour, by its class (the rule of src-shared/leg-tone.ts). */
const tone = (page: Page, name: string | RegExp) =>
  page.getByRole('region', { name }).evaluate((lane) => [...lane.classList].find((c) => c.startsWith('tone-')));

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('the form fits: the call button and recents above the fold; the confirmation before and after it is armed', async ({ page }) => {
      harness = await startHarness({ timeScale: 20 });
      await popover(page);
      await expect(page.getByText('1 phone not offered: why?')).toBeVisible();
      const button = (await page.getByRole('button', { name: 'Call', exact: true }).boundingBox())!;
      expect(button.y + button.height).toBeLessThan(560);
      // Nothing runs past the window's right edge: the form keeps the same margin on both sides.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
      expect(button.x + button.width).toBeCloseTo(380 - button.x, 0);
      for (const picker of ['Ring me at', 'They see']) {
        const box = (await page.getByLabel(picker).boundingBox())!;
        expect(box.x + box.width, picker).toBeCloseTo(380 - box.x, 0);
      }
      await page.getByLabel('Number to call').press('Enter');
      await expect(page.getByText('Enter a phone number to call.')).toBeVisible();
      await accessible(page);
      await shot(page, `popover-form-compact-${scheme}`);

      harness.controller.handleProtocolUrl('tel:+1-212-555-0100');
      await expect(page.getByText('Read it first: keys are ignored for a moment.')).toBeVisible();
      await shot(page, `popover-confirm-guard-${scheme}`);
      await expect(page.getByRole('button', { name: 'Call +1 212 555 0100' })).toBeEnabled();
      await accessible(page);
      await shot(page, `popover-confirm-armed-${scheme}`);
    });

    test('a connected call that ends reads as ended at once: end time, talk time, past tense', async ({ page }) => {
      // The record comes late (REALITY 14): the end must show before the call log confirms.
      harness = await startHarness({ timeScale: 20, callLogDelaySeconds: 60 });
      await popover(page);
      await call(page, '+1 212 555 0100');
      await expect(page.getByRole('region', { name: 'Them: Answered' })).toBeVisible({ timeout: 10_000 });
      await expect(page.getByText('Esc closes this window; the call goes on.')).toBeVisible();
      await shot(page, `popover-connected-${scheme}`);
      await expect(page.getByText(/^Ended \d{1,2}:\d{2}:\d{2}( [AP]M)? · 0:\d{2} talk$/)).toBeVisible({ timeout: 10_000 });
      await expect(page.getByText('They answered. The call has ended.')).toBeVisible();
      await expect(page.getByText('They answered. You are connected.')).toBeHidden();
      await expect(page.getByText('Leg outcomes: waiting for the call log to confirm…')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Hang up' })).toBeHidden();
      await accessible(page);
      await shot(page, `popover-ended-${scheme}`);
    });

    test('your own voicemail: your leg is a failure with a warning; busy: Call again', async ({ page }) => {
      harness = await startHarness({ timeScale: 20 });
      await popover(page);
      await call(page, '+1 212 555 0111');
      await expect(page.getByRole('alert')).toContainText('Your own voicemail answered, so they were never called', { timeout: 15_000 });
      expect(await tone(page, /^You: Voicemail/)).toBe('tone-failure');
      await accessible(page);
      await shot(page, `popover-own-voicemail-${scheme}`);

      await page.getByRole('button', { name: 'New call' }).click();
      await call(page, '+1 212 555 0101');
      await expect(page.getByText("You answered, but the other party's line was busy.")).toBeVisible({ timeout: 15_000 });
      expect(await tone(page, 'Them: Busy')).toBe('tone-failure');
      await expect(page.getByRole('button', { name: 'Call again' })).toBeVisible();
      await accessible(page);
      await shot(page, `popover-outcome-busy-${scheme}`);
      await page.getByRole('button', { name: 'Call again' }).click();
      await expect(page.getByRole('heading', { name: 'Call +1 212 555 0101?' })).toBeVisible();
      await expect(page.getByText('Calling again')).toBeVisible();
    });
  });
}
