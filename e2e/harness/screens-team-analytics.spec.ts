/**
 * Issue 29: the Team analytics screen in the History window's real size (1100×720), light and
 * dark, over a real team archive: a throw-away PostgreSQL cluster holding three weeks of a
 * 50-person team's RingOut calls and its company directory (one who left, one never listed),
 * read by a lead's login through RINGSIDE_TEAM_DATABASE_URL.
 * Screenshots: docs/screenshots/team-analytics-{light,dark}.png (the window) and -full.png (the whole page).
 */
import { expect, test } from '@playwright/test';
import { bulkLoadTeamRecords, TEAM_ROLES, writeTeamDirectory } from '../../src-main/core/team/index';
import { TEAM_ACCOUNT } from '../../src-simulator/account/team-account';
import type { PostgresCluster } from '../../test-support/postgres-cluster';
import { dayOfCalls, random } from '../../bench/team-archive-bench';
import { startHarness, type Harness } from './ringside-harness';
import { startTeamArchiveForSpec } from './team-archive-fixture';

const DAY = 86_400_000;
let cluster: PostgresCluster | null = null;
let harness: Harness | null = null;

test.beforeAll(async () => {
  cluster = await startTeamArchiveForSpec(async (owner) => {
    await owner.query(`CREATE ROLE team_lead LOGIN IN ROLE ${TEAM_ROLES.lead}`);
    await owner.query("INSERT INTO team_members (role_name, extension_id, name) VALUES ('team_lead', 'ext-0', 'Dana Whitfield')");
    const next = random(29);
    const serial = { n: 0 };
    const today = Math.floor(Date.now() / DAY);
    await owner.query('BEGIN');
    for (let day = today - 20; day < today; day++) await bulkLoadTeamRecords(owner, dayOfCalls(day, 200, next, serial));
    await owner.query('COMMIT');
    // The company directory as the collector keeps it: the simulator's team account's names and
    // departments; the last person left the company, the one before was never listed.
    const people = TEAM_ACCOUNT.extensions.map((e, i) => ({
      extensionId: `ext-${i}`,
      name: e.name,
      extensionNumber: e.extensionNumber,
      department: e.department ?? null,
      status: 'Enabled',
    }));
    await writeTeamDirectory(owner, people.slice(0, -2).concat(people.slice(-1)), []);
    await writeTeamDirectory(owner, people.slice(0, -2), []);
  });
  harness = await startHarness({ env: { RINGSIDE_TEAM_DATABASE_URL: cluster.urlFor('postgres', 'team_lead') } });
});

test.afterAll(async () => {
  await harness?.close();
  await cluster?.stop();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`team analytics at 1100×720, ${scheme}: rates per person, the team by hour, failed numbers, the period covered`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1100, height: 720 });
    await harness!.open(page, 'history');
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('link', { name: 'Team analytics' }).click();
    await expect(page.getByRole('heading', { name: 'Team analytics' })).toBeVisible();
    // The lead sees all 50 people, by name; the archive starts 20 days ago, inside the last 30 days.
    const people = page.getByRole('table').first().getByRole('rowheader');
    await expect(people).toHaveCount(50, { timeout: 15_000 });
    await expect(people.first()).toHaveText(/^Alex Demo/);
    await expect(people.last()).toHaveText('Not in the directory (extension id ext-48)');
    await expect(page.getByRole('row').filter({ hasText: TEAM_ACCOUNT.extensions[49]!.name })).toContainText('left the directory');
    await expect(page.locator('.coverage')).toHaveText(/^Covers .+ – today$/);
    await expect(page.getByRole('img', { name: /stacked bars/ })).toHaveCount(2);
    await page.screenshot({ path: `docs/screenshots/team-analytics-${scheme}.png` });
    // The whole screen at the same width: the hours' charts and the failed numbers below the fold.
    await expect(page.getByRole('table').last().getByRole('rowheader')).toHaveCount(10);
    await page.screenshot({ path: `docs/screenshots/team-analytics-${scheme}-full.png`, fullPage: true });
  });
}
