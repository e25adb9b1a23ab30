/**
 * Issue 26, items 15 and 10: known conditions reach the user in their own words, in the window
 * (IPC) and on the command line, never as "Something went wrong"; notes, favourites and
 * dispositions go through the archive's transaction, so a read-only archive refuses them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeChannel } from '../../src-shared/ipc-contract';
import type { CallLogRecord } from '../../src-shared/call-log';
import { generateHistory } from '../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT, Simulator } from '../../src-simulator';
import { ARCHIVE_SCHEMA_VERSION, Archive, ArchiveFullError, ArchiveReadOnlyError } from '../core/history/archive';
import { MemorySecretStore, type Logger } from '../core/ports';
import { reportFailure } from '../cli/main';
import { RecordingPorts } from '../../test-support/recording-ports';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable, type HandlerTable } from './ipc-handlers';

let app: AppController | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await app?.stop();
  await sim?.close();
  app = undefined;
  sim = undefined;
});

const records = generateHistory({ count: 3, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: Date.UTC(2026, 10, 24), seed: 15 }).map(
  (h) => h.record as unknown as CallLogRecord,
);

/** A logger that remembers errors: a known condition is not an unexpected failure. */
function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info: () => undefined, warn: () => undefined, error: (message) => void errors.push(message) };
}

describe('known errors in their own words (issue 26, item 15)', () => {
  it('the window is told a newer Ringside made the history read-only, and notes, favourites and dispositions are refused in words', async () => {
    sim = await Simulator.start({ timeScale: 50 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-known-'));
    const file = path.join(dataDir, 'archive.sqlite');
    const { archive } = Archive.open(file);
    archive.upsertRecords(records);
    archive.close();
    const raw = new DatabaseSync(file);
    raw.exec(`PRAGMA user_version = ${ARCHIVE_SCHEMA_VERSION + 1}`);
    raw.close();
    const ports = new RecordingPorts();
    app = await AppController.start(
      ports.appPorts({
        secrets: new MemorySecretStore(),
        dataDir,
        env: { RC_SERVER_URL: sim.url, RC_CLIENT_ID: sim.app.clientId, RC_CLIENT_SECRET: sim.app.clientSecret, RC_JWT: 'ringside-demo-jwt' },
      }),
    );
    const logger = recordingLogger();
    const table = handlerTable(app);
    const invoke = (channel: InvokeChannel, request: unknown) => dispatchInvoke(table, channel, request, logger);
    const refused = { ok: false, error: { code: 'READ_ONLY', message: expect.stringMatching(/^Not saved: .*read-only/) } };
    expect(await invoke('call.annotate', { ref: { id: records[0]!.id }, annotation: { note: 'Call back Tuesday', disposition: null } })).toEqual(refused);
    expect(await invoke('favourites.set', { number: '+12125550100', favourite: true })).toEqual(refused);
    expect(await invoke('dispositions.update', { dispositions: ['Reached', 'Sold'] })).toEqual(refused);
    // Nothing claimed as saved was saved; reading still works.
    expect(await invoke('dispositions.list', {})).toMatchObject({ ok: true, value: expect.not.arrayContaining(['Sold']) });
    expect(await invoke('call.annotation', { id: records[0]!.id })).toEqual({ ok: true, value: { note: null, disposition: null } });
    expect(await invoke('history.query', {})).toMatchObject({ ok: true, value: { total: 3 } });
    expect(logger.errors).toEqual([]);
    // And the window said so from the start.
    expect(app.snapshot().notice).toMatch(/newer Ringside.*read-only/);
  });

  it('a full disk and a read-only history each have their own words over IPC, not "Something went wrong"', async () => {
    const logger = recordingLogger();
    const table = {
      'history.sync': () => {
        throw new ArchiveFullError();
      },
      'dispositions.update': () => {
        throw new ArchiveReadOnlyError('Your call history was written by a newer Ringside (schema 9), so it is read-only here.');
      },
    } as unknown as HandlerTable;
    expect(await dispatchInvoke(table, 'history.sync', {}, logger)).toEqual({
      ok: false,
      error: { code: 'DISK_FULL', message: expect.stringMatching(/^The disk is full, so call history could not be saved/) },
    });
    expect(await dispatchInvoke(table, 'dispositions.update', { dispositions: ['Reached'] }, logger)).toEqual({
      ok: false,
      error: { code: 'READ_ONLY', message: 'Not saved: Your call history was written by a newer Ringside (schema 9), so it is read-only here.' },
    });
    expect(logger.errors).toEqual([]);
  });

  it('the command line says the same words for them, not "unexpected error"', () => {
    const lines: string[] = [];
    const io = { stderr: (line: string) => void lines.push(line) };
    expect(reportFailure(new ArchiveFullError(), io)).toBe(1);
    expect(reportFailure(new ArchiveReadOnlyError('Your call history file is in use by another program, so it is read-only this session.'), io)).toBe(1);
    expect(lines).toEqual([
      `ringside: ${new ArchiveFullError().message}`,
      'ringside: Not saved: Your call history file is in use by another program, so it is read-only this session.',
    ]);
  });
});
