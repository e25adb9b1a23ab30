/**
 * A bulk load into a month new to the archive fills the month detached and then attaches it
 * (migration 9): afterwards the month is an ordinary partition of calls, with every index of the
 * parent, read through row-level security as any other (a member their own calls, a lead
 * everyone's, nobody the partition directly), its later writes counted by the roll-up trigger,
 * and the analytics equal to grouping its calls.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { bulkLoadTeamRecords } from './team-bulk-load';
import { writeTeamRecords, type TeamRecord } from './team-calls';
import { at, callerHalf, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

/** 90 calls of extensions 101 and 102 in November: RingOuts (every third in two records) to seven numbers, and missed calls. */
function november(): TeamRecord[] {
  const records: TeamRecord[] = [];
  for (let i = 0; i < 90; i++) {
    const extensionId = i % 2 === 0 ? '101' : '102';
    const start = at('2026-11-03', i * 20_000);
    const session = 430000000000 + i * 10_000;
    if (i % 5 === 4) records.push({ extensionId, record: missedCall(`NOV-M-${i}`, start) });
    else {
      const to = { phoneNumber: `+1555010${i % 7}` };
      const record = ringOutRecord(`NOV-RO-${i}`, session, start, { to });
      record.legs = record.legs!.map((leg) =>
        leg.legType === 'RingOutClientToSubscriber' ? { ...leg, result: ['Busy', 'No Answer', 'Call connected'][i % 3]!, to } : leg,
      );
      records.push({ extensionId, record });
      if (i % 3 === 0) records.push({ extensionId, record: callerHalf(`NOV-HALF-${i}`, session, start) });
    }
  }
  return records;
}

const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name).sort();

