/**
 * The Chromium-harness scenarios (e2e/harness/scenarios.spec.ts) in the real app, in
 * Electron, in demo mode with the simulator sped up. They run wherever the Electron binary
 * exists; here it cannot be downloaded, so each skips and says why. (Restart mid-call is
 * harness-only: a demo app starts a new simulator when relaunched.)
 */
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { binary, invoke, launch, notifications, simulator, skipReason, trayModel } from './electron-app';

if (skipReason) console.log(`[electron specs] ${skipReason}.`);

let app: ElectronApplication | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Opens the popover through a tel: link and places a call from its form. */
async function popoverCall(number: string, env: Record<string, string> = {}): Promise<Page> {
  app = await launch([`tel:${number}`], env);
  const popover = await app.firstWindow();
  await expect(popover.getByLabel('Number to call')).toHaveValue(/\d/);
  await popover.getByLabel('Number to call').press('Enter');
  return popover;
}

test.describe('Ringside scenarios in Electron', () => {
  test.skip(!('path' in binary), skipReason);

  test('a call that connects: lanes, tray and notifications, then confirmed', async () => {
    const popover = await popoverCall('+12125550100');
    const icons = new Set<string>();
    await expect
      .poll(
        async () => {
          const model = await trayModel(app!);
          if (model) icons.add(model.icon);
          return popover.getByText('Confirmed by the call log').isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect([...icons]).toEqual(expect.arrayContaining(['ringingYou', 'ringingThem', 'connected']));
    expect((await notifications(app!)).join(' · ')).toContain('They answered');
    await popover.screenshot({ path: 'test-results/screenshots/electron-connected.png' });
  });

  for (const [number, text] of [
    ['+12125550105', 'Your phone was busy, so the other party was never called.'],
    ['+12125550101', "You answered, but the other party's line was busy."],
    ['+12125550106', 'Your phone was not answered, so the other party was never called.'],
  ] as const) {
    test(`calling ${number} ends with "${text}"`, async () => {
      const popover = await popoverCall(number);
      await expect(popover.getByText(text)).toBeVisible({ timeout: 30_000 });
    });
  }

  test('cancel while your phone rings, by keyboard', async () => {
    const popover = await popoverCall('+12125550106');
    await expect(popover.getByRole('region', { name: 'You: Ringing' })).toBeVisible({ timeout: 10_000 });
    await popover.keyboard.press('Control+Shift+E');
    await expect(popover.getByRole('region', { name: 'You: Cancelled' })).toBeVisible({ timeout: 10_000 });
  });

  test('WebSocket dropped mid-call: polling takes over', async () => {
    const popover = await popoverCall('+12125550101');
    await expect(popover.getByRole('region', { name: 'You: Ringing' })).toBeVisible({ timeout: 10_000 });
    await simulator(app!, 'setFaults', { push: { paused: true } });
    await simulator(app!, 'killWebSockets');
    await expect(popover.getByText("You answered, but the other party's line was busy.")).toBeVisible({ timeout: 30_000 });
  });

  test('503 answers are waited out, nothing shown as a failure', async () => {
    app = await launch(['tel:+12125550100']);
    const popover = await app.firstWindow();
    await simulator(app, 'setFaults', { serviceUnavailable: { remaining: 2, retryAfterSeconds: 2 } });
    await popover.getByLabel('Number to call').press('Enter');
    await expect(popover.getByText('Both phones answered and the call was connected.')).toBeVisible({ timeout: 40_000 });
    await expect(popover.getByRole('alert')).toHaveCount(0);
  });

  test('token expired mid-call: silent refresh; refresh token revoked: sign-in prompt, call kept', async () => {
    const popover = await popoverCall('+12125550108');
    await expect(popover.getByRole('region', { name: 'You: Answered' })).toBeVisible({ timeout: 10_000 });
    await simulator(app!, 'expireAccessTokens');
    await expect(popover.getByRole('region', { name: 'Them: Answered' })).toBeVisible({ timeout: 15_000 });
    await simulator(app!, 'revokeAllTokens');
    await expect(popover.getByText('Signed out by RingCentral', { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect.poll(async () => (await trayModel(app!))?.icon).toBe('signedOut');
  });

  test('history: sync, filter, search and detail of the demo history', async () => {
    app = await launch(['tel:+12125550100'], { RINGSIDE_DEMO_HISTORY: '5000' });
    const popover = await app.firstWindow();
    const [history] = await Promise.all([app.waitForEvent('window'), invoke(popover, 'window.open', { window: 'history' })]);
    const list = history.getByRole('listbox', { name: 'Call history' });
    await expect(list.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
    await history.getByLabel('Outcome (either leg)').selectOption('notCalled');
    await expect(list.getByRole('option').first()).toContainText('Not called');
    await history.getByLabel('Search numbers or names').fill('Omar');
    await list.getByRole('option').first().click();
    await expect(history.getByRole('heading', { name: 'Legs' })).toBeVisible();
    await history.screenshot({ path: 'test-results/screenshots/electron-history-filtered.png' });
  });
});
