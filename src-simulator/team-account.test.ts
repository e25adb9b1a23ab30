/**
 * The team account (issue 29): 50 users with departments, each with seeded history, and the
 * company call log and its sync with the same habits as the personal call log (REALITY 16,
 * 23-26), for admins only. Every answer here is validated against openapi-subset.yml too.
 */
import type { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { apiFailure, jsonOf, sdkFor, waitFor } from '../test-support/simulator-harness';
import { SpecValidator } from '../test-support/spec-validator';
import { TEAM_ACCOUNT, TEAM_APP, TEAM_DEPARTMENTS, TEAM_SIZE } from './account/team-account';
import { callLogQuery } from './call-log/call-log-store';
import type { SimulatorOptions } from './simulator';
import { Simulator } from './simulator';
import { startTestSimulator } from './testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ACCOUNT = '/restapi/v1.0/account/~';
const DAY_MS = 86_400_000;
const spec = new SpecValidator();
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The team simulator with every answer checked against the spec, and an SDK signed in as `jwt`. */
async function team(options: SimulatorOptions = {}, jwt = 'ringside-demo-jwt', unlimited = true) {
  sim = await startTestSimulator({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50, seedHistoryPerUser: 40, seedSpanDays: 7, ...options });
  if (unlimited) sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  const invalid: string[] = [];
  sim.observers.push(({ req, operationId, response }) => {
    const documented = operationId ? spec.response(operationId, response.status) : undefined;
    if (documented?.json) invalid.push(...spec.errors(documented.pointer, response.body).map((e) => `${req.path} ${response.status}: ${e}`));
  });
  const sdk = sdkFor(sim);
  await sdk.platform().login({ jwt });
  return { sim, sdk, invalid };
}

const weekAgo = () => new Date(Date.now() - 7 * DAY_MS - 60_000).toISOString();

/** Every page of the company call log, following navigation.nextPage only (REALITY 16). */
async function allPages(sdk: SDK, query: Record<string, unknown>): Promise<{ records: Json[]; pages: Json[] }> {
  const records: Json[] = [];
  const pages: Json[] = [];
  for (let page = 1; ; page++) {
    const answer = await jsonOf(sdk.platform().get(`${ACCOUNT}/call-log`, { ...query, page }));
    pages.push(answer);
    records.push(...answer.records);
    if (!answer.navigation.nextPage) return { records, pages };
  }
}

describe('the team account', () => {
  it('has 50 users with names, extension numbers and departments; the signed-in admin’s extension info carries the department', async () => {
    expect(TEAM_ACCOUNT.extensions).toHaveLength(TEAM_SIZE);
    expect(new Set(TEAM_ACCOUNT.extensions.map((e) => e.id)).size).toBe(TEAM_SIZE);
    expect(new Set(TEAM_ACCOUNT.extensions.map((e) => e.extensionNumber)).size).toBe(TEAM_SIZE);
    expect(new Set(TEAM_ACCOUNT.extensions.map((e) => e.name)).size).toBe(TEAM_SIZE);
    expect(new Set(TEAM_ACCOUNT.extensions.map((e) => e.department))).toEqual(new Set(TEAM_DEPARTMENTS));
    expect(TEAM_ACCOUNT.extensions.filter((e) => e.admin).map((e) => e.name)).toEqual(['Alex Demo']);
    const { sdk, invalid } = await team();
    const me = await jsonOf(sdk.platform().get(`${ACCOUNT}/extension/~`));
    expect(me.contact.department).toBe('Sales');
    // The company directory lists everyone with their department, each id and extension number once.
    const directory = await jsonOf(sdk.platform().get(`${ACCOUNT}/directory/entries`, { type: 'User', perPage: 2000 }));
    const departmentOf = new Map(directory.records.map((r: Json) => [r.id, r.department]));
    for (const user of TEAM_ACCOUNT.extensions) expect(departmentOf.get(String(user.id)), user.name).toBe(user.department);
    expect(new Set(directory.records.map((r: Json) => r.id)).size).toBe(directory.records.length);
    expect(new Set(directory.records.map((r: Json) => r.extensionNumber)).size).toBe(directory.records.length);
    expect(invalid).toEqual([]);
  });

  it('seeds a history for every user, and the demo simulator stays the two-person account it was', async () => {
    const { sim } = await team();
    for (const extension of TEAM_ACCOUNT.extensions) {
      expect(sim.callLog.query(callLogQuery({ extensionId: extension.id })).total, extension.name).toBeGreaterThanOrEqual(40);
    }
    const demo = await Simulator.start({ seedHistory: 20 });
    try {
      expect(demo.account.extensions.map((e) => e.name)).toEqual(['Alex Demo', 'Sam Colleague']);
      expect(demo.account.extensions.every((e) => e.department === undefined)).toBe(true);
    } finally {
      await demo.close();
    }
  });
});

describe('the company call log', () => {
  it('pages every user’s records 250 to a Detailed page (REALITY 24), by navigation only (REALITY 16), with two-record RingOuts (REALITY 12)', async () => {
    const { sim, sdk, invalid } = await team();
    const { records, pages } = await allPages(sdk, { view: 'Detailed', perPage: 1000, dateFrom: weekAgo() });
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((p) => p.records.length === 250 && p.paging.totalPages === undefined)).toBe(true);
    expect(records.map((r) => r.id).sort()).toEqual(
      sim.callLog
        .query(callLogQuery({ dateFrom: Date.parse(weekAgo()) }))
        .records.map((r) => r['id'])
        .sort(),
    );
    expect(new Set(records.map((r) => r.extension.id)).size).toBe(TEAM_SIZE);
    // A RingOut that rang a desk phone first comes with its Inbound caller half.
    expect(records.some((r) => r.direction === 'Inbound' && r.result === 'Accepted')).toBe(true);
    expect(invalid).toEqual([]);
  });

  it('without dateFrom answers the last day only (REALITY 25)', async () => {
    const { sdk } = await team();
    const { records } = await allPages(sdk, { view: 'Simple', perPage: 1000 });
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => Date.parse(r.startTime) >= Date.now() - DAY_MS - 60_000)).toBe(true);
    const all = await allPages(sdk, { view: 'Simple', perPage: 1000, dateFrom: weekAgo() });
    expect(all.records.length).toBeGreaterThan(records.length);
  });

  it('is Heavy: the eleventh read in a minute gets 429 with Retry-After (REALITY 23)', async () => {
    const { sdk } = await team({}, 'ringside-demo-jwt', false);
    for (let i = 0; i < 10; i++) await sdk.platform().get(`${ACCOUNT}/call-log`, { dateFrom: weekAgo() });
    const refused = await apiFailure(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'FSync', recordCount: 5 }));
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].errorCode).toBe('CMN-301');
  });

  it('refuses a user who is not an admin with RingCentral’s CMN-408, naming the permission', async () => {
    const { sdk, invalid } = await team({}, 'ringside-team-member-jwt');
    const list = await apiFailure(sdk.platform().get(`${ACCOUNT}/call-log`, { dateFrom: weekAgo() }));
    const sync = await apiFailure(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'FSync', recordCount: 5 }));
    expect(list).toEqual({
      status: 403,
      body: {
        errorCode: 'CMN-408',
        message: 'In order to call this API endpoint, user needs to have [FullCompanyCallLog] permission for requested resource.',
        errors: [
          {
            errorCode: 'CMN-408',
            message: 'In order to call this API endpoint, user needs to have [FullCompanyCallLog] permission for requested resource.',
            permissionName: 'FullCompanyCallLog',
          },
        ],
      },
    });
    expect(sync.status).toBe(403);
    expect(sync.body.errors[0]).toMatchObject({ errorCode: 'CMN-408', permissionName: 'ReadCallLog' });
    const someoneElses = sim!.callLog.query(callLogQuery({ extensionId: TEAM_ACCOUNT.extensions[5]!.id, perPage: 1 })).records[0]!['id'];
    const record = await apiFailure(sdk.platform().get(`${ACCOUNT}/call-log/${String(someoneElses)}`));
    expect(record.body.errors[0]).toMatchObject({ errorCode: 'CMN-408', permissionName: 'FullCompanyCallLog' });
    // The user's own call log stays theirs to read.
    expect((await jsonOf(sdk.platform().get(`${ACCOUNT}/extension/~/call-log`, { dateFrom: weekAgo() }))).records.length).toBeGreaterThan(0);
    expect(invalid).toEqual([]);
  });
});

