/**
 * The team archive's migrations against a real PostgreSQL: up from empty, and up from each
 * earlier version (with data in it) to the same schema, losing nothing; a newer archive is left alone.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import {
  ChangedTeamMigrationError,
  migrateTeamArchive,
  NewerTeamSchemaError,
  TEAM_MIGRATIONS,
  TEAM_ROLES,
  TEAM_SCHEMA_VERSION,
  teamSchemaVersion,
} from './team-migrations';

/** The schema as the catalog sees it: tables and columns, indexes, policies, functions. */
async function schemaOf(client: pg.Client): Promise<string[]> {
  const parts = await Promise.all([
    client.query(
      "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1",
    ),
    client.query("SELECT indexname || ': ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
    client.query("SELECT tablename || '.' || policyname || ' ' || cmd || ' ' || coalesce(qual, '') AS line FROM pg_policies ORDER BY 1"),
    client.query("SELECT proname || '(' || pg_get_function_arguments(oid) || ')' AS line FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1"),
    client.query(
      "SELECT relname || ' rls=' || relrowsecurity AS line FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') ORDER BY 1",
    ),
  ]);
  // Month partitions are data, made as calls come: not part of the schema compared.
  return parts.flatMap((part) => part.rows.map((row: { line: string }) => row.line)).filter((line) => !/calls_\d{4}_\d{2}/.test(line));
}

describeWithPostgres('team archive migrations', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeEach(async () => {
    db = await createTestDatabase();
    client = await db.connect();
  });
  afterEach(() => db.drop());

  it('migrates an empty database to the newest schema, and a second run changes nothing', async () => {
    expect(await teamSchemaVersion(client)).toBe(0);
    expect(await migrateTeamArchive(client)).toEqual(TEAM_MIGRATIONS.map((m) => m.version));
    expect(await teamSchemaVersion(client)).toBe(TEAM_SCHEMA_VERSION);
    const schema = await schemaOf(client);
    expect(schema).toContain('calls rls=true');
    expect(await migrateTeamArchive(client)).toEqual([]);
    expect(await schemaOf(client)).toEqual(schema);
  });

  it('refuses to go on when a migration that ran was edited since, and changes nothing', async () => {
    await migrateTeamArchive(client, 2);
    await client.query("UPDATE ringside_migrations SET checksum = 'edited' WHERE version = 1");
    await expect(migrateTeamArchive(client)).rejects.toThrow(ChangedTeamMigrationError);
    expect(await teamSchemaVersion(client)).toBe(2);
  });

  it('two instances migrating at once migrate once', async () => {
    const other = await db.connect();
    const [a, b] = await Promise.all([migrateTeamArchive(client), migrateTeamArchive(other)]);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(TEAM_MIGRATIONS.map((m) => m.version));
    expect((await client.query('SELECT count(*)::int AS n FROM ringside_migrations')).rows[0].n).toBe(TEAM_MIGRATIONS.length);
  });

  it('leaves an archive of a newer Ringside as it is', async () => {
    await migrateTeamArchive(client);
    await client.query("INSERT INTO ringside_migrations (version, name, checksum) VALUES ($1, 'from the future', 'x')", [TEAM_SCHEMA_VERSION + 1]);
    await expect(migrateTeamArchive(client)).rejects.toBeInstanceOf(NewerTeamSchemaError);
    expect(await teamSchemaVersion(client)).toBe(TEAM_SCHEMA_VERSION + 1);
  });
});

describeWithPostgres('team archive migrations from each earlier version', () => {
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((db) => db.drop()));
  });

  it.each(TEAM_MIGRATIONS.slice(0, -1).map((m) => m.version))('from version %i: the same schema as from empty, and its data kept', async (from) => {
    const fresh = await createTestDatabase();
    dbs.push(fresh);
    const freshClient = await fresh.connect();
    await migrateTeamArchive(freshClient);
    const reference = await schemaOf(freshClient);

    const old = await createTestDatabase();
    dbs.push(old);
    const client = await old.connect();
    expect(await migrateTeamArchive(client, from)).toEqual(TEAM_MIGRATIONS.filter((m) => m.version <= from).map((m) => m.version));
    // What an archive at that version holds: a call (version 1), its note (2), a member (3), the cursor (4).
    await client.query("SELECT ringside_calls_partition('2026-11-20T09:00:00Z')");
    await client.query(
      "INSERT INTO calls (id, start_time, extension_id, modified_time, ring_out, record) VALUES ('R1', '2026-11-20T09:00:00Z', '101', '2026-11-20T09:01:00Z', true, '{\"id\":\"R1\"}')",
    );
    if (from >= 2)
      await client.query("INSERT INTO call_annotations (call_id, extension_id, note, note_by, note_at) VALUES ('R1', '101', 'kept', 'casey', now())");
    if (from >= 3) await client.query("INSERT INTO team_members (role_name, extension_id, name) VALUES ('casey', '101', 'Casey')");
    expect(await migrateTeamArchive(client)).toEqual(TEAM_MIGRATIONS.filter((m) => m.version > from).map((m) => m.version));
    expect(await schemaOf(client)).toEqual(reference);
    expect((await client.query('SELECT id FROM calls')).rows).toEqual([{ id: 'R1' }]);
    if (from >= 2) expect((await client.query('SELECT note, version FROM call_annotations')).rows).toEqual([{ note: 'kept', version: 1 }]);
    if (from >= 3) expect((await client.query('SELECT role_name FROM team_members')).rows).toEqual([{ role_name: 'casey' }]);
    // The newest schema works on the old data: the call reads through row-level security for a lead.
    const lead = await old.connect(await old.createLogin('lead', [TEAM_ROLES.lead]));
    expect((await lead.query('SELECT id FROM calls')).rows).toEqual([{ id: 'R1' }]);
    // …and the directory (version 8) is there to read, empty until the collector fills it.
    expect((await lead.query('SELECT extension_id FROM team_directory')).rows).toEqual([]);
  });
});
