/** Issue 30: deliveries do not depend on RingCentral: a sign-out neither loses nor stops them. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Simulator } from '../../../src-simulator';
import { waitFor } from '../../../test-support/simulator-harness';
import { WebhookReceiver } from '../../../test-support/webhook-receiver';
import { MemorySecretStore } from '../ports';
import { RingsideCore } from '../ringside-core';

let sim: Simulator | undefined;
let receiver: WebhookReceiver | undefined;
const cores: RingsideCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
  await sim?.close();
  await receiver?.close();
});

it('a call.completed waiting when the user signs out is delivered after the sign-out, and after the next start', async () => {
  sim = await Simulator.start({ timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 10 });
  receiver = await WebhookReceiver.start();
  // The first attempt fails, the next is held unanswered: the delivery waits across the sign-out with one failure
  // behind it (a receiver that kept failing would push its next attempt out by backoff as long as the test ran).
  receiver.behave = () => (receiver!.requests.length === 1 ? 'drop' : 'hang');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-webhooks-signout-'));
  const secrets = new MemorySecretStore();
  const start = async () => {
    const core = await RingsideCore.start({
      server: { server: sim!.url, clientId: sim!.app.clientId, clientSecret: sim!.app.clientSecret },
      secrets,
      dataDir,
      autoSync: false,
      // Short backoff waits (the real clock runs this test): a tenth of the jitter's range.
      random: () => 0.1,
    });
    cores.push(core);
    return core;
  };
  const core = await start();
  await core.session.signInWithJwt('ringside-demo-jwt');
  await core.webhooks.add({ url: receiver.url, secret: 'sign-out-secret-0123456789', events: ['call.completed', 'call.updated'] });
  const placed = await core.calls.place({ to: '+12125550101', from: '+16505550198' });
  await waitFor(() => receiver!.hangingCount === 1, { timeoutMs: 15_000, what: 'a failed first attempt, then a second held' });
  await core.session.signOut();
  expect(core.session.state.status).toBe('signedOut');
  // The held attempt fails too; the one after it, after the sign-out, is accepted.
  receiver.behave = () => ({ status: 200 });
  receiver.dropHanging();
  await waitFor(() => receiver!.accepted.length === 1, { timeoutMs: 10_000, what: 'the delivery after the sign-out' });
  expect(JSON.parse(receiver.accepted[0]!.body)).toMatchObject({ type: 'call.completed', call: { ringsideCallId: placed.id } });

  // The app stops its core at a sign-out: a note written meanwhile, its delivery under way, goes again at the next start.
  receiver.behave = () => 'hang';
  core.annotations.annotate({ callId: placed.id }, { note: 'after the sign-out', disposition: null });
  await waitFor(() => receiver!.hangingCount === 1, { timeoutMs: 10_000, what: 'the note’s delivery under way' });
  await core.stop();
  cores.splice(cores.indexOf(core), 1);
  receiver.behave = () => ({ status: 200 });
  receiver.dropHanging();
  const again = await start();
  await waitFor(() => receiver!.accepted.length === 2, { timeoutMs: 10_000, what: 'the delivery after the next start' });
  expect(JSON.parse(receiver.accepted[1]!.body)).toMatchObject({ type: 'call.updated', call: { note: 'after the sign-out' } });
  expect(again.webhooks.list().endpoints[0]).toMatchObject({ pending: 0 });
}, 60_000);
