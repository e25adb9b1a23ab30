/**
 * Calls in the team archive, against a real PostgreSQL: a month partition made for each new
 * month (also for a late record), a two-record RingOut one call whichever record comes first,
 * modified records updating their call and older versions changing nothing, deletions.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { writeTeamRecords, type TeamRecord } from './team-calls';
import { at, callerHalf, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

describeWithPostgres('calls in the team archive', () => {
  let db: TestDatabase;
  let collector: pg.Client;
  const inTransaction = async (client: pg.Client, records: TeamRecord[]) => {
    await client.query('BEGIN');
    await writeTeamRecords(client, records);
    await client.query('COMMIT');
  };
  const write = (records: TeamRecord[]) => inTransaction(collector, records);
  const calls = async () =>
    (
      await collector.query<{ id: string; caller_state: string | null; callee_state: string | null; from_number: string; half: string | null }>(
        "SELECT id, caller_state, callee_state, from_number, caller_half->>'id' AS half FROM calls ORDER BY start_time, id",
      )
    ).rows;

  beforeEach(async () => {
    db = await createTestDatabase();
    await migrateTeamArchive(await db.connect());
    // The collector writes as its own role, never as the owner (row-level security applies to it).
    collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
  });
  afterEach(() => db.drop());

  it('makes one partition per month as calls of that month come, including a late one of an old month', async () => {
    await write([
      { extensionId: '101', record: missedCall('A', at('2026-11-30')) },
      { extensionId: '101', record: missedCall('B', at('2026-12-01')) },
    ]);
    await write([{ extensionId: '102', record: missedCall('LATE', at('2025-02-14')) }]);
    const parts = await collector.query<{ part: string; bounds: string }>(
      "SELECT c.relname AS part, pg_get_expr(c.relpartbound, c.oid) AS bounds FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'calls'::regclass ORDER BY 1",
    );
    expect(parts.rows.map((r) => r.part)).toEqual(['calls_2025_02', 'calls_2026_11', 'calls_2026_12']);
    expect(parts.rows[1]!.bounds).toBe("FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')");
    const where = await collector.query<{ id: string; part: string }>('SELECT id, tableoid::regclass::text AS part FROM calls ORDER BY id');
    expect(where.rows).toEqual([
      { id: 'A', part: 'calls_2026_11' },
      { id: 'B', part: 'calls_2026_12' },
      { id: 'LATE', part: 'calls_2025_02' },
    ]);
  });

  it('two writers meeting a new month at once make its partition once', async () => {
    const other = await db.connect(await db.createLogin('collector2', [TEAM_ROLES.collector]));
    // Each in its own transaction: the second waits for the first's partition, then writes into it.
    await Promise.all([
      inTransaction(collector, [{ extensionId: '101', record: missedCall('A', at('2027-01-05')) }]),
      inTransaction(other, [{ extensionId: '102', record: missedCall('B', at('2027-01-06')) }]),
    ]);
    expect((await calls()).map((c) => c.id)).toEqual(['A', 'B']);
  });

  it('merges a two-record RingOut into one call whichever record comes first, with both legs', async () => {
    const t = at('2026-11-20');
    await write([{ extensionId: '101', record: callerHalf('HALF-1', 400000001000, t) }]);
    expect((await calls()).map((c) => c.id)).toEqual(['HALF-1']);
    await write([{ extensionId: '101', record: ringOutRecord('RO-1', 400000001000, t) }]);
    // The other way round, in one batch.
    const u = at('2026-11-21');
    await write([
      { extensionId: '101', record: ringOutRecord('RO-2', 400000005000, u) },
      { extensionId: '101', record: callerHalf('HALF-2', 400000005000, u) },
    ]);
    expect(await calls()).toEqual([
      // from/to swapped back: from is the user.
      { id: 'RO-1', caller_state: 'connected', callee_state: 'busy', from_number: '+16505550110', half: 'HALF-1' },
      { id: 'RO-2', caller_state: 'connected', callee_state: 'busy', from_number: '+16505550110', half: 'HALF-2' },
    ]);
    // The half seen again (a sync that overlaps) stays in its call.
    await write([{ extensionId: '101', record: callerHalf('HALF-1', 400000001000, t) }]);
    expect((await calls()).map((c) => c.id)).toEqual(['RO-1', 'RO-2']);
  });

  it('does not pair records of different extensions', async () => {
    const t = at('2026-11-20');
    await write([
      { extensionId: '101', record: ringOutRecord('RO', 400000001000, t) },
      { extensionId: '102', record: callerHalf('HALF', 400000001000, t) },
    ]);
    expect((await calls()).map((c) => [c.id, c.half])).toEqual([
      ['HALF', null],
      ['RO', null],
    ]);
  });

  it('a modified record updates its call; an older version of it changes nothing', async () => {
    const t = at('2026-11-20');
    const first = ringOutRecord('RO', 400000001000, t);
    const later = ringOutRecord('RO', 400000001000, t, {
      lastModifiedTime: at('2026-11-20', 600),
      legs: [first.legs![0]!, { ...first.legs![1]!, result: 'Call connected' }],
    });
    await write([{ extensionId: '101', record: first }]);
    await write([{ extensionId: '101', record: later }]);
    expect((await calls())[0]!.callee_state).toBe('connected');
    await write([{ extensionId: '101', record: first }]);
    expect(await calls()).toHaveLength(1);
    expect((await calls())[0]!.callee_state).toBe('connected');
  });

  it('a record deleted in RingCentral leaves the archive, and its merged half does not come back on its own', async () => {
    const t = at('2026-11-20');
    await write([
      { extensionId: '101', record: ringOutRecord('RO', 400000001000, t) },
      { extensionId: '101', record: callerHalf('HALF', 400000001000, t) },
    ]);
    await write([{ extensionId: '101', record: { ...ringOutRecord('RO', 400000001000, t), deleted: true } }]);
    await write([{ extensionId: '101', record: callerHalf('HALF', 400000001000, t) }]);
    expect(await calls()).toEqual([]);
  });

  it('an owner-less role may not create partitions or write calls directly', async () => {
    const stranger = await db.connect(await db.createLogin('stranger'));
    await expect(stranger.query("SELECT ringside_calls_partition('2026-11-20T00:00:00Z')")).rejects.toThrow(/permission denied/);
    await expect(
      stranger.query("INSERT INTO calls (id, start_time, extension_id, modified_time, ring_out, record) VALUES ('X', now(), '1', now(), false, '{}')"),
    ).rejects.toThrow(/permission denied/);
  });
});
