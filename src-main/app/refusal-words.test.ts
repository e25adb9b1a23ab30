/**
 * REALITY 18 and 23 through the IPC dispatcher, as the window sends them: a refused call gets
 * its own sentence (the same words the CLI prints), on the error and on the call the window
 * lists; a double click on Call places one call.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeChannel } from '../../src-shared/ipc-contract';
import { BLOCKED_RING_ME_AT } from '../../src-simulator/ringout/refusals';
import { RecordingPorts } from '../../test-support/recording-ports';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { ringOutRefusal } from '../core/ringcentral/ringout-refusals';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable } from './ipc-handlers';

let app: AppController | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function demoApp() {
  app = await AppController.start(
    new RecordingPorts().appPorts({
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-app-')),
      env: {},
      demo: { timeScale: 50, seedHistory: 20, callLogDelaySeconds: 5 },
    }),
  );
  const table = handlerTable(app);
  return { app, invoke: (channel: InvokeChannel, request: unknown) => dispatchInvoke(table, channel, request, silentLogger) };
}

describe('refused calls in the app', () => {
  it('each refusal is its own sentence, on the answer and on the failed call in the list', async () => {
    const { app, invoke } = await demoApp();
    const cases: Array<[string, Record<string, string>]> = [
      ['TEL-101', { to: '+1 212 555 0140' }],
      ['BIL-103', { to: '+1 212 555 0141' }],
      ['CMN-112', { to: '+1 212 555 0142' }],
      ['CMN-113', { to: '+1 212 555 0143' }],
      ['TEL-102', { to: '+1 212 555 0100', from: BLOCKED_RING_ME_AT }],
      ['TEL-107', { to: '+1 212 555 0100', from: '+16505550198', callerId: '+19995550100' }],
    ];
    for (const [code, request] of cases) {
      const answer = await invoke('call.start', request);
      expect(answer, code).toEqual({ ok: false, error: { code: 'CALL_FAILED', message: ringOutRefusal(code) } });
      expect(app.snapshot().calls[0], code).toMatchObject({ phase: 'failed', problem: ringOutRefusal(code) });
    }
  }, 30_000);

  it('a double click on Call places one call and earns no 429', async () => {
    const { app, invoke } = await demoApp();
    app.demoSimulator!.setFaults({ slowResponseMs: 1000 });
    const [first, second] = await Promise.all([invoke('call.start', { to: '+1 212 555 0108' }), invoke('call.start', { to: '+1 212 555 0108' })]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    const log = app.demoSimulator!.requestLog;
    expect(log.filter((r) => r.operationId === 'createRingOutCall')).toHaveLength(1);
    expect(log.some((r) => r.status === 429)).toBe(false);
  }, 30_000);
});
