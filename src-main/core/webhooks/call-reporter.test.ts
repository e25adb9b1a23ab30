/** Issue 30: which archive changes become webhook events, written in the same transaction as the change. */
import { afterEach, describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { corrected, placedCall } from '../../../test-support/webhook-calls';
import { verifySignature } from '../../../test-support/webhook-receiver';
import { SECRET, WebhookRig } from '../../../test-support/webhook-rig';
import * as machine from '../ringout/call-machine';
import { REPLAY_WINDOW_SECONDS } from './signing';

let rig: WebhookRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const rows = () =>
  rig!.archive.database.prepare('SELECT event, call_key, state FROM webhook_deliveries ORDER BY seq').all() as Array<{
    event: string;
    call_key: string;
    state: string;
  }>;

describe('what becomes an event', () => {
  it('an outbox row commits or rolls back with the change it reports', async () => {
    rig = await WebhookRig.start();
    rig.receiver.behave = () => 'hang';
    const call = rig.place(1);
    expect(rows()).toEqual([{ event: 'call.completed', call_key: 'ringside:call-1', state: expect.any(String) }]);
    expect(() =>
      rig!.archive.transaction(() => {
        rig!.archive.annotations.annotate(call.recordId, { note: 'never saved', disposition: null }, rig!.clock.now());
        throw new Error('the disk went away');
      }),
    ).toThrow('the disk went away');
    expect(rig.archive.annotations.annotation(call.recordId).note).toBeNull();
    expect(rows().map((r) => r.event)).toEqual(['call.completed']);
    rig.note(call, 'saved');
    expect(rows().map((r) => r.event)).toEqual(['call.completed', 'call.updated']);
  });

  it('calls only known from the call log are never reported; a record read again unchanged is nothing, a correction one call.updated', async () => {
    rig = await WebhookRig.start();
    rig.receiver.behave = () => 'hang';
    const history = generateHistory({ count: 200, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: rig.clock.now(), seed: 11 }).map(
      (h) => h.record as unknown as CallLogRecord,
    );
    rig.archive.upsertRecords(history);
    expect(rows()).toEqual([]);
    const call = rig.place(2);
    rig.archive.upsertRecords([call.record, ...history.slice(0, 20)]);
    expect(rows().map((r) => r.event)).toEqual(['call.completed']);
    rig.archive.upsertRecords([corrected(call, 'Busy', 3)]);
    rig.archive.upsertRecords([corrected(call, 'Busy', 3)]);
    expect(rows().map((r) => r.event)).toEqual(['call.completed', 'call.updated']);
  });

  it('a call RingCentral refused is completed as the call log’s final word: not confirmed, no record ids', async () => {
    rig = await WebhookRig.start();
    const call = placedCall(3, rig.clock.now() - 60_000);
    rig.archive.saveTracked(machine.placementFailed(call.live, 'RingCentral refused the call.', rig.clock.now()).call, null);
    await rig.runUntil(() => rig!.receiver.accepted.length === 1, { limitMs: 5000 });
    expect(JSON.parse(rig.receiver.accepted[0]!.body).call).toMatchObject({ id: 'ringside:call-3', confirmed: false, recordIds: [], ringsideCallId: 'call-3' });
  });

  it('an endpoint gets only the events it chose', async () => {
    rig = await WebhookRig.start();
    await rig.room.webhooks.add({ url: rig.receiver.url, secret: SECRET, events: ['call.updated'], label: 'updates only' });
    const call = rig.place(4);
    rig.note(call, 'changed');
    await rig.runUntil(() => rig!.waiting() === 0, { limitMs: 5000 });
    const byEndpoint = rig.receiver.requests.map((r) => r.headers['ringside-event']);
    expect(byEndpoint.filter((e) => e === 'call.updated')).toHaveLength(2);
    expect(byEndpoint.filter((e) => e === 'call.completed')).toHaveLength(1);
  });
});

describe('leg.changed', () => {
  it('goes live to the endpoints that chose it, in the call’s lane: call.completed waits for a leg change the receiver refused', async () => {
    rig = await WebhookRig.start();
    await rig.room.webhooks.remove(rig.room.webhooks.list().endpoints[0]!.id);
    await rig.room.webhooks.add({ url: rig.receiver.url, secret: SECRET, events: ['leg.changed', 'call.completed'] });
    let refusals = 2;
    rig.receiver.behave = (request) => (JSON.parse(request.body).type === 'leg.changed' && refusals-- > 0 ? { status: 500 } : { status: 200 });
    const call = placedCall(5, rig.clock.now() - 60_000);
    rig.room.legChanged({ callId: call.id, leg: 'caller', from: 'waiting', to: 'ringing', at: rig.clock.now(), source: 'status' }, call.live);
    rig.archive.saveTracked(call.confirmed, call.record);
    await rig.runUntil(() => rig!.waiting() === 0, { limitMs: 600_000 });
    const bodies = rig.receiver.requests.map((r) => JSON.parse(r.body) as { type: string; change?: unknown; call: { ringsideCallId: string } });
    expect(bodies.map((b) => b.type)).toEqual(['leg.changed', 'leg.changed', 'leg.changed', 'call.completed']);
    expect(bodies[0]).toMatchObject({ change: { leg: 'yourPhone', from: 'waiting', to: 'ringing' }, call: { ringsideCallId: 'call-5', confirmed: false } });
    expect(bodies[3]!.change).toBeUndefined();
  });
});

describe('webhooks.test', () => {
  it('sends a signed ping now and answers what the receiver said; an unknown endpoint is refused in words', async () => {
    rig = await WebhookRig.start();
    rig.receiver.behave = () => ({ status: 401, body: 'bad signature? '.repeat(40) });
    const [endpoint] = rig.room.webhooks.list().endpoints;
    const { answer } = await rig.room.webhooks.test(endpoint!.id);
    expect(answer).toMatchObject({ status: 401, failure: null });
    expect(answer.bodyExcerpt).toHaveLength(300);
    const [ping] = rig.receiver.requests;
    expect(JSON.parse(ping!.body)).toMatchObject({ version: 1, type: 'ping', call: null });
    expect(ping!.headers['ringside-event']).toBe('ping');
    expect(await verifySignature(SECRET, ping!.headers['ringside-signature'], ping!.body, ping!.at)).toBe(true);
    // The same signature is refused outside the replay window, and with another secret.
    expect(await verifySignature(SECRET, ping!.headers['ringside-signature'], ping!.body, ping!.at + (REPLAY_WINDOW_SECONDS + 1) * 1000)).toBe(false);
    expect(await verifySignature('another-secret-entirely', ping!.headers['ringside-signature'], ping!.body, ping!.at)).toBe(false);
    expect(rig.waiting()).toBe(0);
    await expect(rig.room.webhooks.test('wh_unknown')).rejects.toThrow('That webhook endpoint is not set up (any more).');
  });
});
