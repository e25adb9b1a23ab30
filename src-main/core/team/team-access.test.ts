/**
 * Who sees what, enforced by the database (row-level security) and tested with real login
 * roles: a member sees and annotates only their own calls and the team's totals, a lead sees
 * everyone's, and a member cannot pose as another extension.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { annotateTeamCall, teamAnnotation } from './team-annotations';
import { writeTeamRecords } from './team-calls';
import { at, callerHalf, missedCall, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';
import { teamTotals } from './team-totals';

describeWithPostgres('who sees what in the team archive', () => {
  let db: TestDatabase;
  let member: pg.Client;
  let lead: pg.Client;
  let unbound: pg.Client;
  const ids = async (client: pg.Client) => (await client.query<{ id: string }>('SELECT id FROM calls ORDER BY id')).rows.map((r) => r.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = await db.connect();
    await migrateTeamArchive(owner);
    const memberRole = await db.createLogin('casey', [TEAM_ROLES.member]);
    const leadRole = await db.createLogin('lee', [TEAM_ROLES.lead]);
    const unboundRole = await db.createLogin('newcomer', [TEAM_ROLES.member]);
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
      { extensionId: '101', record: ringOutRecord('CASEY-RO', 400000001000, at('2026-11-20')) },
      { extensionId: '101', record: callerHalf('CASEY-HALF', 400000001000, at('2026-11-20')) },
      { extensionId: '101', record: missedCall('CASEY-MISSED', at('2026-11-21')) },
      { extensionId: '102', record: ringOutRecord('LEE-RO', 400000009000, at('2026-11-22')) },
      { extensionId: '103', record: ringOutRecord('SAM-RO', 400000019000, at('2026-12-02')) },
    ]);
    await collector.query('COMMIT');
    member = await db.connect(memberRole);
    lead = await db.connect(leadRole);
    unbound = await db.connect(unboundRole);
  });
  afterAll(() => db?.drop());

  it('a member sees their own calls only; a lead sees everyone’s; a login not bound to an extension sees none', async () => {
    expect(await ids(member)).toEqual(['CASEY-MISSED', 'CASEY-RO']);
    expect(await ids(lead)).toEqual(['CASEY-MISSED', 'CASEY-RO', 'LEE-RO', 'SAM-RO']);
    expect(await ids(unbound)).toEqual([]);
  });

  it('a member cannot pose as another extension, read a partition directly, or write calls', async () => {
    await member.query("SET ringside.extension_id = '102'");
    await expect(member.query("SELECT set_config('ringside.extension_id', '103', false)")).resolves.toBeDefined();
    expect(await ids(member)).toEqual(['CASEY-MISSED', 'CASEY-RO']);
    await expect(member.query('SELECT * FROM calls_2026_11')).rejects.toThrow(/permission denied/);
    await expect(member.query("UPDATE calls SET result = 'x' WHERE id = 'LEE-RO'")).rejects.toThrow(/permission denied/);
    await expect(member.query("INSERT INTO team_members VALUES (session_user, '102', 'me')")).rejects.toThrow(/permission denied/);
  });

  it('the team totals are the whole team’s for a member too, as counts only', async () => {
    const period = [new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')] as const;
    const asMember = await teamTotals(member, ...period);
    // Casey's and Lee's RingOuts in November (Sam's is December's; a missed call has no legs).
    expect(asMember.calls).toBe(2);
    expect(asMember.theirs.busy).toBe(2);
    expect(asMember.yours.answered).toBe(2);
    expect(await teamTotals(lead, ...period)).toEqual(asMember);
  });

  it('a member annotates their own calls, not another’s; a lead annotates anyone’s and the member sees it', async () => {
    const own = await annotateTeamCall(member, 'CASEY-RO', { note: 'Call back Tuesday' });
    expect(own.noteBy).toMatch(/^casey_/);
    await expect(annotateTeamCall(member, 'LEE-RO', { note: 'sneaky' })).rejects.toThrow(/No call LEE-RO/);
    await expect(member.query("INSERT INTO call_annotations (call_id, extension_id, note) VALUES ('LEE-RO', '102', 'sneaky')")).rejects.toThrow(
      /row-level security/,
    );
    await annotateTeamCall(lead, 'CASEY-RO', { disposition: 'Follow-up' });
    await annotateTeamCall(lead, 'LEE-RO', { favourite: true });
    const seen = await teamAnnotation(member, 'CASEY-RO');
    expect(seen).toMatchObject({ note: 'Call back Tuesday', disposition: 'Follow-up', version: 2 });
    expect(seen!.dispositionBy).toMatch(/^lee_/);
    expect(await teamAnnotation(member, 'LEE-RO')).toBeNull();
    expect((await teamAnnotation(lead, 'LEE-RO'))!.favourite).toBe(true);
  });
});
