/**
 * Issue 29: Settings → Team archive in the Settings window's real size (560×680), light and
 * dark: an address on another computer without TLS refused in words, then a team archive on this
 * computer (a throw-away PostgreSQL cluster) saved and answering. Screenshots:
 * docs/screenshots/team-archive-settings-{refused,on}-{light,dark}.png.
 */
import { expect, test } from '@playwright/test';
import { TEAM_ROLES } from '../../src-main/core/team/index';
import type { PostgresCluster } from '../../test-support/postgres-cluster';
import { startHarness, type Harness } from './ringside-harness';
import { startTeamArchiveForSpec } from './team-archive-fixture';

let cluster: PostgresCluster | null = null;
let harness: Harness | null = null;

test.beforeAll(async () => {
  cluster = await startTeamArchiveForSpec(async (owner) => {
    await owner.query(`CREATE ROLE casey LOGIN IN ROLE ${TEAM_ROLES.member}`);
  });
  harness = await startHarness();
});

test.afterAll(async () => {
  await harness?.close();
  await cluster?.stop();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`team archive settings at 560×680, ${scheme}: refused without TLS, then on`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 560, height: 680 });
    await harness!.open(page, 'settings');
    const section = page.getByRole('region', { name: 'Team archive' });
    await section.getByLabel('Address').fill('postgres://casey@db.example.com:5432/ringside');
    await section.getByLabel('Password').fill('not-shown');
    await section.getByRole('button', { name: 'Save and check' }).click();
    await expect(section.getByRole('alert')).toHaveText(
      'The team archive at db.example.com:5432 is on another computer: reach it over TLS (add ?sslmode=verify-full to the address).',
    );
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/team-archive-settings-refused-${scheme}.png` });

    await section.getByLabel('Address').fill(cluster!.urlFor('postgres', 'casey'));
    await section.getByRole('button', { name: 'Save and check' }).click();
    await expect(section.getByRole('status')).toHaveText('The team archive answered: team mode is on.');
    await expect(section.getByLabel('Password')).toHaveValue('');
    await section.getByRole('button', { name: 'Turn team mode off' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/screenshots/team-archive-settings-on-${scheme}.png` });
    await section.getByRole('button', { name: 'Turn team mode off' }).click();
    await expect(section.getByRole('status')).toHaveText('Team mode is off.');
  });
}
