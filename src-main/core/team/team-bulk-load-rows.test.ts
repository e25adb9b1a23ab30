/**
 * How the bulk load's rows are written: a month new to the archive takes them frozen and
 * all-visible (COPY FREEZE in the load's own subtransaction: no VACUUM pass later to mark them), a
 * month already there as ordinary rows; a REPEATABLE READ transaction (whose snapshot FREEZE
 * refuses) still loads; every row says when it was written (one server time for the load, given to
 * COPY rather than left to the volatile default, which would make COPY insert row by row).
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { bulkLoadTeamRecords } from './team-bulk-load';
import { writeTeamRecords, type TeamRecord } from './team-calls';
import { at, callerHalf, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

/** `count` calls of extensions 101–103 from `day` on, every third a two-record RingOut. */
function calls(day: string, count: number, prefix: string): TeamRecord[] {
  const records: TeamRecord[] = [];
  for (let i = 0; i < count; i++) {
    const extensionId = String(101 + (i % 3));
    const start = at(day, i * 600);
    if (i % 3 === 0) {
      const session = 410000000000 + i * 10_000;
      records.push({ extensionId, record: ringOutRecord(`${prefix}-RO-${i}`, session, start) });
      records.push({ extensionId, record: callerHalf(`${prefix}-HALF-${i}`, session, start) });
    } else records.push({ extensionId, record: missedCall(`${prefix}-CALL-${i}`, start) });
  }
  return records;
}

describeWithPostgres('the rows a bulk load writes', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let collector: pg.Client;
  beforeEach(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    await owner.query('CREATE EXTENSION pg_visibility');
    collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
  });
  afterEach(() => db.drop());

  const pages = async (partition: string) =>
    (await owner.query<{ all_visible: string; all_frozen: string }>('SELECT all_visible, all_frozen FROM pg_visibility_map_summary($1::regclass)', [partition]))
      .rows[0]!;
  const inOneTransaction = async <T>(work: () => Promise<T>, begin = 'BEGIN'): Promise<T> => {
    await collector.query(begin);
    const result = await work();
    await collector.query('COMMIT');
    return result;
  };

  it('a month new to the archive arrives frozen and all-visible; a month already there does not', async () => {
    await inOneTransaction(() => bulkLoadTeamRecords(collector, calls('2026-10-05', 300, 'OCT')));
    const pageCount = Number((await owner.query("SELECT relpages FROM pg_class WHERE relname = 'calls_2026_10'")).rows[0].relpages);
    const october = await pages('calls_2026_10');
    expect(pageCount).toBeGreaterThan(1);
    expect(Number(october.all_frozen)).toBe(pageCount);
    expect(Number(october.all_visible)).toBe(pageCount);
    // October is there now: a second load into it (far from the first, so still by COPY) is ordinary rows.
    const before = Number(october.all_visible);
    expect(await inOneTransaction(() => bulkLoadTeamRecords(collector, calls('2026-10-25', 30, 'LATE')))).toBe(30);
    const after = Number((await owner.query("SELECT relpages FROM pg_class WHERE relname = 'calls_2026_10'")).rows[0].relpages);
    const again = await pages('calls_2026_10');
    expect(Number(again.all_frozen)).toBeLessThan(after);
    expect(Number(again.all_frozen)).toBeLessThanOrEqual(before);
    const rows = await owner.query(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE caller_half IS NOT NULL)::int AS pairs FROM calls WHERE start_time >= '2026-10-01' AND start_time < '2026-11-01'",
    );
    expect(rows.rows[0]).toEqual({ n: 330, pairs: 110 });
  });

  it('loads in a REPEATABLE READ transaction too (without FREEZE, which a held snapshot forbids)', async () => {
    const streamed = await inOneTransaction(() => bulkLoadTeamRecords(collector, calls('2026-09-05', 60, 'SEP')), 'BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect(streamed).toBe(60);
    const september = await pages('calls_2026_09');
    expect(Number(september.all_frozen)).toBe(0);
    const attached = await owner.query("SELECT inhparent::regclass::text AS parent FROM pg_inherits WHERE inhrelid = 'calls_2026_09'::regclass");
    expect(attached.rows).toEqual([{ parent: 'calls' }]);
  });

  it('every row says when it was written: the server’s time of the load, also when the load meets a stored call', async () => {
    const october = calls('2026-10-05', 30, 'OCT');
    const missed = october.find((entry) => entry.record.id === 'OCT-CALL-1')!;
    // The same call stored under another extension: the load's extensions have nothing near, so the load goes by COPY and meets its key.
    await inOneTransaction(() => writeTeamRecords(collector, [{ extensionId: '999', record: missed.record }]));
    const before = (await owner.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;
    const streamed = await inOneTransaction(() => bulkLoadTeamRecords(collector, october));
    const after = (await owner.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;
    expect(streamed).toBe(30);
    const written = await owner.query<{ first: Date; last: Date }>(
      "SELECT min(written_at) AS first, max(written_at) AS last FROM calls WHERE id LIKE 'OCT-%' AND extension_id <> '999'",
    );
    expect(written.rows[0]!.first.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(written.rows[0]!.last.getTime()).toBeLessThanOrEqual(after.getTime());
    const rows = await owner.query("SELECT count(*)::int AS n FROM calls WHERE id LIKE 'OCT-%'");
    expect(rows.rows[0].n).toBe(30);
    const kept = await owner.query("SELECT extension_id FROM calls WHERE id = 'OCT-CALL-1'");
    expect(kept.rows).toEqual([{ extension_id: '999' }]);
  });

  it('a call dated in the years 0–99 goes into its own month, by COPY and one at a time (its roll-up month too)', async () => {
    const start = '0050-03-15T09:00:00.000Z';
    expect(await inOneTransaction(() => bulkLoadTeamRecords(collector, [{ extensionId: '101', record: ringOutRecord('Y50-A', 420000000000, start) }]))).toBe(1);
    await inOneTransaction(() => writeTeamRecords(collector, [{ extensionId: '102', record: ringOutRecord('Y50-B', 420000010000, start) }]));
    const rows = await owner.query("SELECT id, tableoid::regclass::text AS partition FROM calls WHERE id LIKE 'Y50-%' ORDER BY id");
    expect(rows.rows).toEqual([
      { id: 'Y50-A', partition: 'calls_0050_03' },
      { id: 'Y50-B', partition: 'calls_0050_03' },
    ]);
    const numbers = await owner.query(
      "SELECT to_char(month AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS month, sum(calls)::int AS calls FROM team_rollup_numbers_monthly WHERE month < '1000-01-01' GROUP BY 1",
    );
    expect(numbers.rows).toEqual([{ month: '0050-03-01', calls: 2 }]);
  });
});
