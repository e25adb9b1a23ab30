/**
 * Issue 30, "Nothing lost": the outbox against a real local receiver (node:http) and a fake
 * clock. Every case ends with expectDeliveredInOrder: every event taken, signatures verified
 * with WebCrypto, repeats only with the same idempotency key, each call's events in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { corrected } from '../../../test-support/webhook-calls';
import { expectDeliveredInOrder, WebhookRig } from '../../../test-support/webhook-rig';
import { BACKOFF_CAP_MS } from './backoff';
import { MAX_IN_FLIGHT_PER_ENDPOINT, REQUEST_TIMEOUT_MS } from './delivery-worker';

let rig: WebhookRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const HOUR = 3_600_000;
const keyOf = (r: { headers: Record<string, string> }) => r.headers['ringside-idempotency-key']!;

describe('webhook delivery faults', () => {
  it('a receiver down for an hour gets every event once it is back, backing off meanwhile', async () => {
    rig = await WebhookRig.start();
    const backAt = rig.clock.now() + HOUR;
    rig.receiver.behave = () => (rig!.clock.now() < backAt ? 'drop' : { status: 200 });
    const calls = [1, 2, 3].map((n) => rig!.place(n));
    rig.note(calls[0]!, 'Sent the quote');
    rig.archive.upsertRecords([corrected(calls[1]!, 'Busy', 5)]);
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 5000, limitMs: 3 * HOUR });
    // Backoff, not hammering: a handful of tries per delivery in the hour (the first at once).
    const whileDown = rig.receiver.requests.filter((r) => r.at < backAt);
    expect(whileDown.length).toBeGreaterThan(5);
    expect(whileDown.length).toBeLessThan(5 * 20);
    // Back within the backoff's cap of the receiver's return.
    expect(Math.max(...rig.receiver.accepted.map((r) => r.at)) - backAt).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    await expectDeliveredInOrder(rig, { REC1: ['call.completed', 'call.updated'], REC2: ['call.completed', 'call.updated'], REC3: ['call.completed'] });
  });

  it('two days offline with a restart in between: nothing is parked, and everything goes once the network is back', async () => {
    rig = await WebhookRig.start();
    const backAt = rig.clock.now() + 48 * HOUR;
    rig.receiver.behave = () => (rig!.clock.now() < backAt ? 'drop' : { status: 200 });
    const call = rig.place(1);
    rig.note(call, 'before the weekend');
    await rig.runUntil(() => rig!.clock.now() >= backAt - 24 * HOUR, { stepMs: 60_000, limitMs: 30 * HOUR, what: 'the first day' });
    rig.room.stop();
    rig.archive.close();
    rig.open();
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 60_000, limitMs: 30 * HOUR });
    expect(rig.room.webhooks.list().failed).toEqual([]);
    await expectDeliveredInOrder(rig, { REC1: ['call.completed', 'call.updated'] });
  });

  it('answering 500 three times, then 200: each delivery tried again with the same key', async () => {
    rig = await WebhookRig.start();
    const tries = new Map<string, number>();
    rig.receiver.behave = (request) => {
      const n = (tries.get(keyOf(request)) ?? 0) + 1;
      tries.set(keyOf(request), n);
      return n <= 3 ? { status: 500, body: 'database is down' } : { status: 204 };
    };
    const call = rig.place(1);
    rig.note(call, 'first');
    rig.note(call, 'second');
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 1000, limitMs: HOUR });
    expect([...tries.values()]).toEqual([4, 4, 4]);
    const notes = rig.receiver.accepted.map((r) => (JSON.parse(r.body) as { call: { note: string | null } }).call.note);
    expect(notes).toEqual([null, 'first', 'second']);
    await expectDeliveredInOrder(rig, { REC1: ['call.completed', 'call.updated', 'call.updated'] });
  });

  it.each([
    ['seconds', (now: number) => String(120 + 0 * now), 120_000],
    ['an HTTP date', (now: number) => new Date(now + 90_000).toUTCString(), 89_000],
  ])('429 with Retry-After in %s: the next try is never earlier than asked', async (_, retryAfter, atLeastMs) => {
    rig = await WebhookRig.start();
    let answered429 = false;
    rig.receiver.behave = () => {
      if (answered429) return { status: 200 };
      answered429 = true;
      return { status: 429, headers: { 'retry-after': retryAfter(rig!.clock.now()) }, body: 'slow down' };
    };
    rig.place(1);
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 1000, limitMs: HOUR });
    const [first, second] = rig.receiver.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(atLeastMs);
    expect(keyOf(second!)).toBe(keyOf(first!));
    await expectDeliveredInOrder(rig, { REC1: ['call.completed'] });
  });

  it('a receiver that never answers times out, and the delivery goes again with the same key', async () => {
    rig = await WebhookRig.start();
    rig.receiver.behave = (request) => (rig!.receiver.requests.filter((r) => keyOf(r) === keyOf(request)).length === 1 ? 'hang' : { status: 200 });
    const call = rig.place(1);
    rig.note(call, 'after the call');
    await rig.settle();
    expect(rig.receiver.hangingCount).toBe(1);
    // Nothing more happens before the timeout; at the timeout the request is given up on.
    await rig.clock.advance(REQUEST_TIMEOUT_MS - 1);
    await rig.settle();
    expect(rig.room.webhooks.list().endpoints[0]!.lastAnswer).toBeNull();
    await rig.clock.advance(1);
    await rig.settle();
    expect(rig.room.webhooks.list().endpoints[0]!.lastAnswer).toMatchObject({ status: null, failure: 'timeout' });
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 1000, limitMs: HOUR });
    expect(rig.receiver.requests.filter((r) => JSON.parse(r.body).type === 'call.completed')).toHaveLength(2);
    await expectDeliveredInOrder(rig, { REC1: ['call.completed', 'call.updated'] });
  });

  it('killed mid-delivery: after the restart the delivery goes again with the same key, and the call’s next event after it', async () => {
    rig = await WebhookRig.start();
    let killed = false;
    rig.receiver.behave = () => (killed ? { status: 200 } : 'hang');
    const call = rig.place(1);
    rig.note(call, 'written before the crash');
    await rig.settle();
    expect(rig.receiver.requests).toHaveLength(1);
    rig.kill();
    killed = true;
    rig.open();
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 1000, limitMs: HOUR });
    const [first, again] = rig.receiver.requests;
    expect(keyOf(again!)).toBe(keyOf(first!));
    expect(again!.body).toBe(first!.body);
    await expectDeliveredInOrder(rig, { REC1: ['call.completed', 'call.updated'] });
  });

  it('never more than two requests in flight to one endpoint, however many calls wait', async () => {
    rig = await WebhookRig.start();
    rig.receiver.behave = () => 'hang';
    for (let n = 1; n <= 6; n++) rig.place(n);
    await rig.settle();
    expect(rig.receiver.hangingCount).toBe(MAX_IN_FLIGHT_PER_ENDPOINT);
    expect(rig.room.webhooks.list().endpoints[0]).toMatchObject({ pending: 6, inFlight: MAX_IN_FLIGHT_PER_ENDPOINT });
    rig.receiver.behave = () => ({ status: 200 });
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 1000, limitMs: HOUR });
    expect(Math.max(...rig.receiver.requests.map((_, i) => i))).toBeGreaterThanOrEqual(6);
    await expectDeliveredInOrder(rig, Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`REC${n}`, ['call.completed']])));
  });

  it('after the attempt limit a delivery is parked with the receiver’s last answer, holds its call’s next event, and Retry sends it with the same key', async () => {
    rig = await WebhookRig.start({ maxAttempts: 3, maxAgeMs: 10 * 60_000 });
    rig.receiver.behave = () => ({ status: 503, body: 'x'.repeat(1000) });
    const call = rig.place(1);
    rig.note(call, 'waits behind the parked one');
    await rig.runUntil(() => rig!.room.webhooks.list().failed.length === 1, { stepMs: 1000, limitMs: HOUR });
    const [parked] = rig.room.webhooks.list().failed;
    expect(parked).toMatchObject({ event: 'call.completed', callId: 'call-1', lastAnswer: { status: 503, failure: null } });
    // Parked only once it has had its attempts and is old enough (an offline weekend parks nothing).
    expect(parked!.attempts).toBeGreaterThan(3);
    expect(parked!.parkedAt - parked!.createdAt).toBeGreaterThanOrEqual(10 * 60_000);
    expect(parked!.lastAnswer!.bodyExcerpt).toHaveLength(300);
    expect(parked!.idempotencyKey).toBe(keyOf(rig.receiver.requests[0]!));
    // Parked, it no longer holds its call's later event back.
    rig.receiver.behave = (request) => (JSON.parse(request.body).type === 'call.updated' ? { status: 200 } : { status: 503, body: 'still down' });
    await rig.runUntil(() => rig!.receiver.accepted.length === 1, { stepMs: 1000, limitMs: HOUR });
    rig.receiver.behave = () => ({ status: 200 });
    expect(rig.room.webhooks.retry(parked!.id)).toEqual({ queued: true });
    await rig.runUntil(() => rig!.waiting() === 0, { stepMs: 1000, limitMs: HOUR });
    expect(keyOf(rig.receiver.accepted.at(-1)!)).toBe(parked!.idempotencyKey);
  });
});
