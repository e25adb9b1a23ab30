/** Issue 30: the wrap-up step holds `call.completed` until it is finished, skipped or its time is up. */
import { afterEach, describe, expect, it } from 'vitest';
import type { WrapUpView } from '../../../src-shared/webhooks';
import { expectDeliveredInOrder, WebhookRig } from '../../../test-support/webhook-rig';
import { placedCall } from '../../../test-support/webhook-calls';
import { RingsideError } from '../errors';
import * as machine from '../ringout/call-machine';

let rig: WebhookRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const noteOf = (body: string) => (JSON.parse(body) as { call: { note: string | null; disposition: string | null } }).call;

describe('wrap-up', () => {
  it('off: call.completed goes as soon as the call log confirmed the call, and no wrap-up is offered', async () => {
    rig = await WebhookRig.start();
    rig.place(1);
    expect(rig.room.wrapUp.list()).toEqual([]);
    await rig.runUntil(() => rig!.receiver.accepted.length === 1, { limitMs: 10_000 });
    await expectDeliveredInOrder(rig, { REC1: ['call.completed'] });
  });

  it('ask: call.completed waits for the wrap-up and carries its note and disposition, in one event', async () => {
    rig = await WebhookRig.start();
    rig.wrapUp = { mode: 'ask', seconds: 60 };
    const changes: WrapUpView[][] = [];
    rig.room.wrapUp.onChanged((list) => changes.push(list));
    const call = rig.place(1);
    const started = rig.clock.now();
    expect(rig.room.wrapUp.list()).toEqual([{ callId: call.id, mode: 'ask', until: started + 60_000 }]);
    // Nothing goes while the user writes the note (the call is in the archive already).
    await rig.clock.advance(30_000);
    await rig.settle();
    expect(rig.receiver.requests).toHaveLength(0);
    expect(rig.room.webhooks.list().endpoints[0]!.pending).toBe(1);
    expect(rig.room.wrapUp.finish(call.id, { note: 'Wants a quote by Friday', disposition: 'Call back' })).toEqual({ finished: true });
    await rig.runUntil(() => rig!.receiver.accepted.length === 1, { limitMs: 10_000 });
    expect(noteOf(rig.receiver.accepted[0]!.body)).toMatchObject({ note: 'Wants a quote by Friday', disposition: 'Call back' });
    expect(rig.room.wrapUp.list()).toEqual([]);
    expect(changes.map((list) => list.length)).toEqual([1, 0]);
    // Saved like any note, and one event only: no call.updated for what the wrap-up wrote.
    expect(rig.archive.annotations.annotation(call.recordId)).toEqual({ note: 'Wants a quote by Friday', disposition: 'Call back' });
    await rig.runUntil(() => rig!.waiting() === 0, { limitMs: 120_000 });
    await expectDeliveredInOrder(rig, { REC1: ['call.completed'] });
  });

  it('ask: skipping lets call.completed go at once, without a note', async () => {
    rig = await WebhookRig.start();
    rig.wrapUp = { mode: 'ask', seconds: 60 };
    const call = rig.place(1);
    expect(rig.room.wrapUp.skip(call.id)).toEqual({ skipped: true });
    expect(rig.room.wrapUp.skip(call.id)).toEqual({ skipped: false });
    await rig.runUntil(() => rig!.receiver.accepted.length === 1, { limitMs: 1000 });
    expect(noteOf(rig.receiver.accepted[0]!.body)).toMatchObject({ note: null, disposition: null });
  });

  it('require: skipping is refused in words, finishing needs a disposition, and the countdown still ends the hold', async () => {
    rig = await WebhookRig.start();
    rig.wrapUp = { mode: 'require', seconds: 45 };
    const call = rig.place(1);
    expect(() => rig!.room.wrapUp.skip(call.id)).toThrow(RingsideError);
    expect(() => rig!.room.wrapUp.skip(call.id)).toThrow(/cannot be skipped/);
    expect(() => rig!.room.wrapUp.finish(call.id, { note: 'no disposition', disposition: null })).toThrow(/Choose a disposition/);
    expect(rig.archive.annotations.annotation(call.recordId)).toEqual({ note: null, disposition: null });
    // The countdown passes: call.completed goes as the call stands.
    await rig.clock.advance(44_999);
    await rig.settle();
    expect(rig.receiver.requests).toHaveLength(0);
    await rig.runUntil(() => rig!.receiver.accepted.length === 1, { limitMs: 5000 });
    expect(rig.room.wrapUp.list()).toEqual([]);
    // A note written after the countdown reaches the receiver as call.updated.
    expect(rig.room.wrapUp.finish(call.id, { note: 'late note', disposition: 'Reached' })).toEqual({ finished: false });
    await rig.runUntil(() => rig!.waiting() === 0, { limitMs: 60_000 });
    await expectDeliveredInOrder(rig, { REC1: ['call.completed', 'call.updated'] });
  });

  it('a call RingCentral logs late: the wrap-up note is kept on it and rides on call.completed when a sync brings its record', async () => {
    rig = await WebhookRig.start();
    rig.wrapUp = { mode: 'ask', seconds: 60 };
    const call = placedCall(7, rig.clock.now() - 120_000);
    rig.room.callUpdated(call.live);
    rig.room.callUpdated(call.ended);
    // The tracker gave up waiting for the call log: saved "not yet in the call log", nothing sent.
    rig.archive.saveTracked(machine.outcomeUnknown(call.ended, 'not shown', rig.clock.now()).call, null);
    expect(rig.room.wrapUp.finish(call.id, { note: 'before the record', disposition: 'Reached' })).toEqual({ finished: true });
    await rig.clock.advance(120_000);
    await rig.settle();
    expect(rig.receiver.requests).toHaveLength(0);
    // A later sync brings the record: the call is adopted by it, its note with it, and completed.
    rig.archive.upsertRecords([call.record]);
    expect(rig.archive.annotations.annotation(call.recordId)).toEqual({ note: 'before the record', disposition: 'Reached' });
    await rig.runUntil(() => rig!.waiting() === 0, { limitMs: 10_000 });
    expect(noteOf(rig.receiver.accepted[0]!.body)).toMatchObject({ note: 'before the record', disposition: 'Reached' });
    await expectDeliveredInOrder(rig, { REC7: ['call.completed'] });
  });

  it('a restart during the wrap-up still sends call.completed when its time is up', async () => {
    rig = await WebhookRig.start();
    rig.wrapUp = { mode: 'ask', seconds: 60 };
    rig.place(1);
    rig.room.stop();
    rig.archive.close();
    rig.open();
    await rig.clock.advance(59_000);
    await rig.settle();
    expect(rig.receiver.requests).toHaveLength(0);
    await rig.runUntil(() => rig!.waiting() === 0, { limitMs: 10_000 });
    await expectDeliveredInOrder(rig, { REC1: ['call.completed'] });
  });
});
