/**
 * Issue 30: every event the demo produces validates against schema/webhook-payload.v1.json.
 * Each demo number of the README (src-simulator/ringout/scenarios.ts) is called through the
 * real core against the simulator; each call's leg.changed and call.completed, a note's
 * call.updated and Send test's ping reach a real local receiver.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIOS, Simulator } from '../../../src-simulator';
import { LEG_STATES } from '../../../src-shared/leg-state';
import { waitFor } from '../../../test-support/simulator-harness';
import { verifySignature, WebhookReceiver } from '../../../test-support/webhook-receiver';
import { MemorySecretStore } from '../ports';
import { RingsideCore } from '../ringside-core';

const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../schema/webhook-payload.v1.json'), 'utf8')) as {
  $defs: { legState: { oneOf: Array<{ enum?: string[] }> } };
};
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);
const SECRET = 'demo-secret-0123456789';

let sim: Simulator | undefined;
let core: RingsideCore | undefined;
let receiver: WebhookReceiver | undefined;
afterAll(async () => {
  await core?.stop();
  await sim?.close();
  await receiver?.close();
});

describe('webhook payload schema v1', () => {
  it('names every leg state Ringside has', () => {
    expect(schema.$defs.legState.oneOf.find((o) => o.enum)!.enum).toEqual([...LEG_STATES]);
  });

  it('validates every event the demo produces: call.completed for each demo number, call.updated for a note', async () => {
    sim = await Simulator.start({ timeScale: 100, callLogDelaySeconds: 5, statusExpirySeconds: 10 });
    receiver = await WebhookReceiver.start();
    core = await RingsideCore.start({
      server: { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret, refreshHandicapMs: 60_000 / 100 },
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-demo-payloads-')),
    });
    await core.session.signInWithJwt('ringside-demo-jwt');
    const endpoint = await core.webhooks.add({ url: receiver.url, secret: SECRET, events: ['call.completed', 'call.updated', 'leg.changed'] });
    const numbers = Object.keys(DEFAULT_SCENARIOS.numbers);
    const completed = () => receiver!.requests.filter((r) => r.headers['ringside-event'] === 'call.completed');
    // One at a time, as a person calls: each call's call.completed arrives before the next is placed.
    const placed = [];
    for (const to of numbers) {
      placed.push(await core.calls.place({ to, from: '+16505550198' }));
      await waitFor(() => completed().length === placed.length, { timeoutMs: 20_000, what: `call.completed for ${to}` });
    }
    // A note on each: call.updated.
    for (const call of placed) core.annotations.annotate({ callId: call.id }, { note: `About ${call.to}`, disposition: 'Reached' });
    const updated = () => receiver!.requests.filter((r) => r.headers['ringside-event'] === 'call.updated');
    await waitFor(() => updated().length === placed.length, { timeoutMs: 10_000, what: 'call.updated for every note' });
    const types = new Set<string>();
    for (const request of receiver.requests) {
      const body = JSON.parse(request.body) as { type: string; call: { ringsideCallId: string; legs: unknown } };
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      expect(await verifySignature(SECRET, request.headers['ringside-signature'], request.body, Date.now())).toBe(true);
      types.add(body.type);
    }
    expect([...types].sort()).toEqual(['call.completed', 'call.updated', 'leg.changed']);
    // Each call's live leg changes reach the receiver before its call.completed (one lane per call).
    const order = receiver.requests.map((r) => JSON.parse(r.body) as { type: string; call: { ringsideCallId: string } });
    for (const call of placed) {
      const mine = order.filter((e) => e.call.ringsideCallId === call.id).map((e) => e.type);
      expect(mine.indexOf('leg.changed'), call.to).toBe(0);
      expect(mine.lastIndexOf('leg.changed')).toBeLessThan(mine.indexOf('call.completed'));
    }
    const callIds = new Set(completed().map((r) => (JSON.parse(r.body) as { call: { ringsideCallId: string } }).call.ringsideCallId));
    expect(callIds).toEqual(new Set(placed.map((c) => c.id)));
    // The receiver saw different outcomes, not one shape repeated.
    const outcomes = new Set(completed().map((r) => JSON.stringify((JSON.parse(r.body) as { call: { legs: unknown } }).call.legs)));
    expect(outcomes.size).toBeGreaterThan(5);
    // Settings → Integrations' Send test: a signed ping, no call.
    expect((await core.webhooks.test(endpoint.id)).answer).toMatchObject({ status: 200 });
    const ping = receiver.requests.at(-1)!;
    expect(ping.headers['ringside-event']).toBe('ping');
    expect(JSON.parse(ping.body)).toMatchObject({ type: 'ping', call: null });
    expect(validate(JSON.parse(ping.body)), JSON.stringify(validate.errors)).toBe(true);
    expect(await verifySignature(SECRET, ping.headers['ringside-signature'], ping.body, Date.now())).toBe(true);
  }, 90_000);
});
