/**
 * The throw-away cluster itself: a private folder, a server reachable on its socket only, and
 * nothing left behind after stop. (The `team` project's global cluster is made the same way.)
 */
import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import { expect, it } from 'vitest';
import { startPostgresCluster } from './postgres-cluster';
import { describeWithPostgres } from './postgres-test';

describeWithPostgres('a throw-away PostgreSQL cluster', () => {
  it('starts in a 0700 folder, answers on its socket without a password or TCP, and leaves nothing after stop', async () => {
    const cluster = await startPostgresCluster();
    try {
      expect(statSync(cluster.folder).mode & 0o777).toBe(0o700);
      expect(cluster.url).not.toMatch(/:[^/@]*@/); // no password in the URL
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const settings = await client.query<{ listen: string; sockets: string }>(
        "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets",
      );
      expect(settings.rows[0]).toEqual({ listen: '', sockets: cluster.folder });
      await client.end();
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.folder)).toBe(false);
  });
});
