/** Issue 25, item 6: History's "Call again" asks to confirm in the popover (it used to only prefill, and not across windows). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { InvokeChannel } from '../../src-shared/ipc-contract';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { RecordingPorts } from '../../test-support/recording-ports';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable } from './ipc-handlers';

let app: AppController | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

it('dial.ask opens the popover with the confirmation (every window hears it), and never places a call', async () => {
  const ports = new RecordingPorts();
  app = await AppController.start(
    ports.appPorts({
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-ask-')),
      env: {},
      demo: { timeScale: 50, seedHistory: 0, callLogDelaySeconds: 5 },
    }),
  );
  const table = handlerTable(app);
  const invoke = (channel: InvokeChannel, request: unknown) => dispatchInvoke(table, channel, request, silentLogger);
  expect(await invoke('dial.ask', { number: '+12125550101' })).toEqual({ ok: true, value: { asked: true } });
  expect(ports.openedWindows).toEqual(['popover']);
  expect(ports.events.filter((e) => e.channel === 'dial.request').map((e) => e.payload)).toEqual([
    { kind: 'number', source: 'again', number: '+12125550101', extension: null, text: '+12125550101' },
  ]);
  // A window opened later finds it in the snapshot, as for a link.
  expect(await invoke('app.snapshot', {})).toMatchObject({ value: { dial: { kind: 'number', source: 'again' } } });
  expect(await invoke('dial.ask', { number: 'lunch' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  expect(ports.events.some((e) => e.channel === 'call.updated')).toBe(false);
});
