/**
 * REALITY 3 (corrected), 17, 18, 23 and 29: one test per habit with RingCentral's own
 * `@ringcentral/sdk` as the client, each switch both ways, and every answer validated against
 * spec/ringcentral/openapi-subset.yml (the operation's documented response, or RingCentral's
 * error model where the spec documents none). Time is moved with a fake `Date` (the
 * simulator's clock reads it), never waited for.
 */
import type { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFailure, jsonOf, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { readExample } from '../test-support/spec-files';
import { SpecValidator } from '../test-support/spec-validator';
import { OPERATIONS } from '../src-main/core/ringcentral/operations';
import type { SimContact } from './account/contacts-seed';
import { BLOCKED_RING_ME_AT, REFUSED_DEMO_NUMBERS } from './ringout/refusals';
import { REALISTIC, type Realism } from './realism';
import type { SimRequest, SimResponse } from './http/types';
import type { Simulator, SimulatorOptions } from './simulator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const EXT = '/restapi/v1.0/account/~/extension/~';
const MOBILE = '+16505550198';
const spec = new SpecValidator();

let sim: Simulator | undefined;
let exchanges: Array<{ req: SimRequest; operationId: string | null; response: SimResponse }> = [];
afterEach(async () => {
  vi.useRealTimers();
  await sim?.close();
  sim = undefined;
  exchanges = [];
});

/** A signed-in simulator whose every answer is recorded for validation; with `frozenTime`, `Date` only moves when `advance` moves it. */
async function start(options: SimulatorOptions & { frozenTime?: boolean } = {}) {
  const { frozenTime, ...simOptions } = options;
  // Before the simulator starts: its clock keeps the Date.now it finds.
  if (frozenTime) vi.useFakeTimers({ toFake: ['Date'] });
  const started = await signedInSimulator(simOptions);
  sim = started.sim;
  // Habits, not rate limits, are under test (CMN-304 and CMN-310 do not depend on them).
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  sim.observers.push((exchange) => exchanges.push(exchange));
  return started;
}

const only = (patch: Partial<Realism>): { realism: Partial<Realism> } => ({ realism: patch });

/** Moves the simulator's (and everyone's) `Date` on by a simulated duration. */
function advance(simSeconds: number): void {
  vi.setSystemTime(Date.now() + sim!.clock.realMs(simSeconds * 1000));
}

/** Every recorded answer against its documented response, or RingCentral's error model for an undocumented error. */
function invalidAnswers(): string[] {
  const failures: string[] = [];
  for (const { req, operationId, response } of exchanges) {
    if (!operationId || response.body === undefined) continue;
    const documented = spec.response(operationId, response.status);
    const pointer = documented?.json ? documented.pointer : response.status >= 400 ? '/components/schemas/ApiErrorResponseModel' : null;
    if (!pointer) continue;
    for (const error of spec.errors(pointer, response.body)) failures.push(`${req.method} ${req.path} ${response.status}: ${error}`);
  }
  return failures;
}

function tokenRequest(s: Simulator, sdk: SDK, refreshToken: string): Promise<Response> {
  return fetch(`${s.url}/restapi/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: sdk.platform().basicAuthHeader() },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
}

const withToken = (s: Simulator, token: string) => fetch(`${s.url}${EXT}`, { headers: { authorization: `Bearer ${token}` } });

describe('REALITY 3 (corrected): the refresh grace runs from the new access token’s first use', () => {
  async function refreshed(options: SimulatorOptions) {
    const started = await start({ ...options, frozenTime: true });
    const old = await started.platform.auth().data();
    await started.platform.refresh();
    const fresh = await started.platform.auth().data();
    return {
      ...started,
      old: { access: old.access_token!, refresh: old.refresh_token! },
      fresh: { access: fresh.access_token!, refresh: fresh.refresh_token! },
    };
  }

  it('on: the old access token fails at once ("Access token corrupted", then OAU-213 "Token not found")', async () => {
    const { old, fresh } = await refreshed({});
    const corrupted = await withToken(sim!, old.access);
    expect(corrupted.status).toBe(401);
    expect((await jsonOf(corrupted)).errors[0]).toMatchObject({ errorCode: 'OAU-129', message: 'Access token corrupted' });
    expect((await withToken(sim!, fresh.access)).status).toBe(200);
    advance(11);
    const unknown = await withToken(sim!, old.access);
    expect((await jsonOf(unknown)).errors[0]).toMatchObject({ errorCode: 'OAU-213', message: 'Token not found' });
    expect(invalidAnswers()).toEqual([]);
  });

  it('on: the old refresh token answers the same pair until ~10 s after the new access token was first used, then invalid_grant', async () => {
    const { sdk, old, fresh } = await refreshed({});
    advance(120); // unused for two minutes: still in grace
    expect(await jsonOf(tokenRequest(sim!, sdk, old.refresh))).toMatchObject({ access_token: fresh.access, refresh_token: fresh.refresh });
    expect((await withToken(sim!, fresh.access)).status).toBe(200); // first use: 10 s from now
    advance(9);
    expect(await jsonOf(tokenRequest(sim!, sdk, old.refresh))).toMatchObject({ refresh_token: fresh.refresh });
    advance(2);
    const late = await tokenRequest(sim!, sdk, old.refresh);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: 'invalid_grant', errors: [{ errorCode: 'OAU-211' }] });
    expect(invalidAnswers()).toEqual([]);
  });

  it('on: while the new access token is never used, the grace lasts up to 60 min', async () => {
    const { sdk, old, fresh } = await refreshed({});
    advance(59 * 60);
    expect(await jsonOf(tokenRequest(sim!, sdk, old.refresh))).toMatchObject({ refresh_token: fresh.refresh });
    advance(2 * 60);
    expect((await tokenRequest(sim!, sdk, old.refresh)).status).toBe(400);
  });

  it('off (singleUseRefreshTokens: false): the old refresh and access tokens keep working', async () => {
    const { sdk, old, fresh } = await refreshed(only({ singleUseRefreshTokens: false }));
    expect((await withToken(sim!, fresh.access)).status).toBe(200);
    advance(120);
    expect((await withToken(sim!, old.access)).status).toBe(200);
    expect((await tokenRequest(sim!, sdk, old.refresh)).status).toBe(200);
  });
});

describe('REALITY 17: the RingOut status resource goes away soon after the call', () => {
  async function endedCall(options: SimulatorOptions) {
    const { platform } = await start({ ...options, frozenTime: true });
    const created = await jsonOf(platform.post(`${EXT}/ring-out`, { from: { phoneNumber: MOBILE }, to: { phoneNumber: '+12125550101' } }));
    await waitFor(() => sim!.calls.get(created.id)!.endedAt !== null, { what: 'the busy call to end' });
    return { platform, id: created.id as string };
  }

  it('on: GET and DELETE answer 404 CMN-102 a short time after the end, with the documented body', async () => {
    const { platform, id } = await endedCall({});
    expect((await jsonOf(platform.get(`${EXT}/ring-out/${id}`))).status.calleeStatus).toBe('Busy');
    advance(sim!.statusExpirySeconds);
    const gone = await apiFailure(platform.get(`${EXT}/ring-out/${id}`));
    expect(gone).toEqual({ status: 404, body: readExample('ringout-status-expired-404.json') });
    const cancel = await apiFailure(platform.delete(`${EXT}/ring-out/${id}`));
    expect(cancel).toEqual({ status: 404, body: readExample('ringout-status-expired-404.json') });
    expect(invalidAnswers()).toEqual([]);
  });

  it('off (ringOutStatusExpires: false): the status still answers long after the end', async () => {
    const { platform, id } = await endedCall(only({ ringOutStatusExpires: false }));
    advance(3600);
    expect((await jsonOf(platform.get(`${EXT}/ring-out/${id}`))).status).toMatchObject({ callStatus: 'CannotReach', calleeStatus: 'Busy' });
  });
});

describe('REALITY 18: POST ring-out refuses with specific codes in a two-layer body', () => {
  const post = (platform: SDK['platform'] extends () => infer P ? P : never, body: Record<string, unknown>) =>
    apiFailure(platform.post(`${EXT}/ring-out`, body));
  const to = (phoneNumber: string) => ({ phoneNumber });

  it('on: each refusal has its status, its inner code (with its fields) and a top-level code that only names the kind', async () => {
    const { platform } = await start();
    const ext = sim!.account.extensions[0]!;
    const cases: Array<[string, Record<string, unknown>, number, string, Record<string, string>?]> = [
      [
        'caller ID not allowed',
        { from: to(MOBILE), to: to('+12125550100'), callerId: to('+19995550100') },
        400,
        'TEL-107',
        { parameterName: 'callerId.phoneNumber' },
      ],
      ['from invalid', { from: to('12'), to: to('+12125550100') }, 400, 'TEL-108', { parameterName: 'from.phoneNumber' }],
      ['from empty', { to: to('+12125550100') }, 400, 'TEL-108'],
      ['to invalid', { from: to(MOBILE), to: to('call me') }, 400, 'TEL-109', { parameterName: 'to.phoneNumber' }],
      ['to on a blocked list', { from: to(MOBILE), to: to('+12125550140') }, 403, 'TEL-101'],
      ['ring-me-at on a blocked list', { from: to(BLOCKED_RING_ME_AT), to: to('+12125550100') }, 403, 'TEL-102'],
      ['caller ID your own mobile, not a company number', { from: to(MOBILE), to: to('+12125550100'), callerId: to(MOBILE) }, 403, 'RNG-102'],
      ['RingOut not for the account', { from: to(MOBILE), to: to('+12125550141') }, 403, 'BIL-103', { featureName: 'RingOut' }],
      ['RingOut not for the extension type', { from: to(MOBILE), to: to('+12125550142') }, 403, 'CMN-112', { featureName: 'RingOut' }],
      ['no domestic calls', { from: to(MOBILE), to: to('+12125550143') }, 403, 'CMN-113', { featureName: 'DomesticCalls' }],
      ['unknown forwarding number', { from: { forwardingNumberId: '999' }, to: to('+12125550100') }, 404, 'CMN-102', { parameterName: 'forwardingNumberId' }],
    ];
    for (const [what, body, status, code, fields] of cases) {
      const answer = await post(platform, body);
      expect(answer.status, what).toBe(status);
      expect(answer.body.errors[0], what).toMatchObject({ errorCode: code, message: expect.any(String), ...fields });
      expect(answer.body.message, what).toBe(answer.body.errors[0].message);
      if (code !== 'CMN-102') expect(answer.body.errorCode, what).not.toBe(code);
    }
    expect(sim!.calls.size).toBe(0);
    // The company number and the direct number are allowed caller IDs.
    for (const callerId of [sim!.account.mainNumber, ext.directNumber]) {
      expect((await platform.post(`${EXT}/ring-out`, { from: to(MOBILE), to: to('+12125550100'), callerId: to(callerId) })).status).toBe(200);
    }
    expect(Object.keys(REFUSED_DEMO_NUMBERS)).toEqual(['+12125550140', '+12125550141', '+12125550142', '+12125550143']);
    expect(exchanges.filter((e) => e.response.status >= 400)).toHaveLength(cases.length);
    expect(invalidAnswers()).toEqual([]);
  });

  it('off (specificRingOutRefusals: false): bad input is CMN-101 and the refusal demo numbers ring', async () => {
    const { platform } = await start(only({ specificRingOutRefusals: false }));
    expect((await post(platform, { from: to(MOBILE), to: to('call me') })).body.errors[0]).toMatchObject({ errorCode: 'CMN-101' });
    expect((await post(platform, { from: to(MOBILE), to: to('+12125550100'), callerId: to(MOBILE) })).body.errors[0]).toMatchObject({ errorCode: 'CMN-101' });
    for (const number of Object.keys(REFUSED_DEMO_NUMBERS)) {
      expect((await platform.post(`${EXT}/ring-out`, { from: to(MOBILE), to: to(number) })).status).toBe(200);
    }
    expect(invalidAnswers()).toEqual([]);
  });
});

describe('REALITY 23: throttling groups, CMN-304 for a duplicate, CMN-310 without rate headers', () => {
  it('puts RingOut POST/DELETE, the call log, its sync and the address book in Heavy, the status in Light, subscriptions and the directory in Medium; Ringside agrees', async () => {
    await start();
    const groups = new Map(sim!.routes().map((r) => [r.operationId, r.group]));
    const expected: Record<string, string> = {
      createRingOutCall: 'Heavy',
      deleteRingOutCall: 'Heavy',
      readUserCallLog: 'Heavy',
      syncUserCallLog: 'Heavy',
      listContacts: 'Heavy',
      syncAddressBook: 'Heavy',
      readRingOutCallStatus: 'Light',
      createSubscription: 'Medium',
      listDirectoryEntries: 'Medium',
    };
    for (const [operationId, group] of Object.entries(expected)) {
      expect(groups.get(operationId), operationId).toBe(group);
      expect((spec.operation(operationId)!.op as Json)['x-throttling-group'], operationId).toBe(group);
    }
    for (const [operationId, { group }] of Object.entries(OPERATIONS)) {
      if (groups.has(operationId)) expect(group, operationId).toBe(groups.get(operationId));
    }
  });

  it('on: the second of two identical requests in flight at once gets 429 CMN-304, and only one call is placed', async () => {
    const { platform } = await start();
    sim!.setFaults({ slowResponseMs: 2000 }); // the first answer takes a while, as a RingOut POST can
    const body = { from: { phoneNumber: MOBILE }, to: { phoneNumber: '+12125550100' } };
    const [first, second] = await Promise.allSettled([platform.post(`${EXT}/ring-out`, body), platform.post(`${EXT}/ring-out`, body)]);
    const answers = [first, second].map((r) => (r.status === 'fulfilled' ? r.value.status : (r.reason as { response: Response }).response.status)).sort();
    expect(answers).toEqual([200, 429]);
    const refused = exchanges.find((e) => e.response.status === 429)!;
    expect(refused.operationId).toBe('createRingOutCall');
    expect(refused.response.body).toMatchObject({ errors: [{ errorCode: 'CMN-304', message: 'Duplicate concurrent request. Try again later' }] });
    expect(Number(refused.response.headers?.['Retry-After'])).toBeGreaterThan(0);
    expect(sim!.calls.size).toBe(1);
    // Different requests at once are both answered.
    const other = { ...body, to: { phoneNumber: '+12125550101' } };
    const both = await Promise.all([platform.get(EXT), platform.post(`${EXT}/ring-out`, other)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(invalidAnswers()).toEqual([]);
  });

  it('off (duplicateRequestRefused: false): both identical requests are answered (two calls)', async () => {
    const { platform } = await start(only({ duplicateRequestRefused: false }));
    sim!.setFaults({ slowResponseMs: 2000 });
    const body = { from: { phoneNumber: MOBILE }, to: { phoneNumber: '+12125550100' } };
    const answers = await Promise.all([platform.post(`${EXT}/ring-out`, body), platform.post(`${EXT}/ring-out`, body)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(sim!.calls.size).toBe(2);
  });

  it('the globalRateLimited fault: 429 CMN-310 "Global request rate exceeded" without X-Rate-Limit-* headers, then normal answers', async () => {
    const { platform } = await start();
    sim!.setFaults({ globalRateLimited: { remaining: 1, retryAfterSeconds: 5 } });
    const limited = await platform.get(EXT).catch((error: { response: Response }) => error.response);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ errorCode: 'CMN-310', errors: [{ errorCode: 'CMN-310', message: 'Global request rate exceeded' }] });
    expect([...limited.headers.keys()].filter((h) => h.startsWith('x-rate-limit'))).toEqual([]);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const next = await platform.get(EXT);
    expect(next.headers.get('x-rate-limit-group')).toBe('light');
    expect(invalidAnswers()).toEqual([]);
  });
});

describe('REALITY 29: address-book sync pages by nextPageId; the directory answers 304 to If-None-Match', () => {
  const contacts = (count: number, first = 1): SimContact[] =>
    Array.from({ length: count }, (_, i) => ({
      id: 700000000 + first + i,
      firstName: `Person${first + i}`,
      lastName: 'Example',
      mobilePhone: `+1415555${String(first + i).padStart(4, '0')}`,
    }));

  async function syncAll(platform: SDK['platform'] extends () => infer P ? P : never, query: Record<string, string>) {
    const pages: Json[] = [];
    let pageId: number | undefined;
    do {
      const page = await jsonOf(platform.get(`${EXT}/address-book-sync`, { ...query, ...(pageId ? { pageId } : {}) }));
      pages.push(page);
      pageId = page.nextPageId;
    } while (pageId !== undefined && pages.length < 20);
    return pages;
  }

  it('on: at most 250 a page, chained by nextPageId / nextPageUri (no navigation); an incremental sync lists only changes and deletions', async () => {
    const { platform } = await start();
    const user = sim!.account.extensions[0]!.id;
    sim!.addressBooks.set(user, contacts(600));
    const pages = await syncAll(platform, { syncType: 'FSync', perPage: '1000' });
    expect(pages.map((p) => p.records.length)).toEqual([250, 250, 100]);
    expect(pages.every((p) => p.navigation === undefined && p.paging === undefined)).toBe(true);
    expect(pages[0].nextPageId).toBe(2);
    expect(new URL(pages[0].nextPageUri).searchParams.get('pageId')).toBe('2');
    expect(pages.at(-1).nextPageUri).toBeUndefined();
    expect(new Set(pages.flatMap((p) => p.records.map((r: Json) => r.id))).size).toBe(600);
    const token = pages.at(-1).syncInfo.syncToken;

    const unchanged = await jsonOf(platform.get(`${EXT}/address-book-sync`, { syncType: 'ISync', syncToken: token }));
    expect(unchanged.records).toEqual([]);
    const changed = contacts(600);
    changed[0] = { ...changed[0]!, lastName: 'Renamed' };
    sim!.addressBooks.set(user, [...changed.slice(0, 599), ...contacts(1, 1000)]);
    const delta = await jsonOf(platform.get(`${EXT}/address-book-sync`, { syncType: 'ISync', syncToken: unchanged.syncInfo.syncToken }));
    expect(delta.records.map((r: Json) => [r.id, r.availability])).toEqual([
      [700000001, 'Alive'],
      [700001000, 'Alive'],
      [700000600, 'Deleted'],
    ]);
    expect(invalidAnswers()).toEqual([]);
  });

  it('on: the directory pages up to 2000 and answers 304 to a matching If-None-Match, 200 with the page otherwise', async () => {
    const { platform } = await start();
    const first = await platform.get('/restapi/v1.0/account/~/directory/entries', { perPage: 5000 });
    expect((await jsonOf(first)).paging.perPage).toBe(2000);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await apiFailure(platform.get('/restapi/v1.0/account/~/directory/entries', { perPage: 5000 }, { headers: { 'If-None-Match': etag } }));
    expect(again).toEqual({ status: 304, body: null });
    const otherPage = await platform.get('/restapi/v1.0/account/~/directory/entries', { perPage: 2 }, { headers: { 'If-None-Match': etag } });
    expect(otherPage.status).toBe(200);
    expect(otherPage.headers.get('etag')).not.toBe(etag);
    expect(invalidAnswers()).toEqual([]);
  });

  it('off (addressBookPaging: false): one page with every contact; the directory ignores If-None-Match', async () => {
    const { platform } = await start(only({ addressBookPaging: false }));
    sim!.addressBooks.set(sim!.account.extensions[0]!.id, contacts(600));
    const pages = await syncAll(platform, { syncType: 'FSync' });
    expect(pages.map((p) => p.records.length)).toEqual([600]);
    const first = await platform.get('/restapi/v1.0/account/~/directory/entries');
    expect(first.headers.get('etag')).toBeNull();
    const again = await platform.get('/restapi/v1.0/account/~/directory/entries', undefined, { headers: { 'If-None-Match': '"anything"' } });
    expect(again.status).toBe(200);
    expect(REALISTIC.addressBookPaging).toBe(true);
    expect(invalidAnswers()).toEqual([]);
  });
});
