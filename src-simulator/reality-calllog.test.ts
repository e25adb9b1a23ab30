/**
 * REALITY.md habits 10-16 (rate limits and the call log) and Answered Not Accepted, each switch
 * tested both ways with RingCentral's own `@ringcentral/sdk` as the client. Habits 1-9 are in
 * reality.test.ts (split there by size, same rig).
 */
import type { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/fake-clock';
import { jsonOf, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { DEMO_APP } from './account/demo-account';
import { SimClock } from './clock';
import { callLogQuery } from './call-log/call-log-store';
import { GROUP_LIMITS, RateLimiter } from './http/rate-limits';
import type { Realism } from './realism';
import type { Simulator, SimulatorOptions } from './simulator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const EXT = '/restapi/v1.0/account/~/extension/~';
const MOBILE = '+16505550198';
const DESK = '+16505550197'; // a RingCentral phone of the account (PhoneLine)
const app = { ...DEMO_APP, jwts: { ...DEMO_APP.jwts, 'sam-jwt': 400162076010 } };

async function start(options: SimulatorOptions = {}) {
  const started = await signedInSimulator({ app, ...options });
  sim = started.sim;
  // Habits, not rate limits, are under test here (REALITY 10-11 lift these limits themselves).
  if (!options.realism || !('lowercaseRateLimitGroup' in options.realism))
    sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  return started;
}

const only = (patch: Partial<Realism>): { realism: Partial<Realism> } => ({ realism: patch });

async function place(sdk: SDK, to: string, extra: Record<string, unknown> = {}): Promise<Json> {
  return jsonOf(sdk.platform().post(`${EXT}/ring-out`, { from: { phoneNumber: MOBILE }, to: { phoneNumber: to }, ...extra }));
}

describe('REALITY 10: rate-limit group names in lowercase', () => {
  it.each([
    [true, 'heavy'],
    [false, 'Heavy'],
  ])('lowercaseRateLimitGroup %s writes %s', async (lowercase, group) => {
    const { platform } = await start(only({ lowercaseRateLimitGroup: lowercase }));
    const answer = await platform.get(`${EXT}/call-log`);
    expect(answer.headers.get('x-rate-limit-group')).toBe(group);
  });
});

describe('REALITY 11: sliding 60 s windows; the penalty restarts with every request during it', () => {
  it('never lets more requests through in any 60 s (simulated) than the group allows, whatever the pattern', () => {
    for (const timeScale of [1, 20]) {
      // 60 simulated seconds in real ms at this time scale.
      const window = 60_000 / timeScale;
      for (const penaltyRestarts of [true, false]) {
        for (let seed = 1; seed <= 20; seed++) {
          let now = 0;
          let state = seed;
          const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
          const limiter = new RateLimiter(new SimClock(timeScale, () => now), { lowercaseGroup: true, penaltyRestarts });
          const allowed: number[] = [];
          for (let i = 0; i < 600; i++) {
            // Bursts, steady trickles and pauses longer than the penalty.
            now += (random() < 0.8 ? random() * 3000 : random() * 90_000) / timeScale;
            if (limiter.check('user', 'Heavy').allowed) allowed.push(now);
          }
          for (let i = 0; i < allowed.length; i++) {
            const inWindow = allowed.filter((t) => t > allowed[i]! - window && t <= allowed[i]!).length;
            expect(inWindow, `x${timeScale} seed ${seed} at ${allowed[i]}`).toBeLessThanOrEqual(GROUP_LIMITS.Heavy);
          }
          expect(allowed.length).toBeGreaterThan(GROUP_LIMITS.Heavy * 3);
        }
      }
    }
  });

  it.each([
    [true, 429],
    [false, 200],
  ])('penaltyRestartsOnRequest %s: a request 1.4 s into a 2 s penalty makes the one at 2.4 s answer %i', async (restarts, expected) => {
    const clock = new FakeClock(Date.now());
    const { platform } = await start({ timeScale: 30, clock, ...only({ penaltyRestartsOnRequest: restarts, lowercaseRateLimitGroup: true }) });
    const token = (await platform.auth().data()).access_token!;
    const get = () => fetch(`${sim!.url}${EXT}/call-log`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 10; i++) expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    await clock.advance(1400);
    expect((await get()).status).toBe(429);
    await clock.advance(1000);
    expect((await get()).status).toBe(expected);
  });
});

describe('REALITY 12: a RingOut to your own RingCentral phone is logged as two records', () => {
  async function recordsOf(options: SimulatorOptions, from: string) {
    const { sdk } = await start({ callLogDelaySeconds: 2, ...options });
    const created = await jsonOf(sdk.platform().post(`${EXT}/ring-out`, { from: { phoneNumber: from }, to: { phoneNumber: '+12125550105' } }));
    const call = sim!.calls.get(created.id)!;
    await waitFor(() => call.endedAt !== null, { what: 'the call to end' });
    await waitFor(
      () =>
        sim!.callLog.get(String(sim!.callLog.query(callLogQuery({ dateTo: Date.now() + 1, sessionId: call.sessionId, perPage: 1 })).records[0]?.['id']), null),
      { what: 'the record' },
    );
    const answer = await jsonOf(sdk.platform().get(`${EXT}/call-log`, { view: 'Detailed', dateFrom: new Date(call.startedAt - 1000).toISOString() }));
    return { call, records: answer.records as Json[] };
  }

  it('on: an inbound Phone Call half (sessionId 1000-4000 above) and the RingOut record with from/to swapped', async () => {
    const { call, records } = await recordsOf({}, DESK);
    expect(records).toHaveLength(2);
    const ringOut = records.find((r) => r.sessionId === call.sessionId);
    const half = records.find((r) => r.sessionId !== call.sessionId);
    expect(ringOut.from.phoneNumber).toBe('+12125550105');
    expect(ringOut.to.phoneNumber).toBe(DESK);
    expect(half).toMatchObject({ direction: 'Inbound', action: 'Phone Call', from: { phoneNumber: '+12125550105' }, to: { phoneNumber: DESK } });
    const gap = Number(half.sessionId) - Number(call.sessionId);
    expect(gap).toBeGreaterThanOrEqual(1000);
    expect(gap).toBeLessThanOrEqual(4000);
  });

  it('on: ringing a phone outside the account gives one record', async () => {
    const { records } = await recordsOf({}, MOBILE);
    expect(records).toHaveLength(1);
  });

  it('off: one record, from your phone', async () => {
    const { records } = await recordsOf(only({ twoRecordRingOut: false }), DESK);
    expect(records).toHaveLength(1);
    expect(records[0].from.phoneNumber).toBe(DESK);
  });
});

describe('REALITY 13: records carry the telephony session id', () => {
  it('the RingOut record has telephonySessionId and the call log filters by it', async () => {
    const { sdk } = await start({ callLogDelaySeconds: 1 });
    const created = await place(sdk, '+12125550105');
    const call = sim!.calls.get(created.id)!;
    const record = await waitFor(
      async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { telephonySessionId: call.telephonySessionId }))).records[0],
      { what: 'the record' },
    );
    expect(record.telephonySessionId).toBe(call.telephonySessionId);
    expect(record.sessionId).toBe(call.sessionId);
  });
});

