/**
 * Notes, dispositions and favourites shared with the team archive (issue 29), between two app
 * instances (two desktops: each its own local archive and AppTeam) and one real PostgreSQL: a
 * person on two desktops, a lead and a member. The local save is immediate; the team write
 * follows; while the archive does not answer it waits in the local archive, across a quit; of
 * two edits of one field the newer by the server's clock wins, an edit made offline included.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { otherPartyNumber } from '../../src-shared/history-row';
import { Archive } from '../core/history/archive';
import { AnnotationsFacade } from '../core/history/annotations-facade';
import type { ContactsSync } from '../core/history/contacts-sync';
import { MemorySecretStore } from '../core/ports';
import type { RingOutTracker } from '../core/ringout/tracker';
import { teamAnnotation } from '../core/team/team-annotations';
import { writeTeamRecords } from '../core/team/team-calls';
import { at, ringOutRecord } from '../core/team/team-fixtures';
import { migrateTeamArchive, TEAM_ROLES } from '../core/team/team-migrations';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../../test-support/postgres-test';
import { AppTeam } from './app-team';

const CALL = ringOutRecord('RO', 400000001000, at('2026-11-20'));
/** The number a call's detail stars: the other party's, as the History detail shows it. */
const starredNumber = (d: Desktop) => otherPartyNumber(d.archive.detail('RO')!.row)!;

interface Desktop {
  archive: Archive;
  annotations: AnnotationsFacade;
  team: AppTeam;
  env: Record<string, string>;
  /** This desktop's clock runs `shift` ms off the real one (an edit made earlier, offline). */
  shift: number;
}

const desktops: Desktop[] = [];

/** One Ringside: its own local archive (the call synced into it) and its own AppTeam on `url`. */
function desktop(url: string, file = ':memory:', sendsByItself = false): Desktop {
  const { archive } = Archive.open(file);
  archive.upsertRecords([CALL]);
  const env: Record<string, string> = { RINGSIDE_TEAM_DATABASE_URL: url };
  const made: Desktop = { archive, annotations: null!, team: null!, env, shift: 0 };
  made.annotations = new AnnotationsFacade(
    archive,
    { get: () => undefined } as unknown as RingOutTracker,
    {} as ContactsSync,
    {
      now: () => Date.now() + made.shift,
    } as never,
  );
  made.team = new AppTeam(
    {
      env,
      secrets: new MemorySecretStore(),
      settings: { get: () => DEFAULT_SETTINGS, set: () => undefined },
      saveTarget: { save: async () => ({ saved: false, path: null }) },
    },
    () => ({ annotations: made.annotations }),
  );
  // What RingsideCore does with the app's teamSharing (most tests send when they say, to count what went).
  Object.assign(archive.teamShares, sendsByItself ? made.team.sharing : { enabled: made.team.sharing.enabled, archive: made.team.sharing.archive });
  desktops.push(made);
  return made;
}

const note = (d: Desktop, text: string | null, disposition: string | null = null) => d.annotations.annotate({ id: 'RO' }, { note: text, disposition });
const field = async (d: Desktop, name: 'note' | 'disposition' | 'favourite') =>
  (await d.team.noteView(d.annotations, { id: 'RO' })).fields.find((f) => f.field === name);

/**
 * The same team archive (host, port and database: an edit waits for its own archive), out of
 * reach: a login it does not know fails to connect as a stopped server does (the one cluster
 * serves every test file, so it cannot be stopped here).
 */
const unreachableUrl = (db: TestDatabase) => db.url('nobody_at_all');

