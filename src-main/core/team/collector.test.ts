/**
 * The collector against the real PostgreSQL and the realistic simulator's 50-user team account:
 * it archives every user's calls once (two-record RingOuts merged), resumes a stopped run from
 * its cursor without gap or double, hands over to a waiting instance when the collecting one
 * dies mid-run, stays within the Heavy limit, and tells a user who is not an admin why not.
 */
import type pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { TEAM_ACCOUNT, TEAM_APP } from '../../../src-simulator/account/team-account';
import { callLogQuery } from '../../../src-simulator/call-log/call-log-store';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { Simulator } from '../../../src-simulator/simulator';
import { quietLogger } from '../../../test-support/core-harness';
import { backendPid, createTestDatabase, describeWithPostgres, type TestDatabase } from '../../../test-support/postgres-test';
import { waitFor } from '../../../test-support/simulator-harness';
import { Session } from '../auth/session';
import { MemorySecretStore, systemClock } from '../ports';
import { RingCentralApi } from '../ringcentral/api';
import { RatePlanner } from '../ringcentral/rate-planner';
import { groupCallLogRecords } from '../ringout/merge-records';
import { NotAnAdminError, TeamCollector } from './collector';
import { extensionOf } from './collector-store';
import { migrateTeamArchive, TEAM_ROLES } from './team-migrations';

const PER_USER = 40;
let sim: Simulator;
let db: TestDatabase;
let owner: pg.Client;
let collectorRole: string;

beforeEach(async () => {
  sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50, seedHistoryPerUser: PER_USER, seedSpanDays: 7 });
  db = await createTestDatabase();
  owner = await db.connect();
  await migrateTeamArchive(owner);
  collectorRole = await db.createLogin('collector', [TEAM_ROLES.collector]);
});
afterEach(async () => {
  await sim?.close();
  await db?.drop();
});

/** The company call-log API as the collector uses it, signed in with `jwt`. */
async function companyApi(jwt = 'ringside-demo-jwt'): Promise<RingCentralApi> {
  const session = new Session(
    { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret, refreshHandicapMs: 60_000 / sim.clock.timeScale },
    new MemorySecretStore(),
    quietLogger,
  );
  await session.signInWithJwt(jwt);
  const api = new RingCentralApi(session.sdk, new RatePlanner(systemClock), 'account');
  await api.extension(); // learns the rate-limit window, as the app does at sign-in
  return api;
}

async function collector(holder: string, jwt?: string): Promise<{ collector: TeamCollector; client: pg.Client }> {
  const client = await db.connect(collectorRole);
  const api = await companyApi(jwt);
  return { collector: new TeamCollector({ api, client, holder, clock: systemClock, logger: quietLogger }), client };
}

/** The calls the simulator's records make, each user's paired by the merge rule: a two-record RingOut is one call. */
function expectedCalls(): { ids: string[]; merged: number } {
  const records = sim.callLog.query(callLogQuery({ view: 'Detailed', dateFrom: 0 })).records as unknown as CallLogRecord[];
  const byExtension = new Map<string, CallLogRecord[]>();
  for (const record of records) {
    const extension = extensionOf(record);
    byExtension.set(extension, [...(byExtension.get(extension) ?? []), record]);
  }
  const groups = [...byExtension.values()].flatMap((own) => groupCallLogRecords(own));
  return { ids: groups.map((g) => g.record.id).sort(), merged: groups.filter((g) => g.callerHalf).length };
}

async function archived(): Promise<{ ids: string[]; merged: number; extensions: number }> {
  const rows = (await owner.query<{ id: string; extension_id: string; half: boolean }>('SELECT id, extension_id, caller_half IS NOT NULL AS half FROM calls'))
    .rows;
  return { ids: rows.map((r) => r.id).sort(), merged: rows.filter((r) => r.half).length, extensions: new Set(rows.map((r) => r.extension_id)).size };
}

const companyRequests = (operationId: string) => sim.requestLog.filter((r) => r.operationId === operationId);