describe('REALITY 14: records appear late and change later; ISync may answer FSync', () => {
  async function recordVersions(options: SimulatorOptions) {
    const clock = new FakeClock(Date.now());
    const { sdk } = await start({ callLogDelaySeconds: 2, lateChangeSeconds: 10, clock, ...options });
    const created = await place(sdk, '+12125550101');
    const call = sim!.calls.get(created.id)!;
    // Small steps: the record must not be shown yet when the call has just ended.
    await clock.advanceUntil(() => call.endedAt !== null, { stepMs: sim!.clock.realMs(100), what: 'end of the call' });
    const read = async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { view: 'Detailed', sessionId: call.sessionId }))).records[0];
    expect(await read()).toBeUndefined();
    const first = await clock.advanceUntil(read, { stepMs: sim!.clock.realMs(500), what: 'the record' });
    await clock.advance(sim!.clock.realMs(11_000));
    return { first, later: await read() };
  }

  it('on: the record first lacks the subscriber leg, then lastModifiedTime moves and the leg is filled in', async () => {
    const { first, later } = await recordVersions({});
    expect(first.legs).toHaveLength(1);
    expect(later.legs).toHaveLength(2);
    expect(Date.parse(later.lastModifiedTime)).toBeGreaterThan(Date.parse(first.lastModifiedTime));
  });

  it('off: the record is complete when it appears', async () => {
    const { first, later } = await recordVersions(only({ lateRecordChanges: false }));
    expect(first.legs).toHaveLength(2);
    expect(later).toEqual(first);
  });

  it.each([
    [3, ['ISync', 'ISync', 'FSync', 'ISync']],
    [0, ['ISync', 'ISync', 'ISync', 'ISync']],
  ])('forcedFSyncEvery %i answers incremental syncs as %j; ISync returns at most 250 records', async (every, types) => {
    // isyncRefusesPastLimit off: 300 changes since the token would be refused (REALITY 26); this is about the 250 cap and FSync.
    const clock = new FakeClock(Date.now());
    const { platform } = await start({ seedHistory: 400, clock, ...only({ forcedFSyncEvery: every, isyncRefusesPastLimit: false }) });
    const path = `${EXT}/call-log-sync`;
    const full = await jsonOf(platform.get(path, { syncType: 'FSync', recordCount: 10 }));
    await clock.advance(5); // the changes come after the token was issued, not in its millisecond
    for (const stored of sim!.callLog.newest(400162076009, 0, 300)) sim!.callLog.touch(stored.id, (r) => (r['result'] = 'Call connected'));
    const answered: string[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await jsonOf(platform.get(path, { syncType: 'ISync', syncToken: full.syncInfo.syncToken }));
      answered.push(answer.syncInfo.syncType);
      expect(answer.records.length).toBeLessThanOrEqual(250);
      if (answer.syncInfo.syncType === 'ISync') expect(answer.records.length).toBe(250);
    }
    expect(answered).toEqual(types);
  });
});

