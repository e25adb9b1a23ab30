/**
 * An edit sent late carries the time it was made (issue 29, shared notes): stamped with that
 * time on the server's clock, never later than the server's now, so a newer team edit stays and
 * no one wins by claiming a time still to come.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { annotateTeamCall, NotAnnotatableError, teamAnnotation, writeAnnotation } from './team-annotations';
import { writeTeamRecords } from './team-calls';
import { at, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';
import { serverClockOffset } from './team-note-sharing';

describeWithPostgres('edits sent late', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let lead: pg.Client;

  beforeEach(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    const collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
    await collector.query('BEGIN');
    await writeTeamRecords(collector, [{ extensionId: '101', record: ringOutRecord('RO', 400000001000, at('2026-11-20')) }]);
    await collector.query('COMMIT');
    lead = await db.connect(await db.createLogin('lead', [TEAM_ROLES.lead]));
  });
  afterEach(() => db.drop());

  it('stamps the time the edit was made; an older one does not take effect, and says so', async () => {
    const offset = await serverClockOffset(lead);
    const madeAt = new Date(Date.now() + offset - 60_000);
    const first = await writeAnnotation(lead, 'RO', { note: 'a minute ago' }, { editedAt: madeAt });
    expect(first.applied).toEqual(['note']);
    expect(first.annotation.noteAt!.getTime()).toBe(madeAt.getTime());
    const older = await writeAnnotation(lead, 'RO', { note: 'two minutes ago', disposition: 'Sale' }, { editedAt: new Date(madeAt.getTime() - 60_000) });
    expect(older.applied).toEqual(['disposition']);
    expect(older.annotation).toMatchObject({ note: 'a minute ago', disposition: 'Sale' });
  });

  it("a time still to come is stamped as the server's now: it cannot outrank later edits", async () => {
    const future = await annotateTeamCall(lead, 'RO', { note: 'from the future' }, { editedAt: new Date(Date.now() + 3_600_000) });
    const serverNow = (await owner.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;
    expect(future.noteAt!.getTime()).toBeLessThanOrEqual(serverNow.getTime());
    await annotateTeamCall(lead, 'RO', { note: 'now' });
    expect((await teamAnnotation(owner, 'RO'))!.note).toBe('now');
  });

  it('a call the team archive does not have is told apart from an archive that does not answer', async () => {
    await expect(writeAnnotation(lead, 'not-collected-yet', { note: 'x' })).rejects.toBeInstanceOf(NotAnnotatableError);
  });

  it("measures the server clock against this computer's", async () => {
    const skewed = await serverClockOffset(lead, () => Date.now() - 10_000);
    expect(skewed).toBeGreaterThan(9_000);
    expect(skewed).toBeLessThan(11_000);
  });
});
