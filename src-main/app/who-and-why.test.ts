/** Issue 21 through the IPC handler table: names on calls, notes, favourites and analytics in demo mode. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeChannel } from '../../src-shared/ipc-contract';
import type { TrackedCall } from '../../src-shared/calls';
import type { AnalyticsReport, QuickNumber } from '../../src-shared/annotations';
import type { HistoryRow } from '../../src-shared/history-row';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { waitFor } from '../../test-support/simulator-harness';
import { RecordingPorts } from '../../test-support/recording-ports';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable } from './ipc-handlers';

let app: AppController | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function demoApp() {
  const ports = new RecordingPorts();
  app = await AppController.start(
    ports.appPorts({
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-app-')),
      env: {},
      demo: { timeScale: 50, seedHistory: 300, callLogDelaySeconds: 5 },
    }),
  );
  const table = handlerTable(app);
  const invoke = async <T>(channel: InvokeChannel, request: unknown): Promise<T> => {
    const answer = await dispatchInvoke(table, channel, request, silentLogger);
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
    return answer.value as T;
  };
  return { ports, invoke, raw: (channel: InvokeChannel, request: unknown) => dispatchInvoke(table, channel, request, silentLogger) };
}

describe('who and why, in demo mode', () => {
  it('names a call from the demo address book in the call, the notification and the tray, and keeps its note through confirmation', async () => {
    const { invoke, ports } = await demoApp();
    await waitFor(async () => (await invoke<{ total: number }>('history.query', {})).total > 0, { timeoutMs: 10_000, what: 'history' });
    const placed = await invoke<TrackedCall>('call.start', { to: '+1 212 555 0101' });
    expect(placed.toName).toBe('Marcus Bell');
    expect(await invoke('call.annotate', { ref: { callId: placed.id }, annotation: { note: 'Line busy, try after lunch', disposition: 'Call back' } })).toEqual(
      {
        note: 'Line busy, try after lunch',
        disposition: 'Call back',
      },
    );
    await waitFor(() => ports.notifications.some((n) => n.title.includes('Marcus Bell')), { timeoutMs: 10_000, what: 'a notification naming Marcus Bell' });
    expect(ports.trayModels.at(-1)?.recentNames['+12125550101']).toBe('Marcus Bell');
    const found = await waitFor(
      async () => (await invoke<{ rows: HistoryRow[] }>('history.query', { search: 'after lunch' })).rows.find((r) => !r.id.startsWith('ringside:')),
      {
        timeoutMs: 15_000,
        what: 'the confirmed call found by its note',
      },
    );
    expect(found).toMatchObject({ contactName: 'Marcus Bell', nameSource: 'contact', disposition: 'Call back' });
    expect(await invoke('call.annotation', { callId: placed.id })).toEqual({ note: 'Line busy, try after lunch', disposition: 'Call back' });
    expect((await invoke<{ total: number }>('history.query', { disposition: 'Call back' })).total).toBe(1);
  }, 30_000);

  it('stars a number, offers it with the recents, and refuses over-long notes and duplicate dispositions', async () => {
    const { invoke, raw } = await demoApp();
    await waitFor(async () => (await invoke<{ total: number }>('history.query', {})).total > 0, { timeoutMs: 10_000, what: 'history' });
    const before = await invoke<{ favourites: QuickNumber[]; recents: QuickNumber[] }>('numbers.quick', {});
    expect(before.recents.length).toBeGreaterThan(0);
    expect(before.recents.some((r) => r.name)).toBe(true);
    await invoke('favourites.set', { number: before.recents[0]!.number, favourite: true });
    const after = await invoke<{ favourites: QuickNumber[] }>('numbers.quick', {});
    expect(after.favourites.map((f) => f.number)).toEqual([before.recents[0]!.number]);
    expect(await raw('call.annotate', { ref: { id: 'x' }, annotation: { note: 'x'.repeat(501), disposition: null } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await raw('call.annotate', { ref: { id: 'x', callId: 'y' }, annotation: { note: null, disposition: null } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await raw('dispositions.update', { dispositions: ['A', 'a'] })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await invoke('dispositions.update', { dispositions: ['Reached', 'Demo booked'] })).toEqual(['Reached', 'Demo booked']);
    expect(await invoke('dispositions.list', {})).toEqual(['Reached', 'Demo booked']);
  });

  it('reports analytics of the seeded history and exports them as CSV', async () => {
    const { invoke, ports } = await demoApp();
    // 300 seeded records: the user's, with two-record RingOuts merged into one call each.
    await waitFor(async () => (await invoke<{ total: number }>('history.query', {})).total > 150, { timeoutMs: 10_000, what: 'history' });
    const request = { from: Date.now() - 30 * 86_400_000, to: Date.now(), utcOffsetMinutes: 0 };
    const report = await invoke<AnalyticsReport>('analytics.query', request);
    expect(report.calls).toBeGreaterThan(50);
    expect(report.theirs.answered).toBeGreaterThan(0);
    expect(report.topFailed.length).toBeGreaterThan(0);
    const exported = await invoke<{ saved: boolean }>('analytics.export', request);
    expect(exported.saved).toBe(true);
    expect(ports.saved.at(-1)?.text).toContain('top failed callee legs');
  }, 15_000);
});
