import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, signedInSimulator, waitFor } from '../../test-support/simulator-harness';
import type { Simulator } from '../simulator';

let sim: Simulator;
let get: (
  query: Record<string, string | string[]>,
  path?: string,
) => Promise<{ status: number; body: Record<string, unknown> & { records: Array<Record<string, unknown>> } }>;
const month = new Date(Date.now() - 30 * 86_400_000).toISOString();
const week = new Date(Date.now() - 7 * 86_400_000).toISOString();

beforeAll(async () => {
  const started = await signedInSimulator({ seedHistory: 3000 });
  sim = started.sim;
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  const token = (await started.platform.auth().data()).access_token!;
  get = async (query, path = '/restapi/v1.0/account/~/extension/~/call-log') => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    const answer = await fetch(`${sim.url}${path}?${params}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: answer.status, body: await jsonOf(answer) };
  };
});
afterAll(() => sim.close());

describe('call-log query parameters', () => {
  it('defaults to the last 24 hours, Simple view, 100 per page, newest first', async () => {
    const { body } = await get({});
    const starts = body.records.map((r) => Date.parse(String(r['startTime'])));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((t) => t >= Date.now() - 86_400_000 - 1000)).toBe(true);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(body.records.every((r) => !('legs' in r))).toBe(true);
    expect(body['paging']).toMatchObject({ page: 1, perPage: 100 });
  });

  it('filters by type and repeated direction keys, and by phone number without +', async () => {
    const inbound = await get({ dateFrom: week, direction: 'Inbound', perPage: '1000' });
    expect(inbound.body.records.length).toBeGreaterThan(0);
    expect(inbound.body.records.length).toBeLessThan(1000);
    expect(inbound.body.records.every((r) => r['direction'] === 'Inbound')).toBe(true);
    const both = await get({ dateFrom: week, direction: ['Inbound', 'Outbound'], perPage: '1000' });
    expect(both.body.records.length).toBeGreaterThan(inbound.body.records.length);
    const someone = String(both.body.records.map((r) => (r['to'] as { phoneNumber?: string }).phoneNumber).find((n) => n?.startsWith('+')));
    const byNumber = await get({ dateFrom: month, phoneNumber: someone.replace('+', ''), perPage: '1000', view: 'Detailed' });
    expect(byNumber.body.records.length).toBeGreaterThan(0);
    // Real records may write the number without its + (REALITY 15): the filter matches digits.
    expect(byNumber.body.records.every((r) => JSON.stringify(r).includes(someone.slice(1)))).toBe(true);
    expect((await get({ dateFrom: month, type: 'Fax' })).body.records).toEqual([]);
    expect((await get({ dateFrom: month, recordingType: 'All' })).body.records).toEqual([]);
  });

  it('finds one call by sessionId, and a single record by id', async () => {
    const { body } = await get({ dateFrom: month, perPage: '5' });
    const target = body.records[3]!;
    const bySession = await get({ dateFrom: month, sessionId: String(target['sessionId']) });
    expect(bySession.body.records.map((r) => r['id'])).toEqual([target['id']]);
    const single = await get({ view: 'Detailed' }, `/restapi/v1.0/account/~/extension/~/call-log/${String(target['id'])}`);
    expect(single.status).toBe(200);
    expect(single.body['legs']).toBeDefined();
  });

  it('caps perPage at 1000, accepts max, and rejects nonsense with CMN-101', async () => {
    expect((await get({ dateFrom: month, perPage: '5000' })).body['paging']).toMatchObject({ perPage: 1000 });
    expect((await get({ dateFrom: month, perPage: 'max' })).body['paging']).toMatchObject({ perPage: 1000 });
    for (const query of [
      { perPage: '0' },
      { page: '0' },
      { view: 'Full' },
      { dateFrom: 'yesterday' },
      { direction: 'Sideways' },
      { phoneNumber: '1', extensionNumber: '101' },
    ] as Array<Record<string, string>>) {
      const answer = await get(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body).toMatchObject({ errorCode: 'CMN-101' });
    }
  });

  it('sees the colleague only at account level', async () => {
    const own = await get({ dateFrom: month, perPage: '1000' });
    const account = await get({ dateFrom: month, perPage: '1000' }, '/restapi/v1.0/account/~/call-log');
    const ids = (records: Array<Record<string, unknown>>) => new Set(records.map((r) => (r['extension'] as { id: number }).id));
    expect(ids(own.body.records)).toEqual(new Set([sim.account.extensions[0]!.id]));
    expect(ids(account.body.records).size).toBe(2);
    const byExtension = await get({ dateFrom: month, extensionNumber: '102', perPage: '1000' }, '/restapi/v1.0/account/~/call-log');
    expect(ids(byExtension.body.records)).toEqual(new Set([sim.account.extensions[1]!.id]));
  });

  it('syncs: FSync gives a token, ISync returns only what changed since', async () => {
    const path = '/restapi/v1.0/account/~/extension/~/call-log-sync';
    expect((await get({ syncType: 'FSync' }, path)).status).toBe(400);
    const full = await get({ syncType: 'FSync', recordCount: '50' }, path);
    expect(full.body.records).toHaveLength(50);
    const token = (full.body['syncInfo'] as { syncToken: string }).syncToken;
    const nothing = await get({ syncType: 'ISync', syncToken: token }, path);
    expect(nothing.body.records).toEqual([]);
    // The change comes after the token was issued: one in the token's own millisecond could count as before it.
    const issuedAt = Date.parse((full.body['syncInfo'] as { syncTime: string }).syncTime);
    await waitFor(() => sim.clock.now() > issuedAt, { intervalMs: 1, what: 'the clock to move past the token' });
    const changedId = String(full.body.records[7]!['id']);
    sim.callLog.touch(changedId, (record) => (record['result'] = 'Call connected'));
    const changed = await get({ syncType: 'ISync', syncToken: token }, path);
    expect(changed.body.records.map((r) => r['id'])).toEqual([changedId]);
    expect((changed.body['syncInfo'] as { syncType: string }).syncType).toBe('ISync');
    expect((await get({ syncType: 'ISync', syncToken: 'garbage' }, path)).status).toBe(400);
  });
});
