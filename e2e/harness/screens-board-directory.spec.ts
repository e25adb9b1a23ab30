/**
 * Issue 29: the Team board reading its people from the team archive's directory (the
 * collector's directory sync filled it from the demo simulator's 50-user team account), not
 * from RingCentral, and its department filter over them; light and dark at the window's size
 * (docs/screenshots/team-board-directory-{light,dark}.png).
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { MemorySecretStore, systemClock, silentLogger } from '../../src-main/core/ports';
import { Session } from '../../src-main/core/auth/session';
import { RingCentralApi } from '../../src-main/core/ringcentral/api';
import { RatePlanner } from '../../src-main/core/ringcentral/rate-planner';
import { readTeamDirectory, TeamDirectorySync, TEAM_ROLES } from '../../src-main/core/team/index';
import { TEAM_BOARD_SIZE } from '../../src-shared/team-board';
import type { PostgresCluster } from '../../test-support/postgres-cluster';
import { startHarness, type Harness } from './ringside-harness';
import { startTeamArchiveForSpec } from './team-archive-fixture';

let cluster: PostgresCluster | null = null;
let harness: Harness | null = null;
let directoryRequests = 0;

test.beforeAll(async () => {
  cluster = await startTeamArchiveForSpec(async (owner) => {
    await owner.query(`CREATE ROLE board_lead LOGIN IN ROLE ${TEAM_ROLES.lead}`);
    await owner.query(`CREATE ROLE board_collector LOGIN IN ROLE ${TEAM_ROLES.collector}`);
  });
  harness = await startHarness({ team: true, seedHistory: 0, env: { RINGSIDE_TEAM_DATABASE_URL: cluster.urlFor('postgres', 'board_lead') } });
  // The collector's directory sync, as the admin, against the same simulator.
  const sim = harness.controller.demoSimulator!;
  const session = new Session({ server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret }, new MemorySecretStore(), silentLogger);
  await session.signInWithJwt('ringside-demo-jwt');
  const collector = new pg.Client({ connectionString: cluster.urlFor('postgres', 'board_collector') });
  await collector.connect();
  try {
    const sync = new TeamDirectorySync(new RingCentralApi(session.sdk, new RatePlanner(systemClock), 'account'), collector, systemClock, silentLogger);
    expect(await sync.refreshIfDue()).toBe(true);
    expect((await readTeamDirectory(collector)).length).toBeGreaterThanOrEqual(50);
  } finally {
    await collector.end();
    await session.signOut();
  }
  directoryRequests = sim.requestLog.filter((r) => r.operationId === 'listDirectoryEntries').length;
});

test.afterAll(async () => {
  await harness?.close();
  await cluster?.stop();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the board's people come from the team archive; the department filter works over them (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize(TEAM_BOARD_SIZE);
    await harness!.open(page, 'team-board');
    await expect(page.getByRole('heading', { name: 'Team board' })).toBeVisible();
    await expect(page.getByRole('rowheader', { name: /Sam Colleague/ })).toBeVisible({ timeout: 15_000 });
    // Nobody asked RingCentral's directory for the board: its people are the archive's.
    expect(harness!.controller.demoSimulator!.requestLog.filter((r) => r.operationId === 'listDirectoryEntries')).toHaveLength(directoryRequests);
    await page.getByLabel('Department').selectOption('Support');
    const departments = await page.locator('tbody th .meta').allTextContents();
    expect(departments.length).toBeGreaterThan(1);
    expect(departments.every((d) => d.endsWith('Support'))).toBe(true);
    await page.screenshot({ path: `docs/screenshots/team-board-directory-${scheme}.png` });
  });
}
