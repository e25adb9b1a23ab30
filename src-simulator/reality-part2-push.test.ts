/**
 * REALITY 19-22 (spec/ringcentral/REALITY.md, part 2: push; active calls, 28, are in
 * reality-active-calls.test.ts), one test per habit, each switch both ways, with RingCentral's own `@ringcentral/sdk` and
 * `@ringcentral/subscriptions` as clients (a raw WebSocket only where a habit is about the
 * gateway's frames themselves). Every answer and event is validated against the spec subset.
 */
import { Subscriptions } from '@ringcentral/subscriptions';
import type { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { jsonOf, sdkFor, signedInSimulator, waitFor } from '../test-support/simulator-harness';
import { SpecValidator } from '../test-support/spec-validator';
import { DEMO_APP } from './account/demo-account';
import type { Realism } from './realism';
import { DEFAULT_SCENARIOS } from './ringout/scenarios';
import type { Simulator, SimulatorOptions } from './simulator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const spec = new SpecValidator();
let sim: Simulator | undefined;
const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await sim?.close();
  sim = undefined;
});

const EXT = '/restapi/v1.0/account/~/extension/~';
const MOBILE = '+16505550198';
const DESK = '+16505550197';
const EXTENSION_FILTER = `${EXT}/telephony/sessions`;
const ACCOUNT_FILTER = '/restapi/v1.0/account/~/telephony/sessions';
const SWITCH_NUMBER = '+12125550112';

async function start(options: SimulatorOptions = {}) {
  const started = await signedInSimulator(options);
  sim = started.sim;
  // Push habits, not rate limits, are under test here.
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  const answers: Array<{ operationId: string | null; status: number; body: unknown }> = [];
  sim.observers.push(({ operationId, response }) => answers.push({ operationId, status: response.status, body: response.body }));
  return { ...started, answers };
}

const only = (patch: Partial<Realism>): { realism: Partial<Realism> } => ({ realism: patch });

/** Every answer seen so far that the spec describes, validated; the count of those checked. */
function validateAnswers(answers: Array<{ operationId: string | null; status: number; body: unknown }>): number {
  let checked = 0;
  for (const { operationId, status, body } of answers) {
    if (!operationId) continue;
    const documented = spec.response(operationId, status);
    if (!documented?.json) continue;
    expect(spec.errors(documented.pointer, body), `${operationId} ${status}`).toEqual([]);
    checked++;
  }
  return checked;
}

function validateEvents(events: Json[]): void {
  for (const event of events) {
    const schema = /\/extension\/\d+\/telephony\/sessions$/.test(event.event) ? 'ExtensionTelephonySessionsEvent' : 'AccountTelephonySessionsEvent';
    expect(spec.errors(`/components/schemas/${schema}`, event)).toEqual([]);
  }
}

interface Subscribed {
  events: Json[];
  wse: Json;
  received: Array<{ event: Json; at: number }>;
}

async function subscribe(sdk: SDK, filter: string): Promise<Subscribed> {
  const subscriptions = new Subscriptions({ sdk });
  const subscription = subscriptions.createSubscription();
  const events: Json[] = [];
  const received: Array<{ event: Json; at: number }> = [];
  subscription.on(subscription.events.notification, (event: Json) => {
    events.push(event);
    received.push({ event, at: Date.now() });
  });
  subscription.setEventFilters([filter]);
  stops.push(async () => {
    const installed = (subscriptions as unknown as { rc: { sdkExtensions: Array<{ revoke?(): Promise<void> }> } }).rc.sdkExtensions;
    for (const extension of installed) await extension.revoke?.().catch(() => undefined);
  });
  const ws = await subscription.register();
  stops.unshift(() => ws.revoke().catch(() => undefined));
  return { events, wse: (ws as unknown as { wse: Json }).wse, received };
}

async function place(sdk: SDK, to: string, from = MOBILE): Promise<Json> {
  return jsonOf(sdk.platform().post(`${EXT}/ring-out`, { from: { phoneNumber: from }, to: { phoneNumber: to } }));
}