describeWithPostgres('a new month loaded detached, then attached', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let collector: pg.Client;
  let member: pg.Client;
  let lead: pg.Client;
  const write = async (load: (client: pg.Client) => Promise<unknown>) => {
    await collector.query('BEGIN');
    await load(collector);
    await collector.query('COMMIT');
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    const memberRole = await db.createLogin('casey', [TEAM_ROLES.member]);
    const leadRole = await db.createLogin('lee', [TEAM_ROLES.lead]);
    await owner.query("INSERT INTO team_members (role_name, extension_id, name) VALUES ($1, '101', 'Casey'), ($2, '102', 'Lee')", [memberRole, leadRole]);
    collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
    member = await db.connect(memberRole);
    lead = await db.connect(leadRole);
    await write((c) => bulkLoadTeamRecords(c, november()));
  });
  afterAll(() => db?.drop());

  it('is an ordinary partition: attached, every index of calls on it, no load-time constraint left', async () => {
    const attached = await owner.query("SELECT inhparent::regclass::text AS name FROM pg_inherits WHERE inhrelid = 'calls_2026_11'::regclass");
    expect(attached.rows).toEqual([{ name: 'calls' }]);
    const parentIndexes = await owner.query<{ name: string }>("SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'calls'::regclass");
    const adopted = await owner.query<{ name: string }>(
      "SELECT i.inhparent::regclass::text AS name FROM pg_index x JOIN pg_inherits i ON i.inhrelid = x.indexrelid WHERE x.indrelid = 'calls_2026_11'::regclass",
    );
    expect(names(parentIndexes.rows)).toEqual(['calls_by_extension', 'calls_by_time', 'calls_for_analytics', 'calls_pkey']);
    expect(names(adopted.rows)).toEqual(names(parentIndexes.rows));
    const constraints = await owner.query("SELECT conname FROM pg_constraint WHERE conrelid = 'calls_2026_11'::regclass AND contype = 'c'");
    expect(constraints.rows).toEqual([]);
    // The same month again is refused as a month to attach (it is one already).
    await expect(collector.query("SELECT ringside_calls_partition_attach('2026-11-15T00:00:00Z')")).rejects.toThrow(/not a month made detached/);
  });

  it('reads through row-level security: a member their own calls, a lead everyone’s, nobody the partition directly', async () => {
    const ids = async (client: pg.Client) =>
      (await client.query<{ extension_id: string; n: number }>('SELECT extension_id, count(*)::int AS n FROM calls GROUP BY 1 ORDER BY 1')).rows;
    expect(await ids(member)).toEqual([{ extension_id: '101', n: 45 }]);
    expect(await ids(lead)).toEqual([
      { extension_id: '101', n: 45 },
      { extension_id: '102', n: 45 },
    ]);
    await expect(member.query('SELECT count(*) FROM calls_2026_11')).rejects.toThrow(/permission denied/);
    await expect(lead.query('SELECT count(*) FROM calls_2026_11')).rejects.toThrow(/permission denied/);
  });

  it('counts later writes by the trigger, and a second load into the month goes into the attached partition', async () => {
    const first = november()[0]!;
    await write((c) =>
      writeTeamRecords(c, [
        { ...first, record: { ...first.record, lastModifiedTime: at('2026-11-04'), legs: first.record.legs!.map((leg) => ({ ...leg, result: 'Rejected' })) } },
      ]),
    );
    await write((c) => bulkLoadTeamRecords(c, [{ extensionId: '103', record: ringOutRecord('NOV-LATE', 440000000000, at('2026-11-28')) }]));
    const partitions = await owner.query("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'calls'::regclass");
    expect(partitions.rows[0].n).toBe(1);
    expect((await owner.query("SELECT tableoid::regclass::text AS part FROM calls WHERE id = 'NOV-LATE'")).rows).toEqual([{ part: 'calls_2026_11' }]);
    const people = await owner.query(
      'SELECT day, extension_id, caller_state, callee_state, calls::int FROM team_rollup_people WHERE calls <> 0 ORDER BY 1, 2, 3, 4',
    );
    const recount = await owner.query(
      `SELECT date_trunc('day', start_time, 'UTC') AS day, extension_id, caller_state, callee_state, count(*)::int AS calls FROM calls WHERE ring_out GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    expect(people.rows.length).toBeGreaterThan(0);
    expect(people.rows).toEqual(recount.rows);
    const numbers = await owner.query('SELECT month, number, callee_state, calls::int FROM team_rollup_numbers_monthly WHERE calls <> 0 ORDER BY 1, 2, 3');
    const numbersRecount = await owner.query(
      `SELECT date_trunc('month', start_time, 'UTC') AS month, to_number AS number, callee_state, count(*)::int AS calls FROM calls WHERE ring_out AND to_number IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    expect(numbers.rows).toEqual(numbersRecount.rows);
  });

  it('gives the month’s failed numbers as grouping its calls does, for the whole month and for part of it', async () => {
    for (const [from, to] of [
      ['2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'],
      ['2026-10-15T00:00:00Z', '2026-12-15T00:00:00Z'],
      ['2026-11-03T12:00:00Z', '2026-11-20T00:00:00Z'],
    ]) {
      const period = [new Date(from!), new Date(to!)];
      const failed = await lead.query(
        "SELECT number, callee_state, calls::int, all_calls::int FROM ringside_team_failed_numbers($1, $2, ARRAY['busy', 'noAnswer'], 3) ORDER BY 1, 2",
        period,
      );
      const recount = await owner.query(
        `WITH f AS (SELECT to_number, count(*) FILTER (WHERE callee_state IN ('busy', 'noAnswer')) AS failed, count(*) AS all_calls FROM calls
                    WHERE ring_out AND start_time >= $1 AND start_time < $2 GROUP BY 1 HAVING count(*) FILTER (WHERE callee_state IN ('busy', 'noAnswer')) > 0
                    ORDER BY 2 DESC, 3 DESC, 1 LIMIT 3)
         SELECT c.to_number AS number, c.callee_state, count(*)::int AS calls, f.all_calls::int FROM calls c JOIN f USING (to_number)
         WHERE c.ring_out AND c.start_time >= $1 AND c.start_time < $2 AND c.callee_state IN ('busy', 'noAnswer') GROUP BY 1, 2, 4 ORDER BY 1, 2`,
        period,
      );
      expect(failed.rows.length).toBeGreaterThan(0);
      expect(failed.rows).toEqual(recount.rows);
    }
  });

  it('a new month whose load holds one call twice (the key stops the attach) still goes in, by the slower path, as a partition', async () => {
    const t = at('2027-01-05');
    await write((c) =>
      bulkLoadTeamRecords(c, [
        { extensionId: '101', record: ringOutRecord('JAN-TWICE', 450000000000, t) },
        { extensionId: '102', record: ringOutRecord('JAN-TWICE', 450000000000, t) },
        { extensionId: '102', record: missedCall('JAN-OTHER', t) },
      ]),
    );
    expect((await owner.query("SELECT id FROM calls WHERE start_time >= '2027-01-01' ORDER BY id")).rows).toEqual([{ id: 'JAN-OTHER' }, { id: 'JAN-TWICE' }]);
    const attached = await owner.query("SELECT inhparent::regclass::text AS name FROM pg_inherits WHERE inhrelid = 'calls_2027_01'::regclass");
    expect(attached.rows).toEqual([{ name: 'calls' }]);
  });
});