describe('REALITY 15: records are messier than examples', () => {
  const messy = (records: Json[]) => ({
    nameOnly: records.filter((r) => r.from && !('phoneNumber' in r.from)).length,
    noPlus: records.filter((r) => /"phoneNumber":"\d/.test(JSON.stringify(r))).length,
    bareLegs: records.filter((r) => r.legs?.some((l: Json) => !('billing' in l) && !('master' in l))).length,
    twoHalves: records.filter((r) => r.action === 'Phone Call' && r.result === 'Accepted').length,
    notAccepted: records.filter((r) => r.result === 'Answered Not Accepted').length,
  });

  async function seeded(options: SimulatorOptions) {
    const { platform } = await start({ seedHistory: 1500, seedSpanDays: 20, ...options });
    // Every page: a Detailed page holds at most 250 records (REALITY 24).
    const records: Json[] = [];
    let page = 1;
    for (let more = true; more; page++) {
      const query = { view: 'Detailed', perPage: 'max', page, dateFrom: new Date(Date.now() - 20 * 86_400_000).toISOString() };
      const answer = await jsonOf(platform.get(`${EXT}/call-log`, query));
      records.push(...(answer.records as Json[]));
      more = Boolean(answer.navigation.nextPage);
    }
    return records;
  }

  it('on: the seeded history has name-only parties, numbers without +, bare legs, two-record RingOuts and Answered Not Accepted', async () => {
    const counts = messy(await seeded({}));
    for (const [kind, count] of Object.entries(counts)) expect(count, kind).toBeGreaterThan(0);
  });

  it('off: tidy records only', async () => {
    const counts = messy(await seeded(only({ messyRecords: false })));
    expect(counts).toEqual({ nameOnly: 0, noPlus: 0, bareLegs: 0, twoHalves: 0, notAccepted: 0 });
  });
});

describe('REALITY 16: paging without totals', () => {
  it.each([
    [true, false],
    [false, true],
  ])('sparsePaging %s: totals present %s, navigation.nextPage always there when more follow', async (sparse, totals) => {
    const { platform } = await start({ seedHistory: 300, ...only({ sparsePaging: sparse }) });
    const answer = await jsonOf(platform.get(`${EXT}/call-log`, { perPage: 10, dateFrom: new Date(Date.now() - 7 * 86_400_000).toISOString() }));
    expect('totalPages' in answer.paging).toBe(totals);
    expect('totalElements' in answer.paging).toBe(totals);
    expect(answer.navigation.nextPage.uri).toMatch(/page=2/);
  });
});

describe('Answered Not Accepted: your voicemail answers and nobody presses 1', () => {
  async function resultOf(options: SimulatorOptions, playPrompt: boolean) {
    const { sdk } = await start({ callLogDelaySeconds: 1, ...options });
    const created = await place(sdk, '+12125550111', { playPrompt });
    const call = sim!.calls.get(created.id)!;
    const record = await waitFor(async () => (await jsonOf(sdk.platform().get(`${EXT}/call-log`, { sessionId: call.sessionId }))).records[0], {
      what: 'the record',
    });
    return record.result;
  }

  it('on, with the prompt: Answered Not Accepted', async () => {
    expect(await resultOf({}, true)).toBe('Answered Not Accepted');
  });

  it('on, without the prompt, or off: Voicemail', async () => {
    expect(await resultOf({}, false)).toBe('Voicemail');
    await sim!.close();
    expect(await resultOf(only({ answeredNotAccepted: false }), true)).toBe('Voicemail');
  });
});
