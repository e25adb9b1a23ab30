/**
 * Team analytics against a real PostgreSQL, read by two login roles: a member gets their own
 * per-person row and the team's hours, failed numbers and coverage; a lead gets everyone's rows.
 * Outcomes are the personal analytics' buckets of the legs' states stored at ingest.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { teamAnalytics, teamAnalyticsCsv, type TeamAnalyticsReport } from './team-analytics';
import { writeTeamRecords } from './team-calls';
import { teamHistoryPage } from './team-history';
import { at, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

/** A RingOut from extension `ext`'s user to `number`, whose legs ended with these call-log results. */
function ringOut(id: string, startTime: string, caller: string, callee: string, number: string): CallLogRecord {
  const you = { phoneNumber: '+16505550110', name: 'Alex Demo' };
  const them = { phoneNumber: number };
  return ringOutRecord(id, 400000000000 + Number(id.replace(/\D/g, '')), startTime, {
    from: you,
    to: them,
    legs: [
      { startTime, legType: 'RingOutClientToCaller', direction: 'Outbound', result: caller, master: true, from: them, to: you },
      { startTime, legType: 'RingOutClientToSubscriber', direction: 'Outbound', result: callee, from: you, to: them },
    ],
  });
}

const NOV = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z'), utcOffsetMinutes: 60 };