const sessionEvents = (events: Json[], telephonySessionId: string) => events.filter((e) => e.body.telephonySessionId === telephonySessionId);

/** A WebSocket to the gateway with a fresh wstoken, speaking the `[meta, body]` frames directly. */
async function rawSocket(sdk: SDK, token?: string, wsc?: string) {
  const wsToken = token ?? (await jsonOf(sdk.platform().post('/restapi/oauth/wstoken'))).ws_access_token;
  const url = `${sim!.wsUrl}?access_token=${wsToken}${wsc ? `&wsc=${wsc}` : ''}`;
  const ws = new WebSocket(url);
  const frames: Json[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  ws.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  ws.on('error', () => undefined);
  stops.push(() => ws.terminate());
  await waitFor(() => frames.some((f) => f[0].type === 'ConnectionDetails'), { what: 'ConnectionDetails' });
  let next = 0;
  const request = async (method: string, path: string, body?: unknown) => {
    const messageId = `m-${++next}-${Math.random()}`;
    ws.send(JSON.stringify([{ type: 'ClientRequest', messageId, method, path }, body]));
    return waitFor(() => frames.find((f) => f[0].messageId === messageId), { what: `the answer to ${method} ${path}` });
  };
  return { ws, frames, wsToken, request, closed: () => closed };
}

const subscriptionBody = (filter = EXTENSION_FILTER) => ({ eventFilters: [filter], deliveryMode: { transportType: 'WebSocket' } });

describe('REALITY 19: telephony events are one-party deltas, out of order, with gaps', () => {
  it('on: one party per event, first sequence above 1, numbers skipped, a later one first, a lone Disconnected after the end; concrete ids in `event`', async () => {
    const { sdk, answers } = await start();
    const { events, received } = await subscribe(sdk, EXTENSION_FILTER);
    const placed = await place(sdk, '+12125550100');
    const call = sim!.callByRingOutId(placed.id)!;
    const disconnected = () =>
      received.filter((r) => r.event.body.telephonySessionId === call.telephonySessionId && r.event.body.parties[0].status.code === 'Disconnected');
    // Your party's Disconnected, then a while after the end its lone repeat.
    const [end, late] = await waitFor(() => (disconnected().length === 2 ? disconnected() : null), {
      timeoutMs: 10_000,
      what: 'the lone Disconnected after the end',
    });
    expect(late!.at).toBeGreaterThan(end!.at);
    expect(late!.at).toBeGreaterThanOrEqual(call.endedAt!);
    const mine = sessionEvents(events, call.telephonySessionId);
    validateEvents(mine);
    expect(validateAnswers(answers)).toBeGreaterThan(0);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.body.parties.length === 1)).toBe(true);
    for (const e of mine) {
      expect(e.event).toBe(`/restapi/v1.0/account/${sim!.account.id}/extension/${call.init.extensionId}/telephony/sessions`);
      expect(e.event).not.toContain('~');
    }
    const sequences = mine.map((e) => e.body.sequence as number);
    expect(Math.min(...sequences)).toBeGreaterThan(1);
    const sorted = [...new Set(sequences)].sort((a, b) => a - b);
    expect(sorted.some((s, i) => i > 0 && s - sorted[i - 1]! > 1)).toBe(true);
    // A later sequence arrived before an earlier one (a Proceeding overtaken by the next event).
    expect(sequences.some((s, i) => i > 0 && s < sequences[i - 1]!)).toBe(true);
    expect(late!.event.body.sequence).toBe(Math.max(...sequences));
    expect(late!.event.body.parties[0].id).toBe(end!.event.body.parties[0].id);
  });

  it('off: sequences from 1 without gaps on the account-level filter, in order, nothing after the end', async () => {
    const { sdk } = await start(only({ disorderedPushEvents: false }));
    const { events } = await subscribe(sdk, ACCOUNT_FILTER);
    const first = sim!.callByRingOutId((await place(sdk, '+12125550100')).id)!;
    await waitFor(() => first.endedAt !== null, { timeoutMs: 10_000, what: 'the first call to end' });
    // A second, longer call: by its end, a lone Disconnected for the first would have come.
    const second = sim!.callByRingOutId((await place(sdk, '+12125550100')).id)!;
    await waitFor(() => second.endedAt !== null && sessionEvents(events, second.telephonySessionId).length >= 8, {
      timeoutMs: 10_000,
      what: 'the second call',
    });
    const mine = sessionEvents(events, first.telephonySessionId);
    validateEvents(mine);
    expect(mine.map((e) => e.body.sequence)).toEqual(mine.map((_, i) => i + 1));
    expect(mine.filter((e) => e.body.parties[0].status.code === 'Disconnected')).toHaveLength(2);
  });
});

