/**
 * Issue 29: a History detail whose note a teammate wrote in the team archive. A throw-away
 * PostgreSQL cluster holds the demo call, a note by another lead (sam.lee) and a disposition by
 * the viewer's own login (dana); opening the call takes the team's note into this desktop and
 * says who wrote each and when. Screenshots: docs/screenshots/team-note-{light,dark}.png at
 * 1280×800, and team-note-720-{light,dark}.png (the list and the detail stacked). And a note
 * saved while the team archive does not answer: saved here, "Not yet shared with your team"
 * (team-note-not-shared-{light,dark}.png).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { historyFilterSchema } from '../../src-shared/history';
import { annotateTeamCall, TEAM_ROLES, writeTeamRecords } from '../../src-main/core/team/index';
import type { PostgresCluster } from '../../test-support/postgres-cluster';
import { startHarness, type Harness } from './ringside-harness';
import { startTeamArchiveForSpec } from './team-archive-fixture';

const NOTE = 'Price agreed at the 40-seat tier. Send the contract by Friday; she signs Monday.';
let cluster: PostgresCluster | null = null;
let harness: Harness | null = null;

test.describe("a teammate's note", () => {
  test.beforeAll(async () => {
    cluster = await startTeamArchiveForSpec(async (owner, cluster) => {
      await owner.query(`CREATE ROLE dana LOGIN IN ROLE ${TEAM_ROLES.lead}`);
      await owner.query(`CREATE ROLE "sam.lee" LOGIN IN ROLE ${TEAM_ROLES.lead}`);
      await owner.query("INSERT INTO team_members (role_name, extension_id, name) VALUES ('dana', '101', 'Dana Whitfield'), ('sam.lee', '102', 'Sam Lee')");
      harness = await startHarness({ env: { RINGSIDE_TEAM_DATABASE_URL: cluster.urlFor('postgres', 'dana') } });
      // The newest call of the demo history, as the collector would have brought it.
      const core = harness.controller.requireCore();
      const firstPage = () => core.history.list(historyFilterSchema.parse({ limit: 1 }));
      // The demo history's first sync is done (newest first: the first row stays the newest).
      await expect.poll(() => core.history.progress.phase === 'idle' && firstPage().total > 0, { timeout: 30_000 }).toBe(true);
      const newest = firstPage().rows[0]!;
      const record = core.history.detail(newest.id)!.record!;
      await writeTeamRecords(owner, [{ extensionId: '101', record }]);
      for (const [login, change] of [
        ['dana', { disposition: 'Call back' }],
        ['sam.lee', { note: NOTE }],
      ] as const) {
        const client = new pg.Client({ connectionString: cluster.urlFor('postgres', login) });
        await client.connect();
        await annotateTeamCall(client, newest.id, change);
        await client.end();
      }
    });
  });

  test.afterAll(async () => {
    await harness?.close();
    await cluster?.stop();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 720]) {
      test(`history detail with a team note at ${width}×800, ${scheme}: the teammate's note taken in, signed`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width, height: 800 });
        await harness!.open(page, 'history');
        await page.getByRole('listbox', { name: 'Call history' }).getByRole('option').first().click();
        const detail = page.getByRole('region', { name: 'Call details' });
        await expect(detail.getByRole('textbox', { name: 'Note' })).toHaveValue(NOTE, { timeout: 15_000 });
        await expect(detail.getByText(/^Note by Sam Lee · /)).toBeVisible();
        await expect(detail.getByText(/^Disposition by you · /)).toBeVisible();
        await expect(detail.getByRole('combobox', { name: 'Disposition' })).toHaveValue('Call back');
        await detail.getByText(/^Note by Sam Lee/).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `docs/screenshots/team-note${width === 1280 ? '' : `-${width}`}-${scheme}.png` });
      });
    }
  }
});

test.describe('the team archive not answering', () => {
  let offline: Harness | null = null;
  test.beforeAll(async () => {
    // A socket folder with no server in it: this computer, nothing listening.
    const folder = mkdtempSync(path.join(tmpdir(), 'ringside-no-pg-'));
    offline = await startHarness({ env: { RINGSIDE_TEAM_DATABASE_URL: `postgresql://dana@/team?host=${encodeURIComponent(folder)}` } });
  });
  test.afterAll(async () => {
    await offline?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`a note saved while the team archive does not answer, ${scheme}: saved here, not yet shared, and why`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1280, height: 800 });
      await offline!.open(page, 'history');
      await page.getByRole('listbox', { name: 'Call history' }).getByRole('option').nth(2).click();
      const detail = page.getByRole('region', { name: 'Call details' });
      const note = detail.getByRole('textbox', { name: 'Note' });
      await note.fill(`Asked for the ${scheme} brochure; call back Tuesday.`);
      await detail.getByRole('button', { name: 'Save note' }).click();
      await expect(detail.getByText('Not yet shared with your team', { exact: false })).toBeVisible({ timeout: 15_000 });
      await expect(detail.getByText(/The team archive does not answer: it is kept here and sent when it does\./)).toBeVisible();
      await page.screenshot({ path: `docs/screenshots/team-note-not-shared-${scheme}.png` });
    });
  }
});
