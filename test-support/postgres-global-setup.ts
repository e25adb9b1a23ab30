/**
 * Vitest globalSetup of the `team` project: ONE throw-away PostgreSQL cluster for every suite
 * that needs it (each test file makes its own database in it: test-support/postgres-test.ts).
 * Without PostgreSQL the suites skip, and say why.
 */
import type { TestProject } from 'vitest/node';
import { postgresMissingReason, startPostgresCluster, type PostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  interface ProvidedContext {
    /** The cluster's superuser URL and socket folder, or why there is none. */
    postgres: { url: string; socketFolder: string; missing: null } | { url: null; socketFolder: null; missing: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = postgresMissingReason();
  if (missing) {
    console.warn(`PostgreSQL suites skipped: ${missing}`);
    project.provide('postgres', { url: null, socketFolder: null, missing });
    return async () => {};
  }
  const cluster: PostgresCluster = await startPostgresCluster();
  project.provide('postgres', { url: cluster.url, socketFolder: cluster.folder, missing: null });
  return () => cluster.stop();
}
