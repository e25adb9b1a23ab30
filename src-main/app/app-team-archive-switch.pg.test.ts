/**
 * Team mode (issue 29): an edit waits for the team archive it was made for. Switched to another
 * archive (another database, as a person moving between two companies' archives would), the
 * edit is not sent there, says which archive it waits for, and is sent when the person switches
 * back; another login to the same database is the same archive. Two real PostgreSQL databases,
 * one app instance switching between them in Settings → Team archive.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import { Archive } from '../core/history/archive';
import { AnnotationsFacade } from '../core/history/annotations-facade';
import type { ContactsSync } from '../core/history/contacts-sync';
import { MemorySecretStore } from '../core/ports';
import type { RingOutTracker } from '../core/ringout/tracker';
import { teamAnnotation, annotateTeamCall } from '../core/team/team-annotations';
import { writeTeamRecords } from '../core/team/team-calls';
import { at, ringOutRecord } from '../core/team/team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from '../core/team/team-migrations';
import { teamArchiveAddress } from '../core/index';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../test-support/postgres-test';
import { AppTeam } from './app-team';

const CALL = ringOutRecord('RO', 400000001000, at('2026-11-20'));

interface TeamArchive {
  db: TestDatabase;
  owner: pg.Client;
  alex: string;
  sam: string;
}

/** A team archive with the call collected and two people: Alex (member) and Sam (lead). */
async function teamArchive(): Promise<TeamArchive> {
  const db = await createTestDatabase();
  const owner = await db.connect();
  await migrateTeamArchive(owner);
  await writeTeamRecords(owner, [{ extensionId: '101', record: CALL }]);
  const alex = await db.createLogin('alex', [TEAM_ROLES.member]);
  const sam = await db.createLogin('sam', [TEAM_ROLES.lead]);
  await owner.query("INSERT INTO team_members (role_name, extension_id, name) VALUES ($1, '101', 'Alex Kim'), ($2, '102', 'Sam Lee')", [alex, sam]);
  return { db, owner, alex, sam };
}

interface Desktop {
  archive: Archive;
  annotations: AnnotationsFacade;
  team: AppTeam;
  settings: { get: () => Settings; set: (next: Settings) => void };
}

let desktops: Desktop[] = [];

/** One Ringside whose team archive is set in Settings (no RINGSIDE_TEAM_DATABASE_URL); its local archive in `file`. */
function desktop(file = ':memory:'): Desktop {
  const { archive } = Archive.open(file);
  archive.upsertRecords([CALL]);
  let stored: Settings = structuredClone(DEFAULT_SETTINGS);
  const settings = { get: () => stored, set: (next: Settings) => void (stored = next) };
  const annotations = new AnnotationsFacade(
    archive,
    { get: () => undefined } as unknown as RingOutTracker,
    {} as ContactsSync,
    { now: () => Date.now() } as never,
  );
  const team = new AppTeam(
    {
      env: {},
      secrets: new MemorySecretStore(),
      settings,
      saveTarget: { save: async () => ({ saved: false, path: null }) },
    },
    () => ({ annotations }),
  );
  // As RingsideCore wires it, but sending when the test says (to see what went where).
  Object.assign(archive.teamShares, { enabled: team.sharing.enabled, archive: team.sharing.archive });
  const made = { archive, annotations, team, settings };
  desktops.push(made);
  return made;
}

const note = (d: Desktop, text: string) => d.annotations.annotate({ id: 'RO' }, { note: text, disposition: null });
/** Settings → Team archive: this address (each test archive on this computer, so no TLS needed). */
const switchTo = (d: Desktop, url: string | null) => d.team.set({ url, password: null });
const addressOf = (a: TeamArchive) => teamArchiveAddress(a.db.url())!;

