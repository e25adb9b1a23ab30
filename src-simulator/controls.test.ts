/** Rate limits, local-server hygiene and the test controls (faults, reset, request log), seen from a client. */
import { request } from 'node:http';
import { Subscriptions } from '@ringcentral/subscriptions';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/fake-clock';
import { readExample } from '../test-support/spec-files';
import { jsonOf, sdkFor, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { DEMO_APP } from './account/demo-account';
import { LATE_DISCONNECTED_MS, Simulator } from './simulator';
import { control, MAX_SEED_PER_REQUEST } from './testing';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const EXT = '/restapi/v1.0/account/~/extension/~';

async function start(options: Parameters<typeof signedInSimulator>[0] = {}) {
  const started = await signedInSimulator(options);
  sim = started.sim;
  const token = (await started.platform.auth().data()).access_token!;
  const api = (path: string, init: RequestInit = {}, bearer = token) =>
    fetch(`${started.sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...init.headers } });
  return { ...started, token, api };
}

describe('rate limits', () => {
  it('reports the group, limit, remaining and window on every answer', async () => {
    const { api, sim } = await start({ timeScale: 20 });
    const first = await api(EXT);
    const second = await api(EXT);
    expect(first.headers.get('x-rate-limit-group')).toBe('light');
    expect(first.headers.get('x-rate-limit-limit')).toBe('50');
    expect(Number(first.headers.get('x-rate-limit-remaining')) - Number(second.headers.get('x-rate-limit-remaining'))).toBe(1);
    expect(first.headers.get('x-rate-limit-window')).toBe('3');
    expect((await api(`${EXT}/call-log`)).headers.get('x-rate-limit-limit')).toBe('10');
    expect(sim.rateLimiter.windowHeader()).toBe(3);
  });

  it('answers 429 with Retry-After past the limit, keeps the penalty, then lets requests through', async () => {
    const clock = new FakeClock(Date.now());
    const { api } = await start({ timeScale: 60, clock });
    for (let i = 0; i < 10; i++) expect((await api(`${EXT}/call-log`)).status).toBe(200);
    const limited = await api(`${EXT}/call-log`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(await limited.json()).toEqual(readExample('rate-limited-429.json'));
    expect((await api(`${EXT}/call-log`)).status).toBe(429);
    expect((await api(EXT)).status).toBe(200); // other groups are not blocked
    await clock.advance(999); // the 60 s penalty is 1 s at 60x: still in it
    expect((await api(`${EXT}/call-log`)).status).toBe(429);
    await clock.advance(1000); // that request started it again (REALITY 11); now it is over
    expect((await api(`${EXT}/call-log`)).status).toBe(200);
  });

  it('rounds Retry-After up where the scaled penalty is not whole seconds: waiting it out is never too early', async () => {
    const clock = new FakeClock(Date.now());
    const { api } = await start({ timeScale: 50, clock });
    for (let i = 0; i < 10; i++) expect((await api(`${EXT}/call-log`)).status).toBe(200);
    const limited = await api(`${EXT}/call-log`);
    expect(limited.status).toBe(429);
    // 60 s at 50x is 1.2 s: a client told 1 s would come back inside the penalty and start it again (REALITY 11).
    expect(limited.headers.get('retry-after')).toBe('2');
    await clock.advance(2000);
    expect((await api(`${EXT}/call-log`)).status).toBe(200);
  });

  it('counts each user and app on their own', async () => {
    const { api } = await start({ timeScale: 20, app: { ...DEMO_APP, jwts: { ...DEMO_APP.jwts, 'sam-jwt': 400162076010 } } });
    for (let i = 0; i < 11; i++) await api(`${EXT}/call-log`);
    const sam = sdkFor(sim!);
    await sam.platform().login({ jwt: 'sam-jwt' });
    expect((await sam.platform().get(`${EXT}/call-log`)).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers 503 with Retry-After for the next N requests', async () => {
    const { api, sim } = await start();
    sim.setFaults({ serviceUnavailable: { remaining: 2, retryAfterSeconds: 100 } });
    for (let i = 0; i < 2; i++) {
      const answer = await api(EXT);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(await answer.json()).toMatchObject({ errorCode: 'CMN-201' });
    }
    expect((await api(EXT)).status).toBe(200);
  });

  it('drops connections while the network is down, and the next N requests', async () => {
    const { api, sim } = await start();
    sim.setFaults({ networkDown: true });
    await expect(api(EXT)).rejects.toThrow();
    sim.setFaults({ networkDown: false, dropNextRequests: 1 });
    await expect(api(EXT)).rejects.toThrow();
    expect((await api(EXT)).status).toBe(200);
  });

  it('slows answers down by a simulated delay', async () => {
    const { api, sim } = await start({ timeScale: 10 });
    sim.setFaults({ slowResponseMs: 3000 });
    const started = performance.now();
    expect((await api(EXT)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('expires or revokes tokens on demand', async () => {
    const { api, sim, token } = await start();
    sim.expireAccessTokens();
    const expired = await api(EXT);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ errorCode: 'TokenExpired' });
    sim.revokeAllTokens();
    const revoked = await api(EXT, {}, token);
    expect(revoked.status).toBe(401);
    expect((await api(EXT, {}, 'made-up')).status).toBe(401);
    expect((await fetch(`${sim.url}${EXT}`)).status).toBe(401);
  });

  it('withholds or delays call-log records', async () => {
    const clock = new FakeClock(Date.now());
    const { platform, sim } = await start({ callLogDelaySeconds: 1, clock });
    sim.setFaults({ callLog: { withhold: true } });
    const created = await jsonOf(platform.post(`${EXT}/ring-out`, { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: '+12125550105' } }));
    const call = sim.calls.get(created.id)!;
    await clock.advanceUntil(() => call.endedAt !== null, { what: 'end of the call' });
    // A minute (simulated) later, far past the 1 s delay, the withheld record is still not shown.
    await clock.advance(sim.clock.realMs(60_000));
    expect((await jsonOf(platform.get(`${EXT}/call-log`, { sessionId: call.sessionId }))).records).toEqual([]);
    expect(sim.callLog.size).toBe(1);
    sim.setFaults({ callLog: { withhold: false, extraDelaySeconds: 30 } });
    const delayed = sim.calls.get(
      (await jsonOf(platform.post(`${EXT}/ring-out`, { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: '+12125550105' } }))).id,
    )!;
    await clock.advanceUntil(() => delayed.endedAt !== null, { stepMs: sim.clock.realMs(100), what: 'end of the second call' });
    await clock.advance(sim.clock.realMs(30_000)); // 1 s + 30 s extra: not yet (at most 0.1 s of it passed before)
    expect((await jsonOf(platform.get(`${EXT}/call-log`, { sessionId: delayed.sessionId }))).records).toEqual([]);
    await clock.advance(sim.clock.realMs(1_000));
    expect((await jsonOf(platform.get(`${EXT}/call-log`, { sessionId: delayed.sessionId }))).records).toHaveLength(1);
  });

  it('resets to a clean state', async () => {
    const { api, sim } = await start({ seedHistory: 50 });
    sim.setFaults({ networkDown: true });
    sim.reset();
    expect(sim.callLog.size).toBe(0);
    expect(sim.requestLog).toEqual([]);
    expect(sim.faults.networkDown).toBe(false);
    expect((await api(EXT)).status).toBe(401); // tokens are gone too
  });

  it('logs each request with its operation and status', async () => {
    const { api, sim } = await start();
    await api(`${EXT}/ring-out/unknown`);
    expect(sim.requestLog.at(-1)).toMatchObject({ method: 'GET', operationId: 'readRingOutCallStatus', group: 'Light', status: 404, via: 'http' });
  });

  it("offers the same controls over HTTP for a test simulator, with the run's token only", async () => {
    const { sim } = await start({ realism: { messyRecords: false } });
    const post = (path: string, body?: unknown) => control(sim, 'POST', path, body);
    expect((await post('faults', { push: { paused: true } })).status).toBe(200);
    expect(sim.faults.push.paused).toBe(true);
    expect(await jsonOf(post('seed', { count: 20 }))).toEqual({ records: 20 });
    expect((await post('seed', { count: -1 })).status).toBe(400);
    const tooMany = await post('seed', { count: MAX_SEED_PER_REQUEST + 1 });
    expect(tooMany.status).toBe(400);
    expect((await jsonOf(tooMany)).message).toMatch(/200,000 per request/);
    const log = await jsonOf(control(sim, 'GET', 'requests'));
    expect(log.requests.length).toBeGreaterThan(0);
    expect((await control(sim, 'POST', 'reset', undefined, 'wrong-token')).status).toBe(401);
    expect((await control(sim, 'POST', 'reset', undefined, '')).status).toBe(401);
    expect(sim.callLog.size).toBe(20);
    expect((await post('reset')).status).toBe(204);
    expect(sim.callLog.size).toBe(0);
  });

  it('has no control routes unless started for tests', async () => {
    sim = await Simulator.start();
    expect(sim.controlToken).toBeNull();
    const answer = await fetch(`${sim.url}/_simulator/reset`, { method: 'POST', headers: { 'x-simulator-token': 'anything' } });
    expect(answer.status).toBe(404);
  });
});

describe('push faults', () => {
  async function subscribed(options: Parameters<typeof signedInSimulator>[0] = {}) {
    const started = await start(options);
    const subscription = new Subscriptions({ sdk: started.sdk }).createSubscription();
    const events: Array<{ body: { sequence: number; telephonySessionId: string; parties: Array<{ ringOutRole: string; status: { code: string } }> } }> = [];
    subscription.on(subscription.events.notification, (event: (typeof events)[number]) => events.push(event));
    subscription.setEventFilters([`${EXT}/telephony/sessions`]);
    const ws = await subscription.register();
    const place = (to = '+12125550100') => started.platform.post(`${EXT}/ring-out`, { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: to } });
    const stop = async () => {
      await ws.revoke();
      await (ws as unknown as { wse: { revoke(): Promise<void> } }).wse.revoke();
    };
    return { ...started, events, place, stop };
  }

  const roles = (events: Array<{ body: { parties: Array<{ ringOutRole: string; status: { code: string } }> } }>) =>
    events.map((e) => `${e.body.parties[0]!.ringOutRole}:${e.body.parties[0]!.status.code}`);

  it('delivers events twice when asked', async () => {
    const { sim, events, place, stop } = await subscribed();
    sim.setFaults({ push: { duplicateEvery: 1 } });
    await place('+12125550105');
    await waitFor(() => roles(events).includes('Initiator:Disconnected'));
    expect(events.length % 2).toBe(0);
    expect(events[0]!.body.sequence).toBe(events[1]!.body.sequence);
    await stop();
  });

  it('delivers events out of order when asked', async () => {
    const { sim, events, place, stop } = await subscribed();
    sim.setFaults({ push: { reorder: true } });
    await place();
    await waitFor(() => roles(events).includes('Initiator:Disconnected'), { timeoutMs: 8000 });
    const sequences = events.map((e) => e.body.sequence);
    expect(sequences).not.toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    await stop();
  });

  it('can withhold the other party, or every event', async () => {
    // The other party reaches an extension-level subscription only with REALITY 7 off.
    // Simulated time moves only when the test says: "nothing arrives" is then not a guess about how long to wait.
    const clock = new FakeClock(Date.now());
    const { sim, events, place, stop } = await subscribed({ clock, realism: { ownPartyOnlyOnExtensionPush: false } });
    sim.setFaults({ push: { withholdCalleeParty: true } });
    const first = sim.calls.get((await jsonOf(place())).id)!;
    await clock.advanceUntil(() => first.endedAt !== null, { what: 'end of the first call' });
    await waitFor(() => roles(events).includes('Initiator:Disconnected'), { what: "the first call's Disconnected" });
    expect(roles(events).some((r) => r.startsWith('Target'))).toBe(false);
    sim.setFaults({ push: { withholdCalleeParty: false, paused: true } });
    const before = events.length;
    const paused = sim.calls.get((await jsonOf(place('+12125550105'))).id)!;
    await clock.advanceUntil(() => paused.endedAt !== null, { what: 'end of the paused call' });
    // Past the late repeat of Disconnected (REALITY 19): nothing of this call is left to send.
    await clock.advance(sim.clock.realMs(LATE_DISCONNECTED_MS + 1000));
    // Then a call with push back on: its first event (sent at once) arrives after anything the
    // paused call sent, since both travel one WebSocket in order.
    sim.setFaults({ push: { paused: false } });
    const after = sim.calls.get((await jsonOf(place('+12125550101'))).id)!;
    await waitFor(() => events.length > before, { what: "the next call's first event" });
    expect(events.slice(before).map((e) => e.body.telephonySessionId)).toEqual([after.telephonySessionId]);
    await stop();
  });

  it('recovers a killed WebSocket and replays what was sent meanwhile', async () => {
    // disorderedPushEvents off: the replay's order is under test, not REALITY 19's reordering.
    const { sim, events, place, stop } = await subscribed({ realism: { disorderedPushEvents: false } });
    expect(sim.killWebSockets()).toBe(1);
    await place('+12125550105');
    await waitFor(() => roles(events).includes('Initiator:Disconnected'), { timeoutMs: 10_000, what: 'events after recovery' });
    expect(roles(events).slice(0, 2)).toEqual(['Initiator:Setup', 'Initiator:Proceeding']);
    await stop();
  }, 15_000);
});

describe('local server hygiene', () => {
  function rawRequest(url: string, headers: Record<string, string>, body?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('serves only its own loopback names on its own port (no DNS rebinding)', async () => {
    const { sim, token } = await start();
    const port = new URL(sim.url).port;
    const auth = { authorization: `Bearer ${token}` };
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
      expect(await rawRequest(`${sim.url}${EXT}`, { ...auth, host }), host).toBe(200);
    for (const host of [`evil.example.com:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example.com:${port}`]) {
      expect(await rawRequest(`${sim.url}${EXT}`, { ...auth, host }), host).toBe(421);
    }
  });

  it('refuses a WebSocket upgrade that names another host', async () => {
    const { sim } = await start();
    const { WebSocket } = await import('ws');
    const opened = (host?: string) =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(`${sim.wsUrl}?access_token=x`, host ? { headers: { host } } : {});
        socket.on('open', () => (socket.close(), resolve(true)));
        socket.on('unexpected-response', () => resolve(true)); // answered (e.g. 401): the host was accepted
        socket.on('error', () => resolve(false));
      });
    expect(await opened()).toBe(true);
    expect(await opened(`evil.example.com:${new URL(sim.url).port}`)).toBe(false);
  });

  it('never parses a body as JSON unless it says it is JSON', async () => {
    const { sim, token } = await start();
    const body = JSON.stringify({ from: { phoneNumber: '+16505550198' }, to: { phoneNumber: '+12125550105' } });
    const send = (type: string) =>
      fetch(`${sim.url}${EXT}/ring-out`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
    expect((await send('text/plain')).status).toBe(415);
    expect((await send('application/x-www-form-urlencoded')).status).toBe(400);
    expect(sim.calls.size).toBe(0);
    expect((await send('application/json; charset=utf-8')).status).toBe(200);
    expect(sim.calls.size).toBe(1);
  });
});