describe('REALITY 20: CallSwitch and Pickup are not the end; a blind transfer ends only your leg', () => {
  it('on: your party ends with CallSwitch, the same session goes on under a new party of yours that answers on your mobile', async () => {
    const { sdk, answers } = await start();
    const { events } = await subscribe(sdk, EXTENSION_FILTER);
    const placed = await place(sdk, SWITCH_NUMBER, DESK);
    const call = sim!.callByRingOutId(placed.id)!;
    const moved = await waitFor(() => sessionEvents(events, call.telephonySessionId).find((e) => e.body.parties[0].status.reason === 'CallSwitch'), {
      timeoutMs: 10_000,
      what: 'the switch',
    });
    const leftParty = moved.body.parties[0].id;
    const answeredElsewhere = await waitFor(
      () => sessionEvents(events, call.telephonySessionId).find((e) => e.body.parties[0].id !== leftParty && e.body.parties[0].status.code === 'Answered'),
      { what: 'the new party to answer' },
    );
    expect(call.endedAt).toBeNull();
    const party = answeredElsewhere.body.parties[0];
    expect(party).toMatchObject({ extensionId: String(call.init.extensionId), to: { phoneNumber: MOBILE } });
    expect(party.ringOutRole).toBeUndefined();
    // The session itself shows the new party; the RingOut status still says the call is up.
    const session = await jsonOf(sdk.platform().get(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}`));
    expect(session.parties.map((p: Json) => p.id)).toContain(party.id);
    expect((await jsonOf(sdk.platform().get(`${EXT}/ring-out/${placed.id}`))).status.callStatus).toBe('Success');
    await waitFor(() => call.endedAt !== null, { timeoutMs: 10_000, what: 'the call to end' });
    // The end reaches the subscriber over the WebSocket after the simulator records it: wait for the frame.
    await waitFor(
      () => sessionEvents(events, call.telephonySessionId).some((e) => e.body.parties[0].id === party.id && e.body.parties[0].status.code === 'Disconnected'),
      { timeoutMs: 10_000, what: "the new party's Disconnected event" },
    );
    const mine = sessionEvents(events, call.telephonySessionId);
    validateEvents(mine);
    expect(validateAnswers(answers)).toBeGreaterThan(2);
  });

  it('on: a blind transfer ends your party (BlindTransfer) while the other party talks on; a Pickup moves it like a switch', async () => {
    const scenarios = {
      default: DEFAULT_SCENARIOS.default,
      numbers: {
        ...DEFAULT_SCENARIOS.numbers,
        '+12125550190': { ...DEFAULT_SCENARIOS.numbers[SWITCH_NUMBER]!, label: 'Blind transfer', handoff: { kind: 'blindTransfer' as const, afterSeconds: 5 } },
        '+12125550191': { ...DEFAULT_SCENARIOS.numbers[SWITCH_NUMBER]!, label: 'Pickup', handoff: { kind: 'pickup' as const, afterSeconds: 5 } },
      },
    };
    const { sdk } = await start({ scenarios });
    const { events } = await subscribe(sdk, ACCOUNT_FILTER);
    const transfer = sim!.callByRingOutId((await place(sdk, '+12125550190')).id)!;
    const pickup = sim!.callByRingOutId((await place(sdk, '+12125550191', DESK)).id)!;
    const left = await waitFor(() => sessionEvents(events, transfer.telephonySessionId).find((e) => e.body.parties[0].status.reason === 'BlindTransfer'), {
      timeoutMs: 10_000,
      what: 'the transfer',
    });
    expect(left.body.parties[0].ringOutRole).toBe('Initiator');
    expect(transfer.endedAt).toBeNull();
    expect(transfer.callee!.status.code).toBe('Answered');
    await waitFor(() => transfer.endedAt !== null && pickup.endedAt !== null, { timeoutMs: 10_000, what: 'both calls to end' });
    // The ends reach the subscriber over the WebSocket after the simulator records them: wait for those frames.
    const ended = (session: string) =>
      sessionEvents(events, session).some((e) => e.body.parties[0].status.code === 'Disconnected' && e.body.parties[0].ringOutRole === 'Target');
    await waitFor(() => ended(transfer.telephonySessionId) && ended(pickup.telephonySessionId), {
      timeoutMs: 10_000,
      what: "the other parties' Disconnected events",
    });
    const transferEvents = sessionEvents(events, transfer.telephonySessionId);
    const afterTransfer = transferEvents.slice(transferEvents.indexOf(left) + 1);
    const calleeEnd = afterTransfer.findIndex((e) => e.body.parties[0].ringOutRole === 'Target' && e.body.parties[0].status.code === 'Disconnected');
    expect(calleeEnd).toBeGreaterThanOrEqual(0);
    // Until the other party hangs up, only it has news: your leg ended with the transfer.
    expect(afterTransfer.slice(0, calleeEnd).every((e) => e.body.parties[0].ringOutRole === 'Target')).toBe(true);
    const pickupEvents = sessionEvents(events, pickup.telephonySessionId);
    expect(pickupEvents.some((e) => e.body.parties[0].status.reason === 'Pickup')).toBe(true);
    expect(new Set(pickupEvents.filter((e) => e.body.parties[0].extensionId).map((e) => e.body.parties[0].id)).size).toBe(2);
    validateEvents([...transferEvents, ...pickupEvents]);
  });

  it('off: the switch number stays on the phone first rung to the end', async () => {
    const { sdk } = await start(only({ callSwitch: false }));
    const { events } = await subscribe(sdk, EXTENSION_FILTER);
    const call = sim!.callByRingOutId((await place(sdk, SWITCH_NUMBER, DESK)).id)!;
    await waitFor(() => call.endedAt !== null, { timeoutMs: 10_000, what: 'the call to end' });
    await waitFor(() => sessionEvents(events, call.telephonySessionId).some((e) => e.body.parties[0].status.code === 'Disconnected'), {
      timeoutMs: 10_000,
      what: 'the Disconnected event',
    });
    const mine = sessionEvents(events, call.telephonySessionId);
    validateEvents(mine);
    expect(new Set(mine.map((e) => e.body.parties[0].id)).size).toBe(1);
    expect(mine.some((e) => ['CallSwitch', 'Pickup', 'BlindTransfer'].includes(e.body.parties[0].status.reason))).toBe(false);
  });
});

describe('REALITY 21: the gateway ends quiet or old connections; recovery replays with overlap', () => {
  it('on: ConnectionDetails states the timeouts, scaled by the time scale', async () => {
    const { sdk } = await start();
    const { wse } = await subscribe(sdk, EXTENSION_FILTER);
    const scale = sim!.clock.timeScale;
    expect(wse.connectionDetails).toMatchObject({
      idleTimeout: Math.round(1800 / scale),
      absoluteTimeout: Math.round(86_400 / scale),
      recoveryBufferSize: 100,
      recoveryTimeout: sim!.clock.wireSeconds(180),
    });
  });

  it('on: closes a connection without app-level messages with WSG-902 (pings do not count), while one that sends Heartbeats stays; WSG-903 once a day', async () => {
    // 100 simulated seconds idle = 2 s here; a day of 300 s = 6 s.
    const { sdk } = await start({ connectionDetails: { idleTimeout: 100, absoluteTimeout: 300 } });
    const quiet = await rawSocket(sdk);
    const chatty = await rawSocket(sdk);
    const beat = setInterval(() => {
      chatty.ws.send(JSON.stringify([{ type: 'Heartbeat', messageId: String(Math.random()) }]));
      quiet.ws.ping();
    }, 400);
    stops.push(() => clearInterval(beat));
    await waitFor(() => quiet.closed(), { timeoutMs: 5000, what: 'the quiet connection to be closed' });
    expect(quiet.closed()!.reason).toBe('WSG-902');
    expect(quiet.frames.at(-1)).toEqual([expect.objectContaining({ type: 'Error' }), expect.objectContaining({ errorCode: 'WSG-902' })]);
    expect(chatty.closed()).toBeNull();
    // The Heartbeats are answered, and the daily limit ends even a busy connection.
    expect(chatty.frames.some((f) => f[0].type === 'Heartbeat')).toBe(true);
    await waitFor(() => chatty.closed(), { timeoutMs: 10_000, what: 'the daily close' });
    expect(chatty.closed()!.reason).toBe('WSG-903');
    expect(sim!.gateway.closes.map((c) => c.errorCode).sort()).toEqual(['WSG-902', 'WSG-903']);
  }, 20_000);

  it('on: the library alone (Heartbeat only after 60 s of silence) is closed for idling, and recovers with its wsc', async () => {
    const { sdk } = await start({ connectionDetails: { idleTimeout: 100, recoveryTimeout: 180 } });
    const { wse } = await subscribe(sdk, EXTENSION_FILTER);
    const recovered: string[] = [];
    wse.eventEmitter.on('autoRecoverSuccess', () => recovered.push('Successful'));
    await waitFor(() => sim!.gateway.closes.some((c) => c.errorCode === 'WSG-902'), { timeoutMs: 5000, what: 'WSG-902' });
    await waitFor(() => recovered.length > 0, { timeoutMs: 10_000, what: 'the library to recover' });
    expect(wse.connectionDetails.recoveryState).toBe('Successful');
  });

  it('on: a recovery replays the missed events and a few already delivered; at most recoveryBufferSize of them', async () => {
    const { sdk, answers } = await start({ timeScale: 20, connectionDetails: { recoveryTimeout: 180 } });
    const { events, wse } = await subscribe(sdk, EXTENSION_FILTER);
    // Every change of your party, as published (the extension filter carries only yours).
    const published = new Set<string>();
    sim!.partyObservers.push((_, party) => party.ringOutRole === 'Initiator' && published.add(`${party.id}:${party.status.code}`));
    const call = sim!.callByRingOutId((await place(sdk, '+12125550100')).id)!;
    await waitFor(() => sessionEvents(events, call.telephonySessionId).length >= 2, { what: 'the first events' });
    const before = new Set(events.map((e) => e.uuid));
    sim!.killWebSockets();
    await waitFor(() => call.endedAt !== null, { timeoutMs: 10_000, what: 'the call to end' });
    await waitFor(() => wse.connectionDetails?.recoveryState === 'Successful' && sessionEvents(events, call.telephonySessionId).length > before.size, {
      timeoutMs: 15_000,
      what: 'the recovery',
    });
    const seen = () => new Set(sessionEvents(events, call.telephonySessionId).map((e) => `${e.body.parties[0].id}:${e.body.parties[0].status.code}`));
    await waitFor(() => [...published].every((change) => seen().has(change)), { what: 'every change of your party, none lost' });
    const mine = sessionEvents(events, call.telephonySessionId);
    const uuids = mine.map((e) => e.uuid);
    expect(uuids.length).toBeGreaterThan(new Set(uuids).size); // overlap: some delivered twice
    expect([...before].some((uuid) => uuids.filter((u) => u === uuid).length === 2)).toBe(true);
    validateEvents(mine);
    validateAnswers(answers);

    // More missed events than the buffer holds: only the last 100 come back.
    const raw = await rawSocket(sdk);
    const created = await raw.request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    expect(created[0].status).toBe(200);
    const wsc = raw.frames.at(-1)[0].wsc.token;
    raw.ws.close();
    await waitFor(() => raw.closed(), { what: 'the close' });
    const session = sim!.gateway.sessionIdForWsc(wsc)!;
    for (let i = 0; i < 130; i++) sim!.gateway.notify(session, { uuid: `u-${i}`, event: 'test', body: {} });
    const again = await rawSocket(sdk, undefined, wsc);
    expect(again.frames[0][1].recoveryState).toBe('Successful');
    await waitFor(() => again.frames.filter((f) => f[0].type === 'ServerNotification').length >= 100, { what: 'the replay' });
    const replayed = again.frames.filter((f) => f[0].type === 'ServerNotification').map((f) => f[1].uuid);
    expect(replayed).toHaveLength(100);
    expect(replayed[0]).toBe('u-30');
    expect(replayed.at(-1)).toBe('u-129');
  }, 30_000);

  it('on: recoveryState Failed when the gateway lost the session; the library subscribes again on the same socket', async () => {
    const { sdk } = await start({ timeScale: 20, connectionDetails: { recoveryTimeout: 180 } });
    const { events, wse } = await subscribe(sdk, EXTENSION_FILTER);
    const firstSubscription = wse.subscription.subscriptionInfo.id;
    sim!.gateway.forgetRecoveryState();
    sim!.killWebSockets();
    await waitFor(() => wse.connectionDetails?.recoveryState === 'Failed' && wse.subscription.subscriptionInfo.id !== firstSubscription, {
      timeoutMs: 15_000,
      what: 'a failed recovery and a new subscription',
    });
    expect(sim!.subscriptions.get(firstSubscription)).toBeNull();
    const call = sim!.callByRingOutId((await place(sdk, '+12125550100')).id)!;
    await waitFor(() => sessionEvents(events, call.telephonySessionId).length > 0, { what: 'events on the new subscription' });
    expect(sessionEvents(events, call.telephonySessionId)[0].subscriptionId).toBe(wse.subscription.subscriptionInfo.id);
  }, 30_000);

  it('off: no connection is closed for idling, and a recovery replays only what was missed', async () => {
    const { sdk } = await start({ ...only({ gatewayTimeouts: false }), connectionDetails: { idleTimeout: 100, absoluteTimeout: 200 } });
    const quiet = await rawSocket(sdk);
    const created = await quiet.request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    // A call of 125 simulated seconds while the client says nothing: past the 100 s idle timeout.
    const long = sim!.callByRingOutId((await place(sdk, '+12125550108')).id)!;
    await waitFor(() => long.endedAt !== null, { timeoutMs: 10_000, what: 'the long call to end' });
    expect(quiet.closed()).toBeNull();
    const wsc = created[0].wsc.token;
    const session = sim!.gateway.sessionIdForWsc(wsc)!;
    sim!.gateway.notify(session, { uuid: 'delivered', event: 'test', body: {} });
    await waitFor(() => quiet.frames.some((f) => f[1]?.uuid === 'delivered'), { what: 'the first event' });
    quiet.ws.close();
    await waitFor(() => quiet.closed(), { what: 'the close' });
    sim!.gateway.notify(session, { uuid: 'missed', event: 'test', body: {} });
    const again = await rawSocket(sdk, undefined, wsc);
    await waitFor(() => again.frames.some((f) => f[1]?.uuid === 'missed'), { what: 'the replay' });
    expect(again.frames.filter((f) => f[0].type === 'ServerNotification').map((f) => f[1].uuid)).toEqual(['missed']);
    expect(quiet.closed()!.reason).toBe('');
    expect(sim!.gateway.closes).toEqual([]);
  });
});

describe('REALITY 22: wstokens and subscriptions are strict', () => {
  it('on: a second connection with the same wstoken drops the first; a second subscription on a connection replaces the first', async () => {
    const { sdk, answers } = await start();
    const first = await rawSocket(sdk);
    const second = await rawSocket(sdk, first.wsToken);
    await waitFor(() => first.closed(), { what: 'the first connection to be dropped' });
    expect(first.closed()!.reason).toBe('WSG-904');
    expect(second.closed()).toBeNull();
    const a = await second.request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    const b = await second.request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    expect(a[0].status).toBe(200);
    expect(b[0].status).toBe(200);
    expect(sim!.subscriptions.get(a[1].id)).toBeNull();
    expect(sim!.subscriptions.get(b[1].id)).not.toBeNull();
    expect((await second.request('GET', `/restapi/v1.0/subscription/${a[1].id}`))[0].status).toBe(404);
    validateAnswers(answers);
  });

  it('on: at most 20 subscriptions per user and app, the 21st is refused with 403 SUB-505', async () => {
    const { sdk, answers } = await start();
    for (let i = 0; i < 20; i++) {
      const socket = await rawSocket(sdk);
      expect((await socket.request('POST', '/restapi/v1.0/subscription', subscriptionBody()))[0].status).toBe(200);
    }
    const refused = await (await rawSocket(sdk)).request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    expect(refused[0].status).toBe(403);
    expect(refused[1]).toMatchObject({ errorCode: 'SUB-505', errors: [{ errorCode: 'SUB-505' }] });
    // The library reports it as a refusal at register time.
    await expect(subscribe(sdk, EXTENSION_FILTER)).rejects.toThrow(/SUB-505|limit/i);
    validateAnswers(answers);
  });

  it('on: an app without the WebSocketSubscription scope is refused with SUB-528', async () => {
    const { sdk } = await start({ app: { ...DEMO_APP, scopes: ['ReadAccounts', 'ReadCallLog', 'RingOut', 'CallControl'] } });
    const socket = await rawSocket(sdk);
    const refused = await socket.request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    expect(refused[0].status).toBe(403);
    expect(refused[1]).toMatchObject({ errorCode: 'SUB-528' });
  });

  it('on: two clients of the same user and app (the app and a command) each get every event, neither knocks the other out', async () => {
    const { sdk } = await start();
    const cli = sdkFor(sim!);
    await cli.platform().login({ jwt: 'ringside-demo-jwt' });
    const app = await subscribe(sdk, EXTENSION_FILTER);
    const command = await subscribe(cli, EXTENSION_FILTER);
    const call = sim!.callByRingOutId((await place(cli, '+12125550100')).id)!;
    await waitFor(() => call.endedAt !== null, { timeoutMs: 10_000, what: 'the call to end' });
    await waitFor(() => sessionEvents(command.events, call.telephonySessionId).length >= 4, { what: 'the command to see the call' });
    const changes = (events: Json[]) => sessionEvents(events, call.telephonySessionId).map((e) => `${e.body.parties[0].id}:${e.body.sequence}`);
    expect(changes(app.events).sort()).toEqual(changes(command.events).sort());
    expect(sim!.gateway.closes).toEqual([]);
  });

  it('off: a wstoken used twice keeps both connections; subscriptions add up past 20', async () => {
    const { sdk } = await start(only({ strictWebSocket: false }));
    const first = await rawSocket(sdk);
    const second = await rawSocket(sdk, first.wsToken);
    const one = await first.request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    expect(one[0].status).toBe(200);
    expect(first.closed()).toBeNull();
    const again = await first.request('POST', '/restapi/v1.0/subscription', subscriptionBody());
    expect(sim!.subscriptions.get(one[1].id)).not.toBeNull();
    expect(sim!.subscriptions.get(again[1].id)).not.toBeNull();
    for (let i = 0; i < 19; i++) expect((await second.request('POST', '/restapi/v1.0/subscription', subscriptionBody()))[0].status).toBe(200);
  });
});
