/**
 * The company directory in the team archive (migration 8), against a real PostgreSQL: every
 * team login reads it, only the collector writes it, nobody deletes a row; the collector keeps
 * it from the realistic simulator's 50-user account (conditional pages, REALITY 29), at its
 * first collection and then at most hourly; a person who left keeps their name, marked; team
 * analytics names people from it, sorted by name; the team reader gives the board its people.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { TEAM_ACCOUNT, TEAM_APP } from '../../../src-simulator/account/team-account';
import { Simulator } from '../../../src-simulator/simulator';
import { quietLogger } from '../../../test-support/core-harness';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { Session } from '../auth/session';
import { MemorySecretStore, systemClock, type Clock } from '../ports';
import { RingCentralApi } from '../ringcentral/api';
import { RatePlanner } from '../ringcentral/rate-planner';
import { TeamCollector } from './collector';
import { teamAnalytics, teamAnalyticsCsv } from './team-analytics';
import { writeTeamRecords } from './team-calls';
import { readTeamDirectory, TEAM_DIRECTORY_REFRESH_MS, TeamDirectorySync, writeTeamDirectory } from './team-directory';
import { at, ringOutRecord } from './team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';
import { openTeamReader } from './team-reader';

let db: TestDatabase;
let owner: pg.Client;
let collector: pg.Client;
let member: pg.Client;
let lead: pg.Client;
let memberRole: string;
let leadRole: string;

beforeEach(async () => {
  db = await createTestDatabase();
  owner = await db.connect();
  await migrateTeamArchive(owner);
  memberRole = await db.createLogin('casey', [TEAM_ROLES.member]);
  leadRole = await db.createLogin('lee', [TEAM_ROLES.lead]);
  await owner.query('INSERT INTO team_members (role_name, extension_id, name) VALUES ($1, $2, $3)', [memberRole, '101', 'Casey (login)']);
  collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
  member = await db.connect(memberRole);
  lead = await db.connect(leadRole);
});
afterEach(() => db?.drop());

const person = (extensionId: string, name: string, department: string | null = 'Sales', extensionNumber: string | null = extensionId) => ({
  extensionId,
  name,
  extensionNumber,
  department,
  status: 'Enabled',
});
const names = async (client: pg.Client) =>
  (await readTeamDirectory(client))
    .map((d) => [d.extensionId, d.name, d.department, d.goneSince !== null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describeWithPostgres('the team directory in the archive', () => {
  it('a member and a lead read the whole directory; only the collector writes it; nobody deletes a row', async () => {
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan'), person('102', 'Lee Park', 'Support')], ['"e1"']);
    const expected = [
      ['101', 'Casey Morgan', 'Sales', false],
      ['102', 'Lee Park', 'Support', false],
    ];
    expect(await names(member)).toEqual(expected);
    expect(await names(lead)).toEqual(expected);
    for (const client of [member, lead]) {
      await expect(client.query("UPDATE team_directory SET name = 'Someone else' WHERE extension_id = '102'")).rejects.toThrow(/permission denied/);
      await expect(client.query("INSERT INTO team_directory (extension_id, name) VALUES ('9', 'Fake')")).rejects.toThrow(/permission denied/);
      await expect(client.query('DELETE FROM team_directory')).rejects.toThrow(/permission denied/);
      await expect(client.query('SELECT etags FROM team_directory_state')).rejects.toThrow(/permission denied/);
    }
    await expect(collector.query('DELETE FROM team_directory')).rejects.toThrow(/permission denied/);
    expect(await names(lead)).toEqual(expected);
  });

  it('a person gone from the directory keeps their row, marked; listed again, unmarked; an empty answer marks nobody', async () => {
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan'), person('102', 'Lee Park')], []);
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan-Reyes', 'Billing')], []);
    expect(await names(member)).toEqual([
      ['101', 'Casey Morgan-Reyes', 'Billing', false],
      ['102', 'Lee Park', 'Sales', true],
    ]);
    const goneAt = (await readTeamDirectory(member, ['102']))[0]!.goneSince;
    await writeTeamDirectory(collector, [], []);
    expect((await readTeamDirectory(member, ['101']))[0]!.goneSince).toBeNull();
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan-Reyes', 'Billing')], []);
    // Still gone since the first time, not since the last check.
    expect((await readTeamDirectory(member, ['102']))[0]!.goneSince).toBe(goneAt);
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan-Reyes', 'Billing'), person('102', 'Lee Park')], []);
    expect((await readTeamDirectory(member, ['102']))[0]!.goneSince).toBeNull();
  });

  it('team analytics: each person’s name, extension number and department, by name (locale-aware, then extension id); a fallback for the unlisted', async () => {
    const staying = [
      person('101', 'Zoë Adams', 'Sales', '201'),
      person('102', 'émile Bernard', 'Support', '202'),
      person('103', 'Alex Chen', 'Billing', '203'),
      person('104', 'Alex Chen', null, '204'),
    ];
    await writeTeamDirectory(collector, [...staying, person('105', 'Dana Ruiz', 'Partners', '205')], []);
    // Dana leaves; 106 was never listed.
    await writeTeamDirectory(collector, staying, []);
    await collector.query('BEGIN');
    const records: Array<{ extensionId: string; record: CallLogRecord }> = ['104', '101', '106', '102', '105', '103'].map((ext, i) => ({
      extensionId: ext,
      record: ringOutRecord(`R${i}`, 400000001000 + i * 10_000, at('2026-11-10', i * 60)),
    }));
    await writeTeamRecords(collector, records);
    await collector.query('COMMIT');
    const period = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z'), utcOffsetMinutes: 0 };

    const report = await teamAnalytics(lead, period);
    expect(report.byPerson.map((p) => [p.key, p.name, p.extensionNumber, p.department, p.goneSince !== null])).toEqual([
      ['103', 'Alex Chen', '203', 'Billing', false],
      ['104', 'Alex Chen', '204', null, false],
      ['105', 'Dana Ruiz', '205', 'Partners', true],
      ['102', 'émile Bernard', '202', 'Support', false],
      ['101', 'Zoë Adams', '201', 'Sales', false],
      ['106', null, null, null, false],
    ]);
    const csv = [...teamAnalyticsCsv(report, 'people')];
    expect(csv[0]).toMatch(/^extension id,name,extension number,department,left the directory,calls,/);
    expect(csv[3]).toMatch(/^105,Dana Ruiz,205,Partners,\d{4}-\d\d-\d\dT[\d:.]+Z,1,/);
    expect(csv[6]).toMatch(/^106,,,,,1,/);

    // A member: their own row only (row-level security), named from the directory rather than the login's binding.
    const own = await teamAnalytics(member, period);
    expect(own.byPerson.map((p) => [p.key, p.name, p.department])).toEqual([['101', 'Zoë Adams', 'Sales']]);
  });

  it('a directory RingCentral does not answer leaves the stored one as it was, and is tried again at the next collection', async () => {
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan')], ['"e1"']);
    let answer: 'fail' | 'notModified' = 'fail';
    const asked: Array<string | null> = [];
    const api = {
      directoryPeoplePage: async (_page: number, etag: string | null) => {
        asked.push(etag);
        if (answer === 'fail') throw new Error('RingCentral is unavailable (503)');
        return { notModified: true as const, etag: etag! };
      },
    };
    const warnings: string[] = [];
    const sync = new TeamDirectorySync(api, collector, systemClock, { ...quietLogger, warn: (message: string) => warnings.push(message) });
    expect(await sync.refreshIfDue()).toBe(false);
    expect(warnings).toEqual(['Could not read the company directory; trying again at the next collection']);
    expect(await names(lead)).toEqual([['101', 'Casey Morgan', 'Sales', false]]);
    answer = 'notModified';
    expect(await sync.refreshIfDue()).toBe(true);
    // Both asked with the stored ETag: an unchanged directory costs one 304.
    expect(asked).toEqual(['"e1"', '"e1"']);
    expect(await names(lead)).toEqual([['101', 'Casey Morgan', 'Sales', false]]);
  });

  it('the team reader gives the board the people listed now, not those who left', async () => {
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan'), person('102', 'Lee Park', 'Support')], []);
    await writeTeamDirectory(collector, [person('101', 'Casey Morgan')], []);
    const reader = openTeamReader(db.url(leadRole));
    try {
      expect(await reader.directory()).toEqual([{ extensionId: '101', name: 'Casey Morgan', extensionNumber: '101', department: 'Sales' }]);
    } finally {
      await reader.close();
    }
  });
});

describeWithPostgres('the collector keeps the directory (simulator, 50 users)', () => {
  let sim: Simulator;
  afterEach(() => sim?.close());

  async function companyApi(): Promise<RingCentralApi> {
    const session = new Session({ server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret }, new MemorySecretStore(), quietLogger);
    await session.signInWithJwt('ringside-demo-jwt');
    const api = new RingCentralApi(session.sdk, new RatePlanner(systemClock), 'account');
    await api.extension();
    return api;
  }
  const directoryRequests = () => sim.requestLog.filter((r) => r.operationId === 'listDirectoryEntries');

  it('reads it at the first collection: every user with extension number and department', async () => {
    sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50, seedHistoryPerUser: 2, seedSpanDays: 2 });
    const teamCollector = new TeamCollector({ api: await companyApi(), client: collector, holder: 'A', clock: systemClock, logger: quietLogger });
    expect((await teamCollector.collect()).phase).toBe('idle');
    const stored = await readTeamDirectory(lead);
    for (const user of TEAM_ACCOUNT.extensions) {
      expect(stored).toContainEqual({
        extensionId: String(user.id),
        name: user.name,
        extensionNumber: user.extensionNumber,
        department: user.department ?? null,
        status: 'Enabled',
        goneSince: null,
      });
    }
    // Users only: the directory's department queue is not a person.
    expect(stored.map((d) => d.name)).not.toContain('Support queue');
    expect(directoryRequests().every((r) => /type=User/.test(r.query))).toBe(true);
    // The next run, within the hour, does not ask again.
    const asked = directoryRequests().length;
    expect((await teamCollector.collect()).phase).toBe('idle');
    expect(directoryRequests()).toHaveLength(asked);
    await teamCollector.stop();
  }, 60_000);

  it('hourly at most, by conditional requests (304 when unchanged); a person who left keeps their name on past calls, marked', async () => {
    const account = { ...TEAM_ACCOUNT, extensions: [...TEAM_ACCOUNT.extensions] };
    sim = await Simulator.start({ account, app: TEAM_APP, timeScale: 50 });
    let offset = 0;
    const clock: Clock = { now: () => Date.now() + offset, setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms) };
    const sync = new TeamDirectorySync(await companyApi(), collector, clock, quietLogger);
    expect(await sync.refreshIfDue()).toBe(true);
    expect(directoryRequests().map((r) => r.status)).toEqual([200]);
    expect(await sync.refreshIfDue()).toBe(false);

    // An hour later, nothing changed: one 304, the stored rows untouched.
    const before = (await owner.query('SELECT max(updated_at) AS at FROM team_directory')).rows[0].at;
    offset += TEAM_DIRECTORY_REFRESH_MS;
    expect(await sync.refreshIfDue()).toBe(true);
    expect(directoryRequests().map((r) => r.status)).toEqual([200, 304]);
    expect((await owner.query('SELECT max(updated_at) AS at FROM team_directory')).rows[0].at).toEqual(before);

    // A colleague leaves the company (their extension deleted); their call stays in the archive.
    const leaver = account.extensions.splice(9, 1)[0]!;
    await collector.query('BEGIN');
    await writeTeamRecords(collector, [{ extensionId: String(leaver.id), record: ringOutRecord('LEFT-1', 400000002000, at('2026-11-12')) }]);
    await collector.query('COMMIT');
    offset += TEAM_DIRECTORY_REFRESH_MS;
    expect(await sync.refreshIfDue()).toBe(true);
    // The conditional request finds the page changed, and the directory is read whole again.
    expect(directoryRequests().map((r) => r.status)).toEqual([200, 304, 200, 200]);
    const gone = (await readTeamDirectory(member, [String(leaver.id)]))[0]!;
    expect(gone).toMatchObject({ name: leaver.name, department: leaver.department });
    expect(gone.goneSince).not.toBeNull();
    const report = await teamAnalytics(lead, { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z'), utcOffsetMinutes: 0 });
    expect(report.byPerson.map((p) => [p.key, p.name, p.goneSince !== null])).toEqual([[String(leaver.id), leaver.name, true]]);
  }, 60_000);
});