describeWithPostgres('team analytics, as a member and as a lead', () => {
  let db: TestDatabase;
  let member: pg.Client;
  let lead: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = await db.connect();
    await migrateTeamArchive(owner);
    const memberRole = await db.createLogin('casey', [TEAM_ROLES.member]);
    const leadRole = await db.createLogin('lee', [TEAM_ROLES.lead]);
    await owner.query('INSERT INTO team_members (role_name, extension_id, name) VALUES ($1, $2, $3), ($4, $5, $6)', [
      memberRole,
      '101',
      'Casey',
      leadRole,
      '102',
      'Lee',
    ]);
    const collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
    await collector.query('BEGIN');
    await writeTeamRecords(collector, [
      // Casey: answered at 09:00 UTC, busy at 09:00 and 14:00 (+1555 twice), and a missed call (no legs: not counted).
      { extensionId: '101', record: ringOut('C1', at('2026-11-02'), 'Call connected', 'Call connected', '+15550000001') },
      { extensionId: '101', record: ringOut('C2', at('2026-11-03'), 'Call connected', 'Busy', '+15550000002') },
      { extensionId: '101', record: ringOut('C3', at('2026-11-04', 5 * 3600), 'Call connected', 'Busy', '+15550000002') },
      { extensionId: '101', record: missedCall('C4', at('2026-11-05')) },
      // Lee: no answer to +1555…3, their own phone not answering once, one to +1555…2 answered.
      { extensionId: '102', record: ringOut('L1', at('2026-11-06'), 'Call connected', 'No Answer', '+15550000003') },
      { extensionId: '102', record: ringOut('L2', at('2026-11-07'), 'No Answer', 'Call connected', '+15550000003') },
      { extensionId: '102', record: ringOut('L3', at('2026-11-08'), 'Call connected', 'Call connected', '+15550000002') },
      // Sam (no login): busy in November, and a call in December outside the period.
      { extensionId: '103', record: ringOut('S1', at('2026-11-09'), 'Call connected', 'Busy', '+15550000004') },
      { extensionId: '103', record: ringOut('S2', at('2026-12-02'), 'Call connected', 'Busy', '+15550000004') },
    ]);
    await collector.query('COMMIT');
    member = await db.connect(memberRole);
    lead = await db.connect(leadRole);
  });
  afterAll(() => db?.drop());

  const people = (report: TeamAnalyticsReport) => report.byPerson.map((p) => [p.key, p.name, p.calls, p.theirs.answered]);

  it('a member sees their own row only; a lead sees everyone’s, by name (no name last)', async () => {
    const asMember = await teamAnalytics(member, NOV);
    expect(people(asMember)).toEqual([['101', 'Casey', 3, 1]]);
    expect(asMember.byPerson[0]!.theirs.busy).toBe(2);
    const asLead = await teamAnalytics(lead, NOV);
    expect(people(asLead)).toEqual([
      ['101', 'Casey', 3, 1],
      ['102', 'Lee', 3, 2],
      ['103', null, 1, 0],
    ]);
    expect(asLead.byPerson[1]!.yours.noAnswer).toBe(1);
    expect(asLead.byPerson[1]!.theirs.noAnswer).toBe(1);
  });

  it('the team’s hours, failed numbers and coverage are the same for both, and never a person’s calls', async () => {
    const asMember = await teamAnalytics(member, NOV);
    const asLead = await teamAnalytics(lead, NOV);
    expect(asMember.team).toEqual(asLead.team);
    expect(asMember.byHour).toEqual(asLead.byHour);
    expect(asMember.topFailed).toEqual(asLead.topFailed);
    expect(asMember.coverage).toEqual(asLead.coverage);

    // Seven November RingOuts: four answered by the other side, three busy, one not answered.
    expect(asMember.team.calls).toBe(7);
    expect(asMember.team.theirs).toMatchObject({ answered: 3, busy: 3, noAnswer: 1 });
    // 09:00 UTC is 10 in the viewer's hours (UTC+1); C3 was five hours later.
    expect(asMember.byHour.filter((h) => h.calls > 0).map((h) => [h.key, h.calls])).toEqual([
      ['10', 6],
      ['15', 1],
    ]);
    expect(asMember.topFailed.map((f) => [f.number, f.failed, f.calls, f.byState])).toEqual([
      ['+15550000002', 2, 3, { busy: 2 }],
      ['+15550000003', 1, 2, { noAnswer: 1 }],
      ['+15550000004', 1, 1, { busy: 1 }],
    ]);
    expect(asMember.coverage.firstCall).toBe(Date.parse(at('2026-11-02')));
    expect(asMember.coverage.lastCall).toBe(Date.parse(at('2026-12-02')));
  });

  it('the analytics leave the table as it was: a member reads their own four calls, and no login', async () => {
    // The functions are the only way to the team's counts; the table itself stays filtered (the missed call counts here, not in the RingOut analytics).
    expect((await member.query('SELECT count(*)::int AS n FROM calls')).rows[0].n).toBe(4);
    await expect(member.query('SELECT role_name FROM team_members')).rejects.toThrow(/permission denied/);
  });

  it('exports each table as CSV', async () => {
    const report = await teamAnalytics(lead, NOV);
    const people = [...teamAnalyticsCsv(report, 'people')];
    expect(people).toHaveLength(4);
    expect(people[2]).toMatch(/^102,Lee,,,,3,/);
    const hours = [...teamAnalyticsCsv(report, 'hours')];
    expect(hours).toHaveLength(25);
    expect(hours[11]).toMatch(/^10,6,/);
    const failed = [...teamAnalyticsCsv(report, 'failed')];
    expect(failed[0]).toMatch(/^rank,number,failed,calls,/);
    expect(failed[1]).toMatch(/^1,\+15550000002,2,3,/);
  });

  it('one person’s history page: newest first, the next page after the last row; a member asking for another’s extension gets none', async () => {
    const first = await teamHistoryPage(lead, '101', { limit: 2 });
    expect(first.map((r) => r.id)).toEqual(['C4', 'C3']);
    const next = await teamHistoryPage(lead, '101', { limit: 2, before: first[1]! });
    expect(next.map((r) => r.id)).toEqual(['C2', 'C1']);
    expect((await teamHistoryPage(member, '101')).map((r) => r.id)).toEqual(['C4', 'C3', 'C2', 'C1']);
    expect(await teamHistoryPage(member, '102')).toEqual([]);
  });
});
