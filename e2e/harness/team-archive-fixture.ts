/**
 * A throw-away team archive for a harness spec (issue 29): a real PostgreSQL cluster at the
 * newest schema, set up with the owner's login (roles, members, calls) by the spec. Call it in
 * `test.beforeAll`: where PostgreSQL is not installed the spec is skipped and says why. Stop
 * the cluster in `test.afterAll`.
 */
import { test } from '@playwright/test';
import pg from 'pg';
import { migrateTeamArchive } from '../../src-main/core/team/index';
import { findPostgresBin, postgresMissingReason, startPostgresCluster, type PostgresCluster } from '../../test-support/postgres-cluster';

export async function startTeamArchiveForSpec(setUp: (owner: pg.Client, cluster: PostgresCluster) => Promise<void>): Promise<PostgresCluster> {
  test.skip(!findPostgresBin(), `PostgreSQL is not installed: ${postgresMissingReason()}`);
  const cluster = await startPostgresCluster();
  const owner = new pg.Client({ connectionString: cluster.urlFor('postgres') });
  await owner.connect();
  try {
    await migrateTeamArchive(owner);
    await setUp(owner, cluster);
  } finally {
    await owner.end();
  }
  return cluster;
}
