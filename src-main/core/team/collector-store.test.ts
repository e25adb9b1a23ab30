/**
 * The collector's progress count (issue 29): the team archive's own count for the window the
 * sync asks about, taken when the batches are flushed, so nothing per record stays in memory.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { CollectorLease } from './collector-lease';
import { CollectorStore } from './collector-store';
import { at, missedCall } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

describeWithPostgres("the collector store's progress count", () => {
  let db: TestDatabase;
  let collector: pg.Client;

  beforeEach(async () => {
    db = await createTestDatabase();
    const owner = await db.connect();
    await migrateTeamArchive(owner);
    collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
  });
  afterEach(() => db.drop());

  it("counts the archive's calls in the window asked about, as of the last flush", async () => {
    const store = await CollectorStore.open((await CollectorLease.tryTake(collector, 'test'))!);
    const from = Date.parse(at('2026-11-20'));
    const to = Date.parse(at('2026-11-21'));
    store.upsertRecords(Array.from({ length: 5 }, (_, i) => missedCall(`IN-${i}`, at('2026-11-20', i * 60))));
    store.upsertRecords([missedCall('BEFORE', at('2026-11-19')), missedCall('AFTER', at('2026-11-22'))]);
    // Not counted yet: the window is new and nothing has been flushed since it was asked about.
    expect(store.countBetween(from, to)).toBe(0);
    await store.flush();
    expect(store.countBetween(from, to)).toBe(5);
    // Open-ended, and a window of its own: counted at the next flush.
    expect(store.countBetween(from)).toBe(0);
    store.upsertRecords([missedCall('LATER', at('2026-11-23'))]);
    await store.flush();
    expect(store.countBetween(from)).toBe(7);
    // The same record again (a modified one) is still one call.
    store.upsertRecords([missedCall('LATER', at('2026-11-23'))]);
    await store.flush();
    expect(store.countBetween(from)).toBe(7);
  });
});
