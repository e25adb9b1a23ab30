/**
 * Dialling from anywhere, in Chromium with the real app layer, core and simulator: links of
 * every form (with extensions), the dial hotkey with a selected text (the harness presses it
 * as the shell's DialHotkey would), the per-call ring-me-at and caller-ID pickers as RingOut
 * receives them, and each notification mode. Nothing is ever dialled without Enter.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { NotificationMode } from '../../src-shared/outbound-rules';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness;
test.afterEach(async ({ page }) => {
  // The page first: its open connections would keep the renderer's server from closing.
  await page.close();
  await harness?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function popover(page: Page) {
  await page.setViewportSize({ width: 380, height: 640 });
  await harness.open(page, 'popover');
  await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550198');
}

const placedCalls = () => [...harness.controller.demoSimulator!.calls.values()].map((c) => c.init);

type Watched = { __callStarts: number; __ringsideInvoke: (channel: string, request: unknown) => Promise<unknown> };

/** Counts, in the page, every `call.start` it sends to the app layer (the page's clock must be installed first). */
async function watchCallStarts(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as Watched;
    const send = w.__ringsideInvoke;
    w.__callStarts = 0;
    w.__ringsideInvoke = (channel, request) => {
      if (channel === 'call.start') w.__callStarts += 1;
      return send(channel, request);
    };
  });
}

/**
 * Nothing was dialled by itself: the page's clock runs 5 s ahead at once (any timer that would
 * place a call fires now), and the page sent no `call.start`, nor did RingCentral see a call.
 */
async function nothingDialled(page: Page) {
  await page.clock.runFor(5_000);
  expect(await page.evaluate(() => (window as unknown as Watched).__callStarts)).toBe(0);
  expect(placedCalls()).toEqual([]);
}

test('a tel: link with an extension asks to confirm; Enter calls, and every other link form waits too', async ({ page }) => {
  harness = await startHarness({ timeScale: 20 });
  await page.clock.install();
  await popover(page);
  await watchCallStarts(page);
  expect(harness.controller.handleProtocolUrl('tel:+1-212-555-0100;ext=42')).toBe(true);
  const confirm = page.getByRole('button', { name: 'Call +1 212 555 0100' });
  await expect(page.getByRole('region', { name: 'Call +1 212 555 0100?' })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Call +1 212 555 0100?' })).toBeVisible();
  await expect(page.getByText('Extension 42: dial it on your phone once they answer (RingOut cannot send it).')).toBeVisible();
  await expect(page.getByText('From a link you clicked')).toBeVisible();
  await nothingDialled(page);

  // Esc cancels each of the other forms: nothing is dialled.
  for (const [url, shown] of [
    ['callto://+1 212 555 0101', '+1 212 555 0101'],
    ['callto:+44%2020%207183%208750', '+44 20 7183 8750'],
    ['rcmobile://call?number=%2B12125550102', '+1 212 555 0102'],
    ['tel:(212)%20555-0103,,9', '+1 212 555 0103'],
  ] as const) {
    harness.controller.handleProtocolUrl(url);
    await expect(page.getByRole('heading', { name: `Call ${shown}?` })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('heading', { name: `Call ${shown}?` })).toBeHidden();
  }
  await nothingDialled(page);

  harness.controller.handleProtocolUrl('tel:+1-212-555-0100;ext=42');
  await expect(confirm).toBeEnabled();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /^You: / })).toBeVisible({ timeout: 10_000 });
  expect(placedCalls()).toEqual([expect.objectContaining({ to: '+12125550100', ringMeAt: '+16505550198' })]);
  // The page's count sees a call it did send (so its 0 above means none was sent).
  expect(await page.evaluate(() => (window as unknown as Watched).__callStarts)).toBe(1);
  await shot(page, 'dial-link-called');
});

