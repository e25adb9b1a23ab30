/**
 * One collector at a time, against a real PostgreSQL: a second instance waits while the first
 * collects; when the first's connection is killed mid-batch (pg_terminate_backend), the second
 * takes over from the cursor and, upserting by record id, nothing is lost and nothing doubled.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backendPid, createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { BULK_LOAD_FROM, CollectorLease } from './collector-lease';
import { writeTeamRecords, type TeamRecord } from './team-calls';
import { at, callerHalf, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

/** The account's call log as pages: `calls` calls, every third a RingOut logged in two records. */
function callLogPages(calls: number, pageSize: number): TeamRecord[][] {
  const records: TeamRecord[] = [];
  for (let i = 0; i < calls; i++) {
    const extensionId = String(101 + (i % 3));
    const start = at('2026-11-20', i * 600);
    if (i % 3 === 0) {
      const session = 400000000000 + i * 10_000;
      records.push({ extensionId, record: ringOutRecord(`RO-${i}`, session, start) });
      records.push({ extensionId, record: callerHalf(`HALF-${i}`, session, start) });
    } else records.push({ extensionId, record: missedCall(`CALL-${i}`, start) });
  }
  // Some RingOuts' two records fall on two pages.
  const pages: TeamRecord[][] = [];
  for (let i = 0; i < records.length; i += pageSize) pages.push(records.slice(i, i + pageSize));
  return pages;
}

describeWithPostgres('the collector lease', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let collectorRole: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    collectorRole = await db.createLogin('collector', [TEAM_ROLES.collector]);
  });
  afterEach(() => db.drop());

  it('only one instance holds it; released, the next takes it', async () => {
    const a = await db.connect(collectorRole);
    const b = await db.connect(collectorRole);
    const leaseA = await CollectorLease.tryTake(a, 'instance A');
    expect(leaseA).not.toBeNull();
    expect(await CollectorLease.tryTake(b, 'instance B')).toBeNull();
    await leaseA!.release();
    await expect(leaseA!.ingest([], 'p0')).rejects.toThrow(/gave up its lease/);
    expect(await CollectorLease.tryTake(b, 'instance B')).not.toBeNull();
    expect(await CollectorLease.tryTake(a, 'instance A')).toBeNull();
  });

  // Small pages go record by record, large ones by COPY (BULK_LOAD_FROM).
  it.each([
    { calls: 30, pageSize: 7 },
    { calls: 1500, pageSize: BULK_LOAD_FROM + 20 },
  ])(
    'when the collecting instance dies mid-batch, the waiting one takes over: nothing lost, nothing doubled ($calls calls, pages of $pageSize)',
    async ({ calls, pageSize }) => {
      const pages = callLogPages(calls, pageSize);
      expect(pages.length).toBeGreaterThanOrEqual(4);
      const a = await db.connect(collectorRole);
      const b = await db.connect(collectorRole);
      const leaseA = await CollectorLease.take(a, 'instance A');
      // B waits for the lease while A collects.
      let bTookOver = false;
      const leaseB = CollectorLease.take(b, 'instance B').then((lease) => {
        bTookOver = true;
        return lease;
      });
      for (let page = 0; page < 3; page++) await leaseA.ingest(pages[page]!, `page-${page + 1}`);
      expect(bTookOver).toBe(false);
      // A dies in the middle of page 4: its records are written but not committed.
      await a.query('BEGIN');
      await writeTeamRecords(a, pages[3]!);
      const killed = await owner.query<{ done: boolean }>('SELECT pg_terminate_backend($1, 10000) AS done', [await backendPid(a)]);
      expect(killed.rows[0]!.done).toBe(true);

      const lease = await leaseB;
      expect(bTookOver).toBe(true);
      const cursor = await lease.cursor();
      expect(cursor).toBe('page-3');
      // B resumes from the cursor, one page early as a sync's overlap does: the repeated records upsert.
      const from = Number(cursor!.slice('page-'.length)) - 1;
      for (let page = from; page < pages.length; page++) await lease.ingest(pages[page]!, `page-${page + 1}`);

      const all = pages.flat().map((entry) => entry.record);
      const halves = new Set(all.filter((r: CallLogRecord) => r.id.startsWith('HALF-')).map((r) => r.id));
      const stored = await owner.query<{ id: string; half: string | null }>("SELECT id, caller_half->>'id' AS half FROM calls ORDER BY id");
      // Every call once, each RingOut with its caller half.
      expect(stored.rows).toHaveLength(calls);
      expect(stored.rows.map((r) => r.id).sort()).toEqual(
        all
          .filter((r) => !halves.has(r.id))
          .map((r) => r.id)
          .sort(),
      );
      expect(stored.rows.filter((r) => r.id.startsWith('RO-')).every((r) => r.half === r.id.replace('RO-', 'HALF-'))).toBe(true);
      expect((await owner.query('SELECT cursor, holder FROM collector_state')).rows).toEqual([{ cursor: `page-${pages.length}`, holder: 'instance B' }]);
    },
  );
});
