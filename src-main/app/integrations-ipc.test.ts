/** Issue 30 through the window's door: webhooks.* and wrapUp.* over the handler table, their events, the snapshot. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { AppSnapshot, InvokeChannel } from '../../src-shared/ipc-contract';
import type { IntegrationsView, WebhookEndpointView, WrapUpView } from '../../src-shared/webhooks';
import { waitFor } from '../../test-support/simulator-harness';
import { RecordingPorts } from '../../test-support/recording-ports';
import { WebhookReceiver } from '../../test-support/webhook-receiver';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable } from './ipc-handlers';

const SECRET = 'window-secret-0123456789';
let app: AppController | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await app?.stop();
  await receiver?.close();
  app = undefined;
  receiver = undefined;
});

it('adds an endpoint, holds call.completed for the wrap-up, and sends it with the note; no secret ever reaches a window', async () => {
  receiver = await WebhookReceiver.start();
  const ports = new RecordingPorts();
  const secrets = new MemorySecretStore();
  app = await AppController.start(
    ports.appPorts({
      secrets,
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-integrations-')),
      env: {},
      demo: { timeScale: 50, seedHistory: 0, callLogDelaySeconds: 5 },
    }),
  );
  const table = handlerTable(app);
  const invoke = async <T>(channel: InvokeChannel, request: unknown) => {
    const answer = await dispatchInvoke(table, channel, request, silentLogger);
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
    return answer.value as T;
  };
  await waitFor(async () => (await invoke<AppSnapshot>('app.snapshot', {})).session.status === 'signedIn', { timeoutMs: 10_000, what: 'the demo' });
  const endpoint = await invoke<WebhookEndpointView>('webhooks.add', {
    url: receiver.url,
    secret: SECRET,
    events: ['call.completed', 'call.updated'],
    label: null,
  });
  expect((await invoke<IntegrationsView>('webhooks.list', {})).endpoints.map((e) => e.id)).toEqual([endpoint.id]);
  expect(ports.events.some((e) => e.channel === 'webhooks.changed')).toBe(true);
  await invoke('settings.update', { wrapUp: 'require', wrapUpSeconds: 120 });
  expect((await invoke<AppSnapshot>('app.snapshot', {})).wrapUps).toEqual([]);

  const call = await invoke<{ id: string }>('call.start', { to: '+12125550100' });
  const wrapUps = await waitFor(() => ports.events.filter((e) => e.channel === 'wrapUp.changed').at(-1)?.payload as WrapUpView[] | undefined, {
    timeoutMs: 15_000,
    what: 'the wrap-up',
  });
  expect(wrapUps).toEqual([{ callId: call.id, mode: 'require', until: expect.any(Number) }]);
  expect((await invoke<AppSnapshot>('app.snapshot', {})).wrapUps).toEqual(wrapUps);
  // Require mode: skipping is refused in words; the call's outcome waits.
  expect(await dispatchInvoke(table, 'wrapUp.skip', { callId: call.id }, silentLogger)).toEqual({
    ok: false,
    error: { code: 'INVALID_REQUEST', message: 'This wrap-up cannot be skipped: your settings require a disposition after every call.' },
  });
  await waitFor(() => app!.snapshot().calls.find((c) => c.id === call.id)?.phase === 'confirmed', { timeoutMs: 15_000, what: 'the confirmed call' });
  expect(receiver.requests).toHaveLength(0);
  expect(await invoke('wrapUp.finish', { callId: call.id, annotation: { note: 'Quote by Friday', disposition: 'Call back' } })).toEqual({ finished: true });
  await waitFor(() => receiver!.requests.length === 1, { timeoutMs: 10_000, what: 'call.completed' });
  expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
    type: 'call.completed',
    call: { ringsideCallId: call.id, note: 'Quote by Friday', disposition: 'Call back' },
  });
  expect((await invoke<AppSnapshot>('app.snapshot', {})).wrapUps).toEqual([]);
  // Nothing a window was sent or answered holds the secret.
  expect(JSON.stringify(ports.events)).not.toContain(SECRET);
  expect(JSON.stringify(await invoke('webhooks.list', {}))).not.toContain(SECRET);
  expect(await invoke('webhooks.remove', { id: endpoint.id })).toEqual({ removed: true });
  expect(secrets.values.size).toBe([...secrets.values.keys()].filter((k) => !k.startsWith('webhook-secret:')).length);
});
