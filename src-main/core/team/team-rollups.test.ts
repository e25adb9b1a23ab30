/**
 * The team analytics' roll-ups (migration 7; the numbers per month since migration 10) always equal a recount from calls: after a bulk
 * load (counted by the loader), after a record modified later and after a deletion (counted by
 * the trigger), and the analytics read through them give what grouping calls gives, for a
 * period of whole days and for one with ragged ends.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { bulkLoadTeamRecords } from './team-bulk-load';
import { writeTeamRecords, type TeamRecord } from './team-calls';
import { at, callerHalf, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

/** 120 calls of 3 extensions over November and December: RingOuts (a third in two records) and missed calls. */
function accountLog(): TeamRecord[] {
  const records: TeamRecord[] = [];
  for (let i = 0; i < 120; i++) {
    const extensionId = String(201 + (i % 3));
    const start = at(i < 60 ? '2026-11-10' : '2026-12-10', i * 1700);
    const session = 410000000000 + i * 10_000;
    if (i % 4 === 3) records.push({ extensionId, record: missedCall(`M-${i}`, start) });
    else {
      const callee = ['Busy', 'Call connected', 'No Answer'][i % 3]!;
      const record = ringOutRecord(`RO-${i}`, session, start, { to: { phoneNumber: `+1555000${i % 7}` } });
      record.legs = record.legs!.map((leg) =>
        leg.legType === 'RingOutClientToSubscriber' ? { ...leg, result: callee, to: { phoneNumber: `+1555000${i % 7}` } } : leg,
      );
      records.push({ extensionId, record });
      if (i % 3 === 0) records.push({ extensionId, record: callerHalf(`HALF-${i}`, session, start) });
    }
  }
  return records;
}