describeWithPostgres('the team collector', () => {
  it('archives all 50 users’ calls once, two-record RingOuts merged, within the Heavy limit; an incremental run brings a new call', async () => {
    const { collector: a } = await collector('instance A');
    expect((await a.collect()).phase).toBe('idle');
    const expected = expectedCalls();
    expect(expected.merged).toBeGreaterThan(0);
    const stored = await archived();
    expect(stored.ids).toEqual(expected.ids);
    expect(stored.merged).toBe(expected.merged);
    expect(stored.extensions).toBe(TEAM_ACCOUNT.extensions.length);
    expect(sim.requestLog.filter((r) => r.status === 429)).toEqual([]);
    // A new call of a colleague, visible now: the next (incremental) run archives it.
    const colleague = TEAM_ACCOUNT.extensions[7]!;
    const [fresh] = generateHistory({
      count: 1,
      seed: 77,
      baseUrl: sim.url,
      account: { ...TEAM_ACCOUNT, extensions: [colleague] },
      until: Date.now(),
      spanDays: 0.001,
    });
    sim.callLog.upsert(fresh!.record, { extensionId: colleague.id, visibleFrom: Date.now() });
    expect((await a.collect()).phase).toBe('idle');
    expect((await archived()).ids).toEqual(expectedCalls().ids);
    const row = await owner.query('SELECT extension_id FROM calls WHERE id = $1', [fresh!.record['id']]);
    expect(row.rows).toEqual([{ extension_id: String(colleague.id) }]);
    await a.stop();
  }, 90_000);

  it('a run stopped in the middle resumes from its cursor: no page read twice from the start, nothing lost, nothing doubled', async () => {
    const { collector: a } = await collector('instance A');
    await a.takeLease();
    let stopping: Promise<void> | null = null;
    a.onProgress((p) => {
      if (p.phase === 'initial' && p.fetched >= 500 && !stopping) stopping = a.stop();
    });
    await a.collect();
    expect(stopping).not.toBeNull();
    await stopping;
    const partly = await archived();
    expect(partly.ids.length).toBeGreaterThan(0);
    expect(partly.ids.length).toBeLessThan(expectedCalls().ids.length);
    const pagesBefore = companyRequests('readCompanyCallLog').length;
    const { collector: b } = await collector('instance B');
    expect((await b.collect()).phase).toBe('idle');
    // B went on where A stopped: its first page reads only older calls than A's newest page, and no second token was taken.
    const resumedAt = new URLSearchParams(companyRequests('readCompanyCallLog')[pagesBefore]!.query);
    const firstAt = new URLSearchParams(companyRequests('readCompanyCallLog')[0]!.query);
    expect(Date.parse(resumedAt.get('dateTo')!)).toBeLessThan(Date.parse(firstAt.get('dateTo')!));
    expect(companyRequests('syncAccountCallLog')).toHaveLength(1);
    const expected = expectedCalls();
    const stored = await archived();
    expect(stored.ids).toEqual(expected.ids);
    expect(stored.merged).toBe(expected.merged);
    expect((await owner.query('SELECT holder FROM collector_state')).rows).toEqual([{ holder: 'instance B' }]);
    await b.stop();
  }, 90_000);

  it('when the collecting instance is killed mid-run, the waiting one takes over: nothing lost, nothing doubled', async () => {
    const { collector: a, client: aClient } = await collector('instance A');
    const { collector: b } = await collector('instance B');
    await a.takeLease();
    let bTookOver = false;
    const bTakes = b.takeLease().then(() => (bTookOver = true));
    const aRuns = a.collect().catch((error: Error) => error);
    // A has committed some pages: it dies (its server session is killed, as when its host goes away).
    await waitFor(async () => Number((await owner.query('SELECT count(*) AS n FROM calls')).rows[0].n) >= 300, {
      timeoutMs: 30_000,
      what: 'A to commit pages',
    });
    expect(bTookOver).toBe(false);
    await owner.query('SELECT pg_terminate_backend($1, 10000)', [await backendPid(aClient)]);
    await bTakes;
    const aEnded = await aRuns;
    expect(aEnded).toBeInstanceOf(Error);
    expect((await b.collect()).phase).toBe('idle');
    const expected = expectedCalls();
    const stored = await archived();
    expect(stored.ids).toEqual(expected.ids);
    expect(stored.merged).toBe(expected.merged);
    expect((await owner.query('SELECT holder FROM collector_state')).rows).toEqual([{ holder: 'instance B' }]);
    await b.stop();
  }, 90_000);

  it('a call deleted in RingCentral leaves the archive (ISync with showDeleted); a reset call log (CLG-102) is read again whole, nothing lost or doubled (REALITY 26)', async () => {
    const { collector: a } = await collector('instance A');
    expect((await a.collect()).phase).toBe('idle');
    const synced = sim.clock.now();
    await waitFor(() => sim.clock.now() > synced, { intervalMs: 1, what: 'the clock to move past the token' });
    // An ordinary call of some user, deleted by them in RingCentral.
    const gone = (await owner.query<{ id: string }>('SELECT id FROM calls WHERE NOT ring_out AND caller_half IS NULL ORDER BY id LIMIT 1')).rows[0]!.id;
    expect(sim.callLog.delete(gone)).toBe(true);
    expect((await a.collect()).phase).toBe('idle');
    expect((await owner.query('SELECT id FROM calls WHERE id = $1', [gone])).rows).toEqual([]);
    // The service resets the call log's sync state: the token is refused, the window read again.
    sim.resetCallLogSync();
    const colleague = TEAM_ACCOUNT.extensions[21]!;
    const [fresh] = generateHistory({
      count: 1,
      seed: 78,
      baseUrl: sim.url,
      account: { ...TEAM_ACCOUNT, extensions: [colleague] },
      until: Date.now(),
      spanDays: 0.001,
    });
    sim.callLog.upsert(fresh!.record, { extensionId: colleague.id, visibleFrom: Date.now() });
    const tokensBefore = companyRequests('syncAccountCallLog').filter((r) => /syncType=FSync/.test(r.query)).length;
    expect((await a.collect()).phase).toBe('idle');
    expect(companyRequests('syncAccountCallLog').some((r) => r.status === 400)).toBe(true);
    expect(companyRequests('syncAccountCallLog').filter((r) => /syncType=FSync/.test(r.query)).length).toBe(tokensBefore + 1);
    const expected = expectedCalls();
    expect(expected.ids).not.toContain(gone);
    expect((await archived()).ids).toEqual(expected.ids);
    await a.stop();
  }, 90_000);

  it('a user who is not an admin is told, in words, that only an admin can collect; nothing is written', async () => {
    const { collector: sam } = await collector('instance S', 'ringside-team-member-jwt');
    const refusal = await sam.collect().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(NotAnAdminError);
    expect((refusal as Error).message).toBe(
      "Only a RingCentral admin can collect the company's call log. Sign the collector in as an admin (a user with the Full Company Call Log permission); RingCentral refused this user (CMN-408).",
    );
    expect((await archived()).ids).toEqual([]);
    await sam.stop();
    // The lease went with it: another collector may take it.
    const { collector: alex } = await collector('instance A');
    expect((await alex.collect()).phase).toBe('idle');
    await alex.stop();
  }, 90_000);
});