describeWithPostgres('an edit waits for the team archive it was made for', () => {
  let companyA: TeamArchive;
  let companyB: TeamArchive;

  beforeEach(async () => {
    companyA = await teamArchive();
    companyB = await teamArchive();
  });
  afterEach(async () => {
    for (const d of desktops) {
      await d.team.close();
      d.archive.close();
    }
    desktops = [];
    await companyA.db.drop();
    await companyB.db.drop();
  });

  it('an edit for A is not sent to B after switching, says it waits for A; switching back sends it to A', async () => {
    const d = desktop();
    await switchTo(d, companyA.db.url(companyA.alex));
    note(d, "Company A's customer: send the quote");
    // Switched before it went (the edit waits: shareNow was not called).
    await switchTo(d, companyB.db.url(companyB.alex));
    expect(await d.team.shareNow()).toEqual({ shared: 0, waiting: 0 });
    const view = await d.team.noteView(d.annotations, { id: 'RO' });
    expect(view).toMatchObject({ on: true, reachable: true });
    expect(view.fields).toEqual([{ field: 'note', by: null, byYou: false, at: null, pending: true, elsewhere: addressOf(companyA), replaced: null }]);
    // Neither the send nor the detail's exchange wrote it into B; it is still here, for A.
    expect(await teamAnnotation(companyB.owner, 'RO')).toBeNull();
    expect(d.annotations.get({ id: 'RO' }).note).toBe("Company A's customer: send the quote");
    expect(d.archive.teamShares.pendingCount()).toBe(1);
    expect((await d.team.view()).waitingElsewhere).toEqual([{ archive: addressOf(companyA), edits: 1 }]);

    await switchTo(d, companyA.db.url(companyA.alex));
    expect((await d.team.view()).waitingElsewhere).toEqual([]);
    expect(await d.team.shareNow()).toEqual({ shared: 1, waiting: 0 });
    expect(await teamAnnotation(companyA.owner, 'RO')).toMatchObject({ note: "Company A's customer: send the quote", noteBy: companyA.alex });
    expect(await teamAnnotation(companyB.owner, 'RO')).toBeNull();
    expect(d.archive.teamShares.pendingCount()).toBe(0);
  });

  it('the address changed while a send waited for its turn: what was for A never reaches B, and waits for A', async () => {
    const d = desktop();
    await switchTo(d, companyA.db.url(companyA.alex));
    note(d, 'For A only');
    await d.team.close();
    const sending = d.team.shareNow();
    // Settings' save changes the address after closing the connection: a send already asked for opens the new one.
    d.settings.set({ ...d.settings.get(), teamArchiveUrl: companyB.db.url(companyB.alex) });
    expect(await sending).toEqual({ shared: 0, waiting: 0 });
    expect(await teamAnnotation(companyB.owner, 'RO')).toBeNull();
    expect(d.archive.teamShares.pendingCount()).toBe(1);
    expect((await d.team.view()).waitingElsewhere).toEqual([{ archive: addressOf(companyA), edits: 1 }]);
  });

  it('an edit for B while one waits for A: each goes to its own archive only', async () => {
    const d = desktop();
    await switchTo(d, companyA.db.url(companyA.alex));
    d.annotations.annotate({ id: 'RO' }, { note: 'For A', disposition: null });
    await switchTo(d, companyB.db.url(companyB.alex));
    // The disposition is edited under B: that field's edit is B's.
    d.annotations.annotate({ id: 'RO' }, { note: 'For A', disposition: 'Call back' });
    expect(await d.team.shareNow()).toEqual({ shared: 1, waiting: 0 });
    expect(await teamAnnotation(companyB.owner, 'RO')).toMatchObject({ note: null, disposition: 'Call back' });
    await switchTo(d, companyA.db.url(companyA.alex));
    expect(await d.team.shareNow()).toEqual({ shared: 1, waiting: 0 });
    expect(await teamAnnotation(companyA.owner, 'RO')).toMatchObject({ note: 'For A', disposition: null });
  });

  it('another login to the same database is the same archive: the waiting edit goes, signed by the login now set', async () => {
    const d = desktop();
    await switchTo(d, companyA.db.url(companyA.alex));
    note(d, 'Written as Alex');
    await switchTo(d, companyA.db.url(companyA.sam));
    expect((await d.team.view()).waitingElsewhere).toEqual([]);
    expect(await d.team.shareNow()).toEqual({ shared: 1, waiting: 0 });
    expect(await teamAnnotation(companyA.owner, 'RO')).toMatchObject({ note: 'Written as Alex', noteBy: companyA.sam });
  });

  it("who wrote a field in A is A's: under B the detail does not sign it, and takes B's own note and signature", async () => {
    const d = desktop();
    await switchTo(d, companyA.db.url(companyA.alex));
    note(d, 'Shared in A');
    await d.team.shareNow();
    expect((await d.team.noteView(d.annotations, { id: 'RO' })).fields).toMatchObject([{ field: 'note', by: 'Alex Kim', pending: false }]);
    await switchTo(d, companyB.db.url(companyB.alex));
    expect((await d.team.noteView(d.annotations, { id: 'RO' })).fields).toEqual([]);
    const lead = await companyB.db.connect(companyB.sam);
    await annotateTeamCall(lead, 'RO', { note: "B's lead wrote this" });
    const view = await d.team.noteView(d.annotations, { id: 'RO' });
    expect(view.annotation.note).toBe("B's lead wrote this");
    expect(view.fields).toMatchObject([{ field: 'note', by: 'Sam Lee', pending: false }]);
  });

  it('team mode turned off: edits made meanwhile do not wait (as before), and Settings still says what waits for A', async () => {
    const d = desktop();
    await switchTo(d, companyA.db.url(companyA.alex));
    note(d, 'For A');
    await switchTo(d, null);
    d.annotations.annotate({ id: 'RO' }, { note: 'For A', disposition: 'Reached' });
    expect(d.archive.teamShares.pendingCount()).toBe(1);
    expect(await d.team.shareNow()).toEqual({ shared: 0, waiting: 0 });
    expect((await d.team.view()).waitingElsewhere).toEqual([{ archive: addressOf(companyA), edits: 1 }]);
  });

  it('an edit from before archives were recorded belongs to the archive set when it is first seen', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-switch-')), 'archive.sqlite');
    const before = desktop(file);
    // What an older Ringside wrote: the edit, no archive (it knew of none).
    Object.assign(before.archive.teamShares, { enabled: () => true, archive: () => null });
    note(before, 'From an older Ringside');
    expect(before.archive.teamShares.row('RO', 'note')).toMatchObject({ pending: true, archive: null });
    before.archive.close();
    desktops = desktops.filter((d) => d !== before);

    const d = desktop(file);
    await switchTo(d, companyA.db.url(companyA.alex));
    // Settings is where it is first seen: it is A's now, so nothing waits "elsewhere".
    expect((await d.team.view()).waitingElsewhere).toEqual([]);
    await switchTo(d, companyB.db.url(companyB.alex));
    expect(await d.team.shareNow()).toEqual({ shared: 0, waiting: 0 });
    expect(await teamAnnotation(companyB.owner, 'RO')).toBeNull();
    expect((await d.team.view()).waitingElsewhere).toEqual([{ archive: addressOf(companyA), edits: 1 }]);
    await switchTo(d, companyA.db.url(companyA.alex));
    expect(await d.team.shareNow()).toEqual({ shared: 1, waiting: 0 });
    expect(await teamAnnotation(companyA.owner, 'RO')).toMatchObject({ note: 'From an older Ringside' });
  });
});
