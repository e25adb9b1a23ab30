/** Issue 26, item 12: a note for a call id that does not exist is refused in words, and nothing is stored. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../src-shared/history-row';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { RecordingPorts } from '../../test-support/recording-ports';
import { waitFor } from '../../test-support/simulator-harness';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable } from './ipc-handlers';

let app: AppController | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('notes on calls that do not exist (issue 26, item 12)', () => {
  it('refuses an unknown row id or placed-call id with NOT_FOUND and a sentence, stores nothing, and still takes a real one', async () => {
    const ports = new RecordingPorts();
    app = await AppController.start(
      ports.appPorts({
        secrets: new MemorySecretStore(),
        dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-notes-')),
        env: {},
        demo: { timeScale: 50, seedHistory: 30 },
      }),
    );
    const table = handlerTable(app);
    const invoke = (channel: 'call.annotate' | 'call.annotation' | 'history.query', request: unknown) => dispatchInvoke(table, channel, request, silentLogger);
    const note = { note: 'Wants a quote', disposition: 'Call back' };

    for (const ref of [{ id: 'no-such-call' }, { callId: 'no-such-placed-call' }]) {
      expect(await invoke('call.annotate', { ref, annotation: note })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'That call is not in your history, so the note was not saved.' },
      });
      expect(await invoke('call.annotation', ref)).toEqual({ ok: true, value: { note: null, disposition: null } });
    }

    const rows = await waitFor(
      async () => {
        const answer = await invoke('history.query', {});
        return answer.ok && (answer.value as { rows: HistoryRow[] }).rows.length > 0 ? (answer.value as { rows: HistoryRow[] }).rows : null;
      },
      { timeoutMs: 10_000, what: 'the demo history' },
    );
    expect(await invoke('call.annotate', { ref: { id: rows[0]!.id }, annotation: note })).toEqual({ ok: true, value: note });
  });
});
