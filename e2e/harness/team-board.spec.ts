/**
 * The Team board (issue 29) in Chromium with the built renderer, the real IPC handlers, core
 * and the demo simulator's 50-user team account: an admin's board following 20 concurrent
 * calls of 20 users (every row ends as the core's board says, busy and unanswered calls read
 * at a glance), the department filter, and a user who is not an admin told to ask theirs;
 * light and dark at the window's size (docs/screenshots/team-board-*.png).
 */
import { expect, test, type Page } from '@playwright/test';
import { LEG_SHORT } from '../../src-shared/leg-labels';
import { TEAM_BOARD_SIZE } from '../../src-shared/team-board';
import { placeColleagueCall, TEAM_ACCOUNT, TEAM_APP } from '../../src-simulator/account/team-account';
import { Simulator } from '../../src-simulator/simulator';
import { startHarness, type Harness } from './ringside-harness';

// Slow enough to see phones ring and people talk: a 3 s ring takes 0.6 s, a 20 s talk 4 s.
const TIME_SCALE = 5;
const NUMBERS = ['+12125550100', '+12125550101', '+12125550102', '+12125550103', '+12125550105'];

let harness: Harness;
test.beforeAll(async () => {
  harness = await startHarness({ team: true, timeScale: TIME_SCALE, seedHistory: 0, callLogDelaySeconds: 5 });
});
test.afterAll(async () => {
  await harness.close();
});

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme, viewport: TEAM_BOARD_SIZE });

    test('an admin’s board follows 20 concurrent calls of 20 users to their end', async ({ page }) => {
      await harness.open(page, 'team-board');
      await expect(page.getByRole('heading', { name: 'Team board' })).toBeVisible();
      await expect(page.getByText('Live', { exact: true })).toBeVisible();
      await expect(page.getByText('No calls right now')).toBeVisible();
      const sim = harness.controller.demoSimulator!;
      const users = TEAM_ACCOUNT.extensions.slice(scheme === 'light' ? 2 : 22, scheme === 'light' ? 22 : 42);
      const calls = users.map((user, i) => placeColleagueCall(sim, user.id, NUMBERS[i % NUMBERS.length]!));
      // While they go on: phones ringing and people talking, at a glance.
      await expect(page.locator('.summary')).toContainText(/ringing · \d+ talking/, { timeout: 15_000 });
      await page.screenshot({ path: `docs/screenshots/team-board-live-${scheme}.png` });

      await expect.poll(() => calls.every((c) => c.endedAt !== null), { timeout: 30_000 }).toBe(true);
      const board = harness.controller.requireCore().teamBoard;
      await expect
        .poll(() => calls.every((c) => board.snapshot().calls.find((b) => b.telephonySessionId === c.telephonySessionId)?.endedAt != null))
        .toBe(true);
      // Every row shows what the core's board shows for that person's call: both legs, in the popover's words.
      for (const [i, user] of users.entries()) {
        const shown = board.snapshot().calls.find((b) => b.telephonySessionId === calls[i]!.telephonySessionId)!;
        const text = row(page, user.name);
        await expect(text).toContainText(new RegExp(`${user.firstName}:\\s*${LEG_SHORT[shown.caller.state]}`, 'i'));
        await expect(text).toContainText(new RegExp(`Them:\\s*${LEG_SHORT[shown.callee.state]}`, 'i'));
      }
      // A busy line or an unanswered phone reads so when RingCentral said why; a reason-less end (REALITY 8) reads "Call ended".
      await expect(row(page, users[1]!.name)).toContainText(/Busy|Call ended/);
      await expect(row(page, users[2]!.name)).toContainText(/Not answering|Call ended/);
      await page.screenshot({ path: `docs/screenshots/team-board-ended-${scheme}.png` });

      // The department filter: only that department's people.
      await page.getByLabel('Department').selectOption('Billing');
      const departments = await page.locator('tbody th .meta').allTextContents();
      expect(departments.length).toBeGreaterThan(0);
      expect(departments.every((d) => d.endsWith('Billing'))).toBe(true);
    });
  });
}

test.describe('a user who is not an admin', () => {
  let member: Harness | undefined;
  let sim: Simulator | undefined;
  test.afterAll(async () => {
    await member?.close();
    await sim?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`is asked to see their admin (${scheme})`, async ({ browser }) => {
      if (!sim) {
        sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 20 });
        member = await startHarness({
          env: { RC_SERVER_URL: sim.url, RC_CLIENT_ID: sim.app.clientId, RC_CLIENT_SECRET: sim.app.clientSecret, RC_JWT: 'ringside-team-member-jwt' },
        });
      }
      const page = await browser.newPage({ colorScheme: scheme, viewport: TEAM_BOARD_SIZE });
      await member!.open(page, 'team-board');
      await expect(page.getByRole('heading', { name: 'Ask your admin' })).toBeVisible({ timeout: 15_000 });
      await expect(page.getByRole('table')).toHaveCount(0);
      await page.screenshot({ path: `docs/screenshots/team-board-ask-admin-${scheme}.png` });
      await page.close();
    });
  }
});