const ROLLUP_PEOPLE = 'SELECT day, extension_id, caller_state, callee_state, calls::int FROM team_rollup_people WHERE calls <> 0 ORDER BY 1, 2, 3, 4';
const RECOUNT_PEOPLE = `SELECT date_trunc('day', start_time, 'UTC') AS day, extension_id, caller_state, callee_state, count(*)::int AS calls FROM calls WHERE ring_out GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
const ROLLUP_QUARTERS = 'SELECT quarter, caller_state, callee_state, calls::int FROM team_rollup_quarters WHERE calls <> 0 ORDER BY 1, 2, 3';
const RECOUNT_QUARTERS = `SELECT to_timestamp(floor(extract(epoch FROM start_time) / 900) * 900) AS quarter, caller_state, callee_state, count(*)::int AS calls FROM calls WHERE ring_out GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
const ROLLUP_NUMBERS = 'SELECT month, number, callee_state, calls::int FROM team_rollup_numbers_monthly WHERE calls <> 0 ORDER BY 1, 2, 3';
const RECOUNT_NUMBERS = `SELECT date_trunc('month', start_time, 'UTC') AS month, to_number AS number, callee_state, count(*)::int AS calls FROM calls WHERE ring_out AND to_number IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

describeWithPostgres('the team analytics roll-ups', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let collector: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
  });
  afterAll(() => db.drop());

  const expectRecount = async () => {
    const people = (await owner.query(ROLLUP_PEOPLE)).rows;
    expect(people.length).toBeGreaterThan(0);
    expect(people).toEqual((await owner.query(RECOUNT_PEOPLE)).rows);
    expect((await owner.query(ROLLUP_QUARTERS)).rows).toEqual((await owner.query(RECOUNT_QUARTERS)).rows);
    expect((await owner.query(ROLLUP_NUMBERS)).rows).toEqual((await owner.query(RECOUNT_NUMBERS)).rows);
  };
  const write = async (load: (client: pg.Client) => Promise<unknown>) => {
    await collector.query('BEGIN');
    await load(collector);
    await collector.query('COMMIT');
  };

  it('equal a recount from calls after a bulk load', async () => {
    await write((c) => bulkLoadTeamRecords(c, accountLog()));
    const total = await owner.query('SELECT sum(calls)::int AS n FROM team_rollup_people');
    expect(total.rows[0].n).toBe(90);
    await expectRecount();
  });

  it('equal a recount after a record modified later and after a deletion', async () => {
    const first = accountLog()[0]!;
    await write((c) =>
      writeTeamRecords(c, [
        { ...first, record: { ...first.record, lastModifiedTime: at('2026-11-11'), legs: first.record.legs!.map((leg) => ({ ...leg, result: 'Rejected' })) } },
        { extensionId: '202', record: { ...ringOutRecord('RO-1', 0, at('2026-11-10', 1700)), deleted: true } },
      ]),
    );
    const rows = await owner.query("SELECT id FROM calls WHERE id IN ('RO-0', 'RO-1')");
    expect(rows.rows.map((r) => r.id)).toEqual(['RO-0']);
    await expectRecount();
  });

  it('equal a recount after a bulk load that meets a call already stored (COPY stops at the key; the rest go in, counted once)', async () => {
    const stored = accountLog()[0]!;
    const before = await owner.query('SELECT count(*)::int AS n FROM calls');
    await write((c) =>
      bulkLoadTeamRecords(c, [
        { extensionId: '299', record: stored.record },
        { extensionId: '299', record: ringOutRecord('RO-NEW', 420000000000, at('2026-11-20')) },
      ]),
    );
    const after = await owner.query("SELECT id, extension_id FROM calls WHERE id IN ('RO-0', 'RO-NEW') ORDER BY id");
    expect(after.rows).toEqual([
      { id: 'RO-0', extension_id: '201' },
      { id: 'RO-NEW', extension_id: '299' },
    ]);
    expect((await owner.query('SELECT count(*)::int AS n FROM calls')).rows[0].n).toBe(before.rows[0].n + 1);
    await expectRecount();
  });

  it('give the analytics what grouping calls gives, for whole days and for ragged ends', async () => {
    for (const [from, to] of [
      ['2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z'],
      ['2026-11-10T13:07:00Z', '2026-12-10T17:52:30Z'],
      ['2026-11-10T10:00:00Z', '2026-11-10T20:00:00Z'],
      // A whole month (from its roll-up) with ragged days either side (from calls).
      ['2026-10-25T06:00:00Z', '2026-12-10T15:00:00Z'],
      ['2026-11-01T00:00:00Z', '2026-12-10T15:00:00Z'],
    ]) {
      const period = [new Date(from!), new Date(to!)];
      const people = await owner.query(
        'SELECT extension_id, caller_state, callee_state, calls::int FROM ringside_team_people($1, $2) ORDER BY 1, 2, 3',
        period,
      );
      const recount = await owner.query(
        'SELECT extension_id, caller_state, callee_state, count(*)::int AS calls FROM calls WHERE ring_out AND start_time >= $1 AND start_time < $2 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
        period,
      );
      expect(people.rows.length).toBeGreaterThan(0);
      expect(people.rows).toEqual(recount.rows);
      const hours = await owner.query('SELECT hour, caller_state, callee_state, calls::int FROM ringside_team_hours($1, $2, -300) ORDER BY 1, 2, 3', period);
      const hourRecount = await owner.query(
        `SELECT extract(hour FROM (start_time AT TIME ZONE 'UTC') - interval '5 hours')::int AS hour, caller_state, callee_state, count(*)::int AS calls
         FROM calls WHERE ring_out AND start_time >= $1 AND start_time < $2 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        period,
      );
      expect(hours.rows).toEqual(hourRecount.rows);
      const failed = await owner.query(
        "SELECT number, callee_state, calls::int, all_calls::int FROM ringside_team_failed_numbers($1, $2, ARRAY['busy', 'noAnswer'], 3) ORDER BY 1, 2",
        period,
      );
      const failedRecount = await owner.query(
        `WITH f AS (SELECT to_number, count(*) FILTER (WHERE callee_state IN ('busy', 'noAnswer')) AS failed, count(*) AS all_calls FROM calls
                    WHERE ring_out AND start_time >= $1 AND start_time < $2 GROUP BY 1 HAVING count(*) FILTER (WHERE callee_state IN ('busy', 'noAnswer')) > 0
                    ORDER BY 2 DESC, 3 DESC, 1 LIMIT 3)
         SELECT c.to_number AS number, c.callee_state, count(*)::int AS calls, f.all_calls::int FROM calls c JOIN f USING (to_number)
         WHERE c.ring_out AND c.start_time >= $1 AND c.start_time < $2 AND c.callee_state IN ('busy', 'noAnswer') GROUP BY 1, 2, 4 ORDER BY 1, 2`,
        period,
      );
      expect(failed.rows).toEqual(failedRecount.rows);
    }
  });
});
