/**
 * Issue 29: edits waiting for another team archive. A note and disposition saved while the team
 * archive "acme" was set (its archive does not have the call yet, so they wait), then Settings →
 * Team archive switched to "globex": the note area says the edits wait for acme, and Settings
 * says how many wait for which archive. Two databases of one throw-away PostgreSQL cluster.
 * Screenshots: docs/screenshots/team-note-elsewhere{,-720}-{light,dark}.png (1280×800, 720×800)
 * and team-archive-settings-elsewhere-{light,dark}.png (the Settings window, 560×680).
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { historyFilterSchema } from '../../src-shared/history';
import { migrateTeamArchive, TEAM_ROLES } from '../../src-main/core/team/index';
import type { PostgresCluster } from '../../test-support/postgres-cluster';
import { startHarness, type Harness } from './ringside-harness';
import { startTeamArchiveForSpec } from './team-archive-fixture';

const NOTE = 'Acme: wants the 40-seat quote before Friday.';
let cluster: PostgresCluster | null = null;
let harness: Harness | null = null;

test.beforeAll(async () => {
  cluster = await startTeamArchiveForSpec(async (owner, cluster) => {
    await owner.query(`CREATE ROLE dana LOGIN IN ROLE ${TEAM_ROLES.lead}`);
    for (const company of ['acme', 'globex']) {
      await owner.query(`CREATE DATABASE ${company}`);
      const companyOwner = new pg.Client({ connectionString: cluster.urlFor(company) });
      await companyOwner.connect();
      await migrateTeamArchive(companyOwner);
      await companyOwner.end();
    }
  });
  harness = await startHarness();
  const core = harness.controller.requireCore();
  const firstPage = () => core.history.list(historyFilterSchema.parse({ limit: 1 }));
  await expect.poll(() => core.history.progress.phase === 'idle' && firstPage().total > 0, { timeout: 30_000 }).toBe(true);
  const newest = firstPage().rows[0]!;
  // Set to acme, as Settings → Team archive does; acme has not collected the call yet, so the edits wait.
  await harness.controller.team.set({ url: cluster!.urlFor('acme', 'dana'), password: null });
  core.annotations.annotate({ id: newest.id }, { note: NOTE, disposition: 'Call back' });
  await expect.poll(() => harness!.controller.team.shareNow(), { timeout: 15_000 }).toEqual({ shared: 0, waiting: 2 });
  await harness.controller.team.set({ url: cluster!.urlFor('globex', 'dana'), password: null });
});

test.afterAll(async () => {
  await harness?.close();
  await cluster?.stop();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [1280, 720]) {
    test(`history detail at ${width}×800, ${scheme}: edits waiting for another team archive name it`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 800 });
      await harness!.open(page, 'history');
      await page.getByRole('listbox', { name: 'Call history' }).getByRole('option').first().click();
      const detail = page.getByRole('region', { name: 'Call details' });
      await expect(detail.getByRole('textbox', { name: 'Note' })).toHaveValue(NOTE);
      const waiting = detail.getByText(/^Waiting for the team archive acme on this computer/);
      await expect(waiting).toBeVisible({ timeout: 15_000 });
      await expect(detail.getByText(/Not yet shared with your team/)).toHaveCount(0);
      await waiting.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `docs/screenshots/team-note-elsewhere${width === 1280 ? '' : `-${width}`}-${scheme}.png` });
    });
  }

  test(`team archive settings at 560×680, ${scheme}: how many edits wait for which archive`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 560, height: 680 });
    await harness!.open(page, 'settings');
    const section = page.getByRole('region', { name: 'Team archive' });
    await expect(section.getByRole('note')).toHaveText(
      '2 edits made for the team archive acme on this computer wait here: they are sent when you switch back to it.',
    );
    await section.getByRole('button', { name: 'Turn team mode off' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/team-archive-settings-elsewhere-${scheme}.png` });
  });
}