describeWithPostgres('notes shared with the team between two app instances', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let alex: string;
  let sam: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    owner = await db.connect();
    await migrateTeamArchive(owner);
    const collector = await db.connect(await db.createLogin('collector', [TEAM_ROLES.collector]));
    await collector.query('BEGIN');
    await writeTeamRecords(collector, [{ extensionId: '101', record: CALL }]);
    await collector.query('COMMIT');
    alex = await db.createLogin('alex', [TEAM_ROLES.member]);
    sam = await db.createLogin('sam', [TEAM_ROLES.lead]);
    await owner.query("INSERT INTO team_members (role_name, extension_id, name) VALUES ($1, '101', 'Alex Kim'), ($2, '102', 'Sam Lee')", [alex, sam]);
  });
  afterEach(async () => {
    for (const d of desktops.splice(0)) {
      await d.team.close();
      d.archive.close();
    }
    await db.drop();
  });

  it("one person on two desktops: a note saved on one is the other's when it opens the call, signed by them", async () => {
    const office = desktop(db.url(alex));
    const laptop = desktop(db.url(alex));
    note(office, 'Wants a quote by Friday', 'Call back');
    expect(await office.team.shareNow()).toEqual({ shared: 2, waiting: 0 });
    expect(office.archive.teamShares.pendingCount()).toBe(0);

    const view = await laptop.team.noteView(laptop.annotations, { id: 'RO' });
    expect(view).toMatchObject({ on: true, reachable: true, refined: true, annotation: { note: 'Wants a quote by Friday', disposition: 'Call back' } });
    const noteField = view.fields.find((f) => f.field === 'note')!;
    expect(noteField).toMatchObject({ by: 'Alex Kim', byYou: true, pending: false, replaced: null });
    const stored = await teamAnnotation(owner, 'RO');
    expect(noteField.at).toBe(stored!.noteAt!.getTime());
    // The laptop took it from the team: nothing of it waits to be sent back.
    expect(laptop.archive.teamShares.pendingCount()).toBe(0);
    expect(laptop.annotations.get({ id: 'RO' })).toEqual({ note: 'Wants a quote by Friday', disposition: 'Call back' });
  });

  it('names a teammate who joined after this desktop first read the names', async () => {
    const lead = desktop(db.url(sam));
    expect((await lead.team.noteView(lead.annotations, { id: 'RO' })).fields).toEqual([]);
    const kim = await db.createLogin('kim', [TEAM_ROLES.lead]);
    await owner.query("INSERT INTO team_members (role_name, extension_id, name) VALUES ($1, '103', 'Kim Park')", [kim]);
    const kimsDesktop = desktop(db.url(kim));
    note(kimsDesktop, 'Asked for a demo next week');
    await kimsDesktop.team.shareNow();
    const view = await lead.team.noteView(lead.annotations, { id: 'RO' });
    expect(view.fields.find((f) => f.field === 'note')).toMatchObject({ by: 'Kim Park', byYou: false });
  });

  it('a lead and a member: edits of different fields both stay, each says who wrote it', async () => {
    const member = desktop(db.url(alex));
    const lead = desktop(db.url(sam));
    note(member, 'Left a message');
    await member.team.shareNow();
    // The lead sees the member's note, and sets the disposition only.
    expect((await lead.team.noteView(lead.annotations, { id: 'RO' })).annotation).toEqual({ note: 'Left a message', disposition: null });
    note(lead, 'Left a message', 'Call back');
    expect(await lead.team.shareNow()).toEqual({ shared: 1, waiting: 0 });

    const view = await member.team.noteView(member.annotations, { id: 'RO' });
    expect(view.annotation).toEqual({ note: 'Left a message', disposition: 'Call back' });
    // A member may read their own name, not the lead's login's: the login stands for it.
    expect(view.fields.find((f) => f.field === 'disposition')).toMatchObject({ by: 'Sam Lee', byYou: false, pending: false });
    expect(view.fields.find((f) => f.field === 'note')).toMatchObject({ by: 'Alex Kim', byYou: true });
    expect(await teamAnnotation(owner, 'RO')).toMatchObject({ note: 'Left a message', disposition: 'Call back', noteBy: alex, dispositionBy: sam });
  });

  it('the team archive not answering: saved here at once, waits across a quit, shared when it answers, and the detail says so meanwhile', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-notes-')), 'archive.sqlite');
    const offline = desktop(unreachableUrl(db), file);
    note(offline, 'Call after 3pm');
    expect(offline.annotations.get({ id: 'RO' }).note).toBe('Call after 3pm');
    const failure = await offline.team.shareNow().catch((error: unknown) => error as Error & { code?: string });
    expect(failure).toMatchObject({ code: 'TEAM_ARCHIVE_UNREACHABLE' });
    const view = await offline.team.noteView(offline.annotations, { id: 'RO' });
    expect(view).toMatchObject({ on: true, reachable: false, annotation: { note: 'Call after 3pm' } });
    expect(view.fields).toEqual([{ field: 'note', by: null, byYou: false, at: null, pending: true, elsewhere: null, replaced: null }]);

    // Quit; the next start reaches the archive.
    await offline.team.close();
    offline.archive.close();
    desktops.splice(desktops.indexOf(offline), 1);
    const restarted = desktop(db.url(alex), file);
    expect(restarted.archive.teamShares.pendingCount()).toBe(1);
    expect(await restarted.team.shareNow()).toEqual({ shared: 1, waiting: 0 });
    expect(await teamAnnotation(owner, 'RO')).toMatchObject({ note: 'Call after 3pm', noteBy: alex });
    expect(await field(restarted, 'note')).toMatchObject({ by: 'Alex Kim', pending: false });
  });

  it('an edit made offline, older than a team edit made since: the team edit stays, and the desktop keeps its own as replaced', async () => {
    const laptop = desktop(unreachableUrl(db));
    const lead = desktop(db.url(sam));
    // Written on the train five minutes ago, the archive out of reach.
    laptop.shift = -5 * 60_000;
    note(laptop, 'Offline: send the brochure');
    await laptop.team.shareNow().catch(() => undefined);
    // Meanwhile the lead writes the note.
    note(lead, 'Lead: price agreed, send contract');
    await lead.team.shareNow();

    // Back online: the pending edit is sent with the time it was made, and loses.
    laptop.env['RINGSIDE_TEAM_DATABASE_URL'] = db.url(alex);
    await laptop.team.close();
    expect(await laptop.team.shareNow()).toEqual({ shared: 1, waiting: 0 });
    expect(await teamAnnotation(owner, 'RO')).toMatchObject({ note: 'Lead: price agreed, send contract', noteBy: sam, version: 1 });
    expect(laptop.annotations.get({ id: 'RO' }).note).toBe('Lead: price agreed, send contract');
    const shown = await field(laptop, 'note');
    expect(shown).toMatchObject({ by: 'Sam Lee', pending: false, replaced: { value: 'Offline: send the brochure' } });
    expect(shown!.replaced!.editedAt).toBe(laptop.archive.teamShares.row('RO', 'note')!.replacedMs);

    // "Use mine": saving it again is the newest edit, and wins.
    laptop.shift = 0;
    note(laptop, 'Offline: send the brochure');
    await laptop.team.shareNow();
    expect(await teamAnnotation(owner, 'RO')).toMatchObject({ note: 'Offline: send the brochure', noteBy: alex });
    expect(await field(laptop, 'note')).toMatchObject({ by: 'Alex Kim', replaced: null });
  });

  it('an edit made offline after the team edit: it is the newer one, and wins when it is sent', async () => {
    const laptop = desktop(unreachableUrl(db));
    const lead = desktop(db.url(sam));
    note(lead, 'Lead: first');
    await lead.team.shareNow();
    const leadAt = (await teamAnnotation(owner, 'RO'))!.noteAt!.getTime();
    // The laptop's edit comes after the lead's by the clock (waits for the clock, not a guess).
    while (Date.now() <= leadAt + 5) await new Promise((resolve) => setImmediate(resolve));
    note(laptop, 'Laptop: later');
    await laptop.team.shareNow().catch(() => undefined);
    laptop.env['RINGSIDE_TEAM_DATABASE_URL'] = db.url(alex);
    await laptop.team.close();
    await laptop.team.shareNow();
    expect(await teamAnnotation(owner, 'RO')).toMatchObject({ note: 'Laptop: later', noteBy: alex, version: 2 });
    // The lead's desktop takes it when it opens the call; the lead's own text is not "replaced": the team had it.
    const view = await lead.team.noteView(lead.annotations, { id: 'RO' });
    expect(view.annotation.note).toBe('Laptop: later');
    expect(view.fields.find((f) => f.field === 'note')).toMatchObject({ by: 'Alex Kim', replaced: null });
  });

  it("a star from a call's detail is that call's favourite in the team archive; the other desktop stars the number", async () => {
    const office = desktop(db.url(alex));
    const laptop = desktop(db.url(alex));
    const number = starredNumber(office);
    office.annotations.setFavourite(number, true, 'RO');
    await office.team.shareNow();
    expect(await teamAnnotation(owner, 'RO')).toMatchObject({ favourite: true, favouriteBy: alex });
    expect(laptop.archive.annotations.isFavourite(number)).toBe(false);
    expect(await field(laptop, 'favourite')).toMatchObject({ by: 'Alex Kim', pending: false });
    expect(laptop.archive.annotations.isFavourite(number)).toBe(true);
    // A star from the quick numbers (no call) stays on this desktop.
    office.annotations.setFavourite('+13125550123', true);
    expect(office.archive.teamShares.pendingCount()).toBe(0);
  });

  it('the team write follows the local save by itself', async () => {
    const office = desktop(db.url(alex), ':memory:', true);
    note(office, 'Sent without asking');
    await vi.waitFor(async () => expect(await teamAnnotation(owner, 'RO')).toMatchObject({ note: 'Sent without asking', noteBy: alex }), { timeout: 10_000 });
    await vi.waitFor(() => expect(office.archive.teamShares.pendingCount()).toBe(0));
  });

  it('team mode off: nothing waits to be shared, and the detail shows nothing of it', async () => {
    const alone = desktop(db.url(alex));
    delete alone.env['RINGSIDE_TEAM_DATABASE_URL'];
    note(alone, 'Just mine');
    expect(alone.archive.teamShares.pendingCount()).toBe(0);
    expect(await alone.team.noteView(alone.annotations, { id: 'RO' })).toMatchObject({ on: false, fields: [] });
    expect(await teamAnnotation(owner, 'RO')).toBeNull();
  });
});
