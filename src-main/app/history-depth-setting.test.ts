/** The history depth setting reaches the sync (issue 27): a deeper choice fetches the older part at once; the app knows "History since" before any event. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../src-shared/history';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { waitFor } from '../../test-support/simulator-harness';
import { RecordingPorts } from '../../test-support/recording-ports';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable } from './ipc-handlers';

const DAY_MS = 86_400_000;

let app: AppController | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('the history depth setting', () => {
  it('the first sync reads the chosen depth; a deeper choice in Settings fetches the older part at once', async () => {
    const ports = new RecordingPorts();
    ports.settings.set({ ...ports.settings.get(), historyDepthDays: 60 });
    app = await AppController.start(
      ports.appPorts({
        secrets: new MemorySecretStore(),
        dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-app-')),
        env: {},
        demo: { timeScale: 50, seedHistory: 1000, seedSpanDays: 200, callLogDelaySeconds: 5 },
      }),
    );
    const table = handlerTable(app);
    const invoke = (channel: 'settings.update' | 'app.snapshot', request: unknown) => dispatchInvoke(table, channel, request, silentLogger);
    const progress = () => ports.events.filter((e) => e.channel === 'sync.progress').map((e) => e.payload as SyncProgress);
    const settled = (from: number) =>
      waitFor(() => progress().find((p) => p.phase === 'idle' && p.completeFrom !== null && Math.abs(p.completeFrom - from) < 60_000), {
        timeoutMs: 20_000,
        what: 'the sync to reach its depth',
      });

    await settled(Date.now() - 60 * DAY_MS);
    const snapshot = (await invoke('app.snapshot', {})) as { ok: true; value: { sync: SyncProgress } };
    expect(Math.abs(snapshot.value.sync.completeFrom! - (Date.now() - 60 * DAY_MS))).toBeLessThan(60_000);

    expect((await invoke('settings.update', { historyDepthDays: 120 })).ok).toBe(true);
    const deeper = await settled(Date.now() - 120 * DAY_MS);
    expect(deeper.depthFrom).not.toBeNull();
    expect(Math.abs(deeper.depthFrom! - (Date.now() - 120 * DAY_MS))).toBeLessThan(60_000);
  }, 60_000);
});
