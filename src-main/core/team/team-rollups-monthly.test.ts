/**
 * Migration 10 turns the failed numbers' per-day roll-up into a per-month one: an archive
 * written before it keeps its counts (summed into months), equal to a recount from calls.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { writeTeamRecords } from './team-calls';
import { at, callerHalf, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_MIGRATIONS, TEAM_ROLES } from './team-migrations';

const MONTHLY = 'SELECT month, number, callee_state, calls::int FROM team_rollup_numbers_monthly WHERE calls <> 0 ORDER BY 1, 2, 3';
const RECOUNT = `SELECT date_trunc('month', start_time, 'UTC') AS month, to_number AS number, callee_state, count(*)::int AS calls FROM calls
                 WHERE ring_out AND to_number IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

describeWithPostgres('the failed numbers rolled up per month (migration 10)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('carries an older archive’s per-day counts into months', async () => {
    const owner = await db.connect();
    await migrateTeamArchive(owner, 9);
    const collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
    await collector.query('BEGIN');
    await writeTeamRecords(
      collector,
      [0, 1, 2, 3, 4, 5].flatMap((i) => {
        const session = 460000000000 + i * 10_000;
        const start = at(i < 3 ? '2026-10-30' : '2026-11-02', i * 3600);
        const record = ringOutRecord(`RO-${i}`, session, start, { to: { phoneNumber: `+1555020${i % 2}` } });
        return i % 2 === 0
          ? [
              { extensionId: '101', record },
              { extensionId: '101', record: callerHalf(`HALF-${i}`, session, start) },
            ]
          : [{ extensionId: '101', record }];
      }),
    );
    await collector.query('COMMIT');
    const perDay = await owner.query('SELECT count(*)::int AS n FROM team_rollup_numbers');
    expect(perDay.rows[0].n).toBeGreaterThan(2);
    expect(await migrateTeamArchive(owner)).toEqual(TEAM_MIGRATIONS.filter((m) => m.version >= 10).map((m) => m.version));
    const monthly = (await owner.query(MONTHLY)).rows;
    expect(monthly.map((r) => [r.month.toISOString().slice(0, 7), r.calls])).toEqual([
      ['2026-10', 2],
      ['2026-10', 1],
      ['2026-11', 1],
      ['2026-11', 2],
    ]);
    expect(monthly).toEqual((await owner.query(RECOUNT)).rows);
  });
});
