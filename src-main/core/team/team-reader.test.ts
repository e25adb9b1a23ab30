/**
 * The desktop's reader of the team archive: team analytics through a login's own address, the
 * collector's address rule (TLS off this computer) and human words for a login PostgreSQL refuses.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { RingsideError } from '../errors';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';
import { openTeamReader } from './team-reader';

const PERIOD = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z'), utcOffsetMinutes: 0 };

describeWithPostgres('the team archive reader', () => {
  let db: TestDatabase;
  let lead: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateTeamArchive(await db.connect());
    lead = await db.createLogin('lee', [TEAM_ROLES.lead]);
  });
  afterAll(() => db?.drop());

  it('reads the team analytics as the login in its address, and each table as CSV', async () => {
    const reader = openTeamReader(db.url(lead));
    try {
      const report = await reader.analytics(PERIOD);
      expect(report.team.calls).toBe(0);
      expect(report.byHour).toHaveLength(24);
      const csv = await reader.analyticsCsv(PERIOD, 'hours');
      expect(csv[0]).toMatch(/^hour of day,calls,/);
      expect(csv).toHaveLength(25);
    } finally {
      await reader.close();
    }
  });

  it('refuses another computer’s address without TLS before connecting, in words', () => {
    expect(() => openTeamReader('postgres://lee:secret@db.example.com/team')).toThrow(/on another computer: reach it over TLS/);
    expect(() => openTeamReader('mysql://db.example.com/team')).toThrow(/must look like postgres:\/\//);
  });

  it('a login PostgreSQL refuses is a known failure naming the place, never the password', async () => {
    const reader = openTeamReader(db.url('nobody_here').replace('nobody_here@', 'nobody_here:hunter2@'));
    const failure = await reader.analytics(PERIOD).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RingsideError);
    expect((failure as RingsideError).code).toBe('TEAM_ARCHIVE_UNREACHABLE');
    expect((failure as Error).message).toMatch(/^Cannot open the team archive at .*Check the address, the user and password/);
    expect((failure as Error).message).not.toContain('hunter2');
  });
});