test('the dial hotkey with a selected text: confirm, then Enter calls; a text without a number is prefilled with a message', async ({ page }) => {
  harness = await startHarness({ timeScale: 20 });
  await page.clock.install();
  await popover(page);
  await watchCallStarts(page);
  harness.pressDialHotkey('see you at lunch, room 4B');
  await expect(page.getByRole('alert')).toHaveText(
    'No phone number found in "see you at lunch, room 4B". Correct it below, or select a number and press the shortcut again.',
  );
  await expect(page.getByLabel('Number to call')).toHaveValue('see you at lunch, room 4B');
  await accessible(page);
  await shot(page, 'dial-hotkey-no-number');

  harness.pressDialHotkey('Jordan Rivera — mobile (212) 555-0104, ask for Sam');
  const confirm = page.getByRole('button', { name: 'Call +1 212 555 0104' });
  await expect(confirm).toBeEnabled();
  await expect(page.getByText('From the text you selected')).toBeVisible();
  await expect(page.getByRole('alert')).toBeHidden();
  await nothingDialled(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /^You: / })).toBeVisible({ timeout: 10_000 });
  expect(placedCalls().map((c) => c.to)).toEqual(['+12125550104']);
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('a call with a chosen ring-me-at and caller ID: the RingOut request carries both, and they are remembered', async ({ page }) => {
      harness = await startHarness({ timeScale: 20 });
      const sim = harness.controller.demoSimulator!;
      // Another digital line next to the demo's mobile, desk phone and home phone (a "Home" number, which may not ring first).
      const forwarding = sim.account.extensions[0]!.forwardingNumbers;
      forwarding.push({ id: '400163009', phoneNumber: '+16505550195', label: 'Desk line', type: 'PhoneLine' });
      const bodies: unknown[] = [];
      sim.observers.push(({ req, operationId }) => void (operationId === 'createRingOutCall' && bodies.push(req.body)));
      try {
        await popover(page);
        await expect(page.getByRole('option', { name: 'Home phone · +1 650 555 0194 (not allowed)' })).toBeDisabled();
        await page.getByText('1 phone not offered: why?').click();
        await expect(page.getByText(/Not offered: Home phone\. RingCentral can ring you first only on a digital line/)).toBeVisible();
        await page.getByLabel('Ring me at').selectOption('+16505550195');
        await page.getByLabel('They see').selectOption('+16505550100');
        harness.pressDialHotkey('212.555.0100');
        await expect(page.getByRole('button', { name: 'Call +1 212 555 0100' })).toBeEnabled();
        await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550195');
        await expect(page.getByText('RingCentral rings Desk line (+1 650 555 0195) first; they see Company number (+1 650 555 0100).')).toBeVisible();
        await accessible(page);
        await shot(page, `popover-confirm-pickers-${scheme}`);
        await page.keyboard.press('Enter');
        await expect(page.getByRole('region', { name: /^You: / })).toBeVisible({ timeout: 10_000 });
        expect(bodies).toEqual([
          { from: { phoneNumber: '+16505550195' }, to: { phoneNumber: '+12125550100' }, callerId: { phoneNumber: '+16505550100' }, playPrompt: false },
        ]);
        expect(placedCalls()).toEqual([expect.objectContaining({ ringMeAt: '+16505550195', callerId: '+16505550100' })]);
        // The next popover starts at the same choice.
        await harness.open(page, 'popover');
        await page.getByRole('button', { name: 'New call' }).click();
        await expect(page.getByLabel('Ring me at')).toHaveValue('+16505550195');
        await expect(page.getByLabel('They see')).toHaveValue('+16505550100');
      } finally {
        forwarding.splice(
          forwarding.findIndex((f) => f.id === '400163009'),
          1,
        );
      }
    });

    test('settings: notification mode, persistent alert, dial hotkey and its conflict', async ({ page }) => {
      harness = await startHarness({ timeScale: 20 });
      harness.controller.reportDialHotkey('The shortcut CommandOrControl+Alt+R is not available (another app may use it). Choose another in Settings.');
      await page.setViewportSize({ width: 560, height: 980 });
      await harness.open(page, 'settings');
      // Shown as keys on this system's keyboard (the setting keeps Electron's CommandOrControl+Alt+R).
      await expect(page.getByLabel('Dial-the-selection shortcut')).toHaveValue('Ctrl+Alt+R');
      await expect(page.getByRole('alert')).toHaveText(/CommandOrControl\+Alt\+R is not available/);
      await expect(page.getByLabel('Every leg change')).toBeChecked();
      await expect(page.getByRole('option', { name: /Home phone .*\(not allowed\)/ })).toBeDisabled();
      await accessible(page);
      await shot(page, `settings-dial-${scheme}`);
    });
  });
}

const sentences = () => harness.ports.notifications.flatMap((n) => n.body.split(' · '));

for (const [mode, label, expected] of [
  ['every', 'Every leg change', ['Your phone is ringing', 'You answered', 'Ringing them now', 'Their line is busy']],
  ['outcomes', 'Only outcomes (answered, busy, no answer…)', ['Their line is busy']],
  ['none', 'Never', []],
] as Array<[NotificationMode, string, string[]]>) {
  test(`notifications "${mode}": a busy call raises ${expected.length ? expected.join(', ') : 'nothing'}`, async ({ page }) => {
    harness = await startHarness({ timeScale: 20 });
    await page.setViewportSize({ width: 560, height: 900 });
    await harness.open(page, 'settings');
    if (mode !== 'every') await page.getByLabel(label).check();
    if (mode === 'outcomes') await page.getByLabel('Keep alerts for failed legs on screen until I click them').check();
    await expect.poll(() => harness.controller.snapshot().settings.notificationMode).toBe(mode);
    await popover(page);
    await page.getByLabel('Number to call').fill('+1 212 555 0101');
    await page.getByLabel('Number to call').press('Enter');
    await expect(page.getByText('Confirmed by the call log')).toBeVisible({ timeout: 20_000 });
    // A burst of leg changes is merged into one notification a moment later: wait for the last one.
    await expect.poll(sentences).toEqual(expected);
    if (mode === 'outcomes') expect(harness.ports.notifications.map((n) => n.persistent)).toEqual([true]);
    if (mode === 'every') {
      expect(harness.ports.notifications.length).toBeGreaterThan(0);
      expect(harness.ports.notifications.every((n) => !n.persistent)).toBe(true);
      // Clicking a notification opens its call in the popover.
      const callId = harness.ports.notifications.at(-1)!.callId;
      await page.getByRole('button', { name: 'New call' }).click();
      await expect(page.getByLabel('Number to call')).toBeVisible();
      harness.controller.notificationClicked(callId);
      await expect(page.getByRole('region', { name: 'Them: Busy' })).toBeVisible();
      expect(harness.ports.openedWindows.at(-1)).toBe('popover');
    }
  });
}
