/**
 * The bulk load (COPY) against a real PostgreSQL gives exactly what writing record by record
 * gives: the same calls, the same pairs, the newest version of each record; where calls are
 * already stored near the load, it pairs with them.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { bulkLoadTeamRecords } from './team-bulk-load';
import { writeTeamRecords, type TeamRecord } from './team-calls';
import { at, callerHalf, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

/** 200 calls of 4 extensions over two months: every third a two-record RingOut, halves sometimes first, one record modified later. */
function accountLog(): TeamRecord[] {
  const records: TeamRecord[] = [];
  for (let i = 0; i < 200; i++) {
    const extensionId = String(101 + (i % 4));
    const start = at(i < 100 ? '2026-11-10' : '2026-12-10', i * 900);
    if (i % 3 === 0) {
      const session = 400000000000 + i * 10_000;
      const pair = [
        { extensionId, record: ringOutRecord(`RO-${i}`, session, start) },
        { extensionId, record: callerHalf(`HALF-${i}`, session, start) },
      ];
      records.push(...(i % 2 === 0 ? pair : pair.reverse()));
    } else records.push({ extensionId, record: missedCall(`CALL-${i}`, start) });
  }
  const first = records[0]!;
  records.push({ ...first, record: { ...first.record, lastModifiedTime: at('2026-11-11'), result: 'Call Failed' } });
  return records;
}

async function snapshot(client: pg.Client) {
  return (
    await client.query(
      "SELECT id, extension_id, start_time, caller_state, callee_state, from_number, result, caller_half->>'id' AS half FROM calls ORDER BY id",
    )
  ).rows;
}

describeWithPostgres('the bulk load', () => {
  let bulk: TestDatabase;
  let oneByOne: TestDatabase;
  const collectorOf = async (db: TestDatabase) => {
    await migrateTeamArchive(await db.connect());
    return db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
  };
  beforeEach(async () => {
    [bulk, oneByOne] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterEach(() => Promise.all([bulk.drop(), oneByOne.drop()]));

  it('streams the calls with COPY and stores what the record-by-record writer stores', async () => {
    const records = accountLog();
    const [a, b] = await Promise.all([collectorOf(bulk), collectorOf(oneByOne)]);
    await a.query('BEGIN');
    const streamed = await bulkLoadTeamRecords(a, records);
    await a.query('COMMIT');
    await b.query('BEGIN');
    await writeTeamRecords(b, records);
    await b.query('COMMIT');
    const stored = await snapshot(a);
    expect(streamed).toBe(200);
    expect(stored).toHaveLength(200);
    expect(stored).toEqual(await snapshot(b));
    expect(stored.find((row) => row.id === 'RO-0')).toMatchObject({ result: 'Call Failed', half: 'HALF-0' });
    const halves = await a.query('SELECT count(*)::int AS n FROM merged_halves');
    expect(halves.rows[0].n).toBe(67);
  });

  it('pairs with calls already stored near the load (record by record for that extension)', async () => {
    const collector = await collectorOf(bulk);
    const t = at('2026-11-20');
    await collector.query('BEGIN');
    await writeTeamRecords(collector, [{ extensionId: '101', record: callerHalf('HALF', 400000001000, t) }]);
    await collector.query('COMMIT');
    await collector.query('BEGIN');
    const streamed = await bulkLoadTeamRecords(collector, [
      { extensionId: '101', record: ringOutRecord('RO', 400000001000, t) },
      { extensionId: '102', record: missedCall('OTHER', t) },
    ]);
    await collector.query('COMMIT');
    expect(streamed).toBe(1);
    expect((await snapshot(collector)).map((row) => [row.id, row.half])).toEqual([
      ['OTHER', null],
      ['RO', 'HALF'],
    ]);
  });
});
