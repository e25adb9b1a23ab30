/**
 * Who wrote a shared note, by name (issue 29, migration 11): every team login reads the name
 * of each login bound to a person, the admin's name for it or else the company directory's;
 * nobody else may ask.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { writeTeamDirectory } from './team-directory';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';
import { teamAuthors } from './team-note-sharing';

describeWithPostgres('note authors by name', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let member: string;
  let lead: string;
  let unbound: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    member = await db.createLogin('member', [TEAM_ROLES.member]);
    lead = await db.createLogin('lead', [TEAM_ROLES.lead]);
    unbound = await db.createLogin('nobody', []);
    // The member has a name from the admin; the lead only the directory's for their extension.
    await owner.query('INSERT INTO team_members (role_name, extension_id, name) VALUES ($1, $2, $3), ($4, $5, NULL)', [member, '101', 'Sam Lee', lead, '102']);
    const people = [
      { extensionId: '101', name: 'Samuel Lee', extensionNumber: '101', department: 'Sales', status: 'Enabled' },
      { extensionId: '102', name: 'Dana Whitfield', extensionNumber: '102', department: 'Sales', status: 'Enabled' },
    ];
    await writeTeamDirectory(owner, people, []);
  });
  afterEach(() => db.drop());

  it("gives a member and a lead every bound login's name: the admin's first, else the directory's", async () => {
    for (const login of [member, lead]) {
      const client = await db.connect(login);
      const authors = await teamAuthors(client);
      expect(authors.me).toBe(login);
      expect(Object.fromEntries(authors.names)).toEqual({ [member]: 'Sam Lee', [lead]: 'Dana Whitfield' });
      await client.end();
    }
  });

  it('refuses a login that is not of the team', async () => {
    const client = await db.connect(unbound);
    await expect(teamAuthors(client)).rejects.toThrow(/permission denied/);
    await client.end();
  });
});