describe('the company call-log sync', () => {
  it('FSync and ISync cover every user: a new call of anyone comes with the next ISync; a token from a user’s sync is not the company’s', async () => {
    const { sim, sdk, invalid } = await team();
    const fsync = await jsonOf(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'FSync', recordCount: 500, view: 'Detailed' }));
    expect(new Set(fsync.records.map((r: Json) => r.extension.id)).size).toBeGreaterThan(40);
    const issuedAt = sim.clock.now();
    await waitFor(() => sim.clock.now() > issuedAt, { intervalMs: 1, what: 'the clock to move' });
    const [, , colleague] = TEAM_ACCOUNT.extensions;
    const newest = sim.callLog.query(callLogQuery({ extensionId: colleague!.id, perPage: 1 })).records[0]!;
    sim.callLog.touch(String(newest['id']), (record) => (record['result'] = 'Call connected'));
    const isync = await jsonOf(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'ISync', syncToken: fsync.syncInfo.syncToken }));
    expect(isync.records.map((r: Json) => r.id)).toContain(newest['id']);
    const own = await jsonOf(sdk.platform().get(`${ACCOUNT}/extension/~/call-log-sync`, { syncType: 'FSync', recordCount: 5 }));
    const foreign = await apiFailure(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'ISync', syncToken: own.syncInfo.syncToken }));
    expect(foreign.body.errors[0]).toMatchObject({ errorCode: 'CMN-101', parameterName: 'syncToken' });
    expect(invalid).toEqual([]);
  });

  it('tokens expire (CLG-101), die with a reset (CLG-102) and refuse past 250 changes (CLG-105), as the personal sync’s do (REALITY 26)', async () => {
    const { sim, sdk } = await team({ syncTokenLifetimeSeconds: 5 });
    const isync = (token: string) => sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'ISync', syncToken: token });
    const first = await jsonOf(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'FSync', recordCount: 1 }));
    const issuedAt = sim.clock.now();
    await waitFor(() => sim.clock.now() - issuedAt > sim.clock.realMs(5000), { what: 'the token to be older than its lifetime' });
    expect((await apiFailure(isync(first.syncInfo.syncToken))).body.errors[0].errorCode).toBe('CLG-101');
    const second = await jsonOf(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'FSync', recordCount: 1 }));
    sim.resetCallLogSync();
    expect((await apiFailure(isync(second.syncInfo.syncToken))).body.errors[0].errorCode).toBe('CLG-102');
    const third = await jsonOf(sdk.platform().get(`${ACCOUNT}/call-log-sync`, { syncType: 'FSync', recordCount: 1 }));
    const thirdAt = sim.clock.now();
    await waitFor(() => sim.clock.now() > thirdAt, { intervalMs: 1, what: 'the clock to move' });
    // 251 changes spread over many users: too many for one ISync.
    const changed = sim.callLog.query(callLogQuery({ perPage: 251 })).records;
    expect(new Set(changed.map((r) => (r['extension'] as { id: number }).id)).size).toBeGreaterThan(1);
    for (const record of changed) sim.callLog.touch(String(record['id']), () => {});
    expect((await apiFailure(isync(third.syncInfo.syncToken))).body.errors[0].errorCode).toBe('CLG-105');
  });
});
