/**
 * Concurrent edits of one call's annotation from two connections at once: writes to different
 * fields both stay; of two writes to one field the newer by server time wins, whichever commits
 * last; each field says who wrote it and when.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backendPid, createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { annotateTeamCall, teamAnnotation } from './team-annotations';
import { writeTeamRecords } from './team-calls';
import { at, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

/** Resolves once `pid` waits for a lock (the condition, not a guess of time). */
async function waitsForLock(observer: pg.Client, pid: number): Promise<void> {
  for (;;) {
    const result = await observer.query<{ waiting: boolean }>("SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1", [pid]);
    if (result.rows[0]?.waiting) return;
  }
}

describeWithPostgres('concurrent annotation edits', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let alex: pg.Client;
  let lee: pg.Client;
  /** Asked before Lee's write is in flight (a client answers one query at a time). */
  let leePid: number;

  beforeEach(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    const collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
    await collector.query('BEGIN');
    await writeTeamRecords(collector, [{ extensionId: '101', record: ringOutRecord('RO', 400000001000, at('2026-11-20')) }]);
    await collector.query('COMMIT');
    alex = await db.connect(await db.createLogin('alex', [TEAM_ROLES.lead]));
    lee = await db.connect(await db.createLogin('lee', [TEAM_ROLES.lead]));
    leePid = await backendPid(lee);
  });
  afterEach(() => db.drop());

  it('two people editing different fields at once: both edits stay, each signed', async () => {
    await annotateTeamCall(alex, 'RO', { note: 'first' });
    await alex.query('BEGIN');
    await annotateTeamCall(alex, 'RO', { note: 'Alex was here' });
    // Lee's write waits for Alex's row lock, then goes on top of it.
    const leeWrites = annotateTeamCall(lee, 'RO', { disposition: 'Sale' });
    await waitsForLock(owner, leePid);
    await alex.query('COMMIT');
    await leeWrites;
    const after = await teamAnnotation(owner, 'RO');
    expect(after).toMatchObject({ note: 'Alex was here', disposition: 'Sale', version: 3 });
    expect(after!.noteBy).toMatch(/^alex_/);
    expect(after!.dispositionBy).toMatch(/^lee_/);
  });

  it('two people editing the same field at once: the later write by server time wins, and says who and when', async () => {
    await alex.query('BEGIN');
    const alexWrote = await annotateTeamCall(alex, 'RO', { note: 'Alex, earlier' });
    const leeWrites = annotateTeamCall(lee, 'RO', { note: 'Lee, later' });
    await waitsForLock(owner, leePid);
    await alex.query('COMMIT');
    const leeWrote = await leeWrites;
    const after = await teamAnnotation(owner, 'RO');
    expect(after).toEqual(leeWrote);
    expect(after).toMatchObject({ note: 'Lee, later', version: 2 });
    expect(after!.noteBy).toMatch(/^lee_/);
    expect(after!.noteAt!.getTime()).toBeGreaterThan(alexWrote.noteAt!.getTime());
  });

  it('a write stamped before the one already stored does not overwrite it', async () => {
    const newer = await annotateTeamCall(lee, 'RO', { note: 'newest' });
    // What a write delayed in flight would carry: an older server time for the same field.
    await owner.query("UPDATE call_annotations SET note_at = note_at + interval '1 hour' WHERE call_id = 'RO'");
    const after = await annotateTeamCall(alex, 'RO', { note: 'stale', disposition: 'Sale' });
    expect(after).toMatchObject({ note: 'newest', disposition: 'Sale', version: 2 });
    expect(after.noteBy).toBe(newer.noteBy);
  });
});
