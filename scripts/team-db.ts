/**
 * `npm run team:db`: a local PostgreSQL for trying team mode, the same throw-away cluster the
 * tests use (a private folder, a Unix socket only, no password). It creates the database
 * `ringside_team` at the newest schema, prints its URL, and on Ctrl-C stops and removes it all.
 */
import pg from 'pg';
import { migrateTeamArchive, TEAM_SCHEMA_VERSION } from '../src-main/core/team';
import { postgresMissingReason, startPostgresCluster } from '../test-support/postgres-cluster';

const missing = postgresMissingReason();
if (missing) {
  console.error(`Cannot start a local PostgreSQL: ${missing}.`);
  process.exit(1);
}
const cluster = await startPostgresCluster();
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
await admin.query('CREATE DATABASE ringside_team');
await admin.end();
const url = cluster.urlFor('ringside_team');
const team = new pg.Client({ connectionString: url });
await team.connect();
await migrateTeamArchive(team);
await team.end();
console.log(`PostgreSQL is running (a throw-away cluster in ${cluster.folder}).`);
console.log(`Team archive (schema ${TEAM_SCHEMA_VERSION}): ${url}`);
console.log(`  psql "${url}"`);
console.log('Press Ctrl-C to stop it; its folder and data are removed.');
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping PostgreSQL...');
  await cluster.stop();
  console.log('Stopped and removed.');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// Keep running until a signal comes.
setInterval(() => {}, 1 << 30);
