/**
 * The webhook room on a real archive file with a fake clock, posting to a real local receiver:
 * the fault tests open, kill and reopen it and check what the receiver got.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { WebhookEvent } from '../src-shared/webhooks';
import { Archive } from '../src-main/core/history/archive';
import { MemorySecretStore, silentLogger } from '../src-main/core/ports';
import { buildIntegrations } from '../src-main/core/webhooks/integrations';
import type { WrapUpSettings } from '../src-main/core/webhooks/wrap-up';
import { FakeClock, flushPromises } from './fake-clock';
import { placedCall, type PlacedCall } from './webhook-calls';
import { verifySignature, WebhookReceiver, type ReceivedRequest } from './webhook-receiver';

export const SECRET = 'whsec-0123456789abcdef-fedcba';

export class WebhookRig {
  readonly clock = new FakeClock();
  readonly secrets = new MemorySecretStore();
  readonly file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-outbox-')), 'archive.sqlite');
  archive!: Archive;
  room!: ReturnType<typeof buildIntegrations>;
  wrapUp: WrapUpSettings = { mode: 'off', seconds: 60 };
  private constructor(
    readonly receiver: WebhookReceiver,
    private readonly limits: { maxAttempts?: number; maxAgeMs?: number } = {},
  ) {
    receiver.now = () => this.clock.now();
  }

  static async start(limits: { maxAttempts?: number; maxAgeMs?: number } = {}): Promise<WebhookRig> {
    const rig = new WebhookRig(await WebhookReceiver.start(), limits);
    rig.open();
    await rig.room.webhooks.add({ url: rig.receiver.url, secret: SECRET, events: ['call.completed', 'call.updated'] });
    return rig;
  }

  /** Opens the archive and starts the room, as Ringside's start does. */
  open(): void {
    this.archive = Archive.open(this.file).archive;
    this.room = buildIntegrations({
      archive: this.archive,
      secrets: this.secrets,
      clock: this.clock,
      logger: silentLogger,
      random: () => 0.5,
      ...this.limits,
      wrapUpSettings: () => this.wrapUp,
      rowIdOfCall: (id) => this.archive.detail(`REC${id.slice('call-'.length)}`)?.row.id ?? `ringside:${id}`,
    });
    this.room.start();
  }

  /** Ringside killed: the archive closed under the worker, nothing finished, nothing stopped. */
  kill(): void {
    this.archive.close();
  }

  /** A call placed from Ringside, over and confirmed by its record (its `call.completed`). */
  place(n: number): PlacedCall {
    const call = placedCall(n, this.clock.now() - 120_000);
    this.room.callUpdated(call.live);
    this.room.callUpdated(call.ended);
    this.archive.saveTracked(call.confirmed, call.record);
    return call;
  }

  /** A note on a call (its `call.updated`). */
  note(call: PlacedCall, note: string): void {
    this.archive.annotations.annotate(call.recordId, { note, disposition: 'Reached' }, this.clock.now());
  }

  /** Lets every request in flight finish (those the receiver holds unanswered stay). */
  async settle(): Promise<void> {
    for (let quietRounds = 0; quietRounds < 3;) {
      await flushPromises();
      if (this.room.worker.sendingCount <= this.receiver.hangingCount) quietRounds++;
      else {
        quietRounds = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Moves the fake clock in steps, letting each request finish, until `done` (or fails after `limitMs`). */
  async runUntil(done: () => boolean, { stepMs = 1000, limitMs = 3_600_000, what = 'the deliveries' } = {}): Promise<void> {
    for (let moved = 0; ; moved += stepMs) {
      await this.settle();
      if (done()) return;
      if (moved >= limitMs) throw new Error(`Not ${what} after ${limitMs} ms of fake time`);
      await this.clock.advance(stepMs);
    }
  }

  waiting(): number {
    const view = this.room.webhooks.list();
    return view.endpoints.reduce((sum, e) => sum + e.pending, 0) + view.failed.length;
  }

  async close(): Promise<void> {
    this.room.stop();
    try {
      this.archive.close();
    } catch {
      // already closed (killed)
    }
    await this.receiver.close();
  }
}

const bodyOf = (r: ReceivedRequest) => JSON.parse(r.body) as { id: string; type: WebhookEvent; call: { id: string; note: string | null } };

/**
 * What every fault case must end with: each event accepted, every request signed (checked with
 * WebCrypto), repeats only with the same idempotency key and body, and each call's events in
 * order (no request for an event before the one before it was accepted).
 */
export async function expectDeliveredInOrder(rig: WebhookRig, expected: Record<string, WebhookEvent[]>): Promise<void> {
  expect(rig.waiting()).toBe(0);
  const requests = rig.receiver.requests;
  for (const request of requests) expect(await verifySignature(SECRET, request.headers['ringside-signature'], request.body, request.at)).toBe(true);
  // Repeats only with the same key: one key ↔ one event ↔ one body.
  const byKey = new Map<string, string>();
  const keyOfEvent = new Map<string, string>();
  for (const request of requests) {
    const key = request.headers['ringside-idempotency-key']!;
    expect(key).toMatch(/^dlv_/);
    const body = bodyOf(request);
    expect(request.headers['ringside-event']).toBe(body.type);
    expect(byKey.get(key) ?? request.body).toBe(request.body);
    byKey.set(key, request.body);
    expect(keyOfEvent.get(body.id) ?? key).toBe(key);
    keyOfEvent.set(body.id, key);
  }
  // Each call's events, in the order first sent: an event goes only once the one before it was
  // taken, and never again after the next one went.
  const lanes = new Map<string, Array<{ id: string; type: WebhookEvent; accepted: boolean }>>();
  for (const request of requests) {
    const body = bodyOf(request);
    const lane = lanes.get(body.call.id) ?? [];
    lanes.set(body.call.id, lane);
    let event = lane.find((e) => e.id === body.id);
    if (!event) {
      expect(lane.at(-1)?.accepted ?? true, `${body.call.id}: ${body.type} sent before the event before it was taken`).toBe(true);
      event = { id: body.id, type: body.type, accepted: false };
      lane.push(event);
    } else expect(lane.at(-1)!.id, `${body.call.id}: ${body.type} sent again after a later event`).toBe(body.id);
    if (request.answered !== null && request.answered >= 200 && request.answered < 300) event.accepted = true;
  }
  expect(Object.fromEntries([...lanes].map(([id, lane]) => [id, lane.map((e) => e.type)]))).toEqual(expected);
  for (const lane of lanes.values()) expect(lane.every((e) => e.accepted)).toBe(true);
}
