/**
 * The team board through the window's door (issue 29): `teamBoard.open` over the handler
 * table (validated, never throwing), the board's snapshot, and each change as a
 * `teamBoard.changed` event, in the demo's 50-user team account signed in as its admin.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { AppSnapshot, InvokeChannel } from '../../src-shared/ipc-contract';
import { boardSnapshotSchema, boardUpdateSchema, type BoardSnapshot, type BoardUpdate } from '../../src-shared/team-board';
import { placeColleagueCall, TEAM_ACCOUNT } from '../../src-simulator/account/team-account';
import { RecordingPorts } from '../../test-support/recording-ports';
import { waitFor } from '../../test-support/simulator-harness';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable } from './ipc-handlers';

let app: AppController | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

it('teamBoard.open answers the board; every change reaches the windows as teamBoard.changed', async () => {
  const ports = new RecordingPorts();
  app = await AppController.start(
    ports.appPorts({
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-team-board-')),
      env: {},
      demo: { timeScale: 50, seedHistory: 0, callLogDelaySeconds: 5, team: true },
    }),
  );
  const table = handlerTable(app);
  const invoke = async <T>(channel: InvokeChannel, request: unknown) => {
    const answer = await dispatchInvoke(table, channel, request, silentLogger);
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
    return answer.value as T;
  };
  await waitFor(async () => (await invoke<AppSnapshot>('app.snapshot', {})).session.status === 'signedIn', { timeoutMs: 10_000, what: 'the demo' });
  // A request with anything extra is refused with words, not thrown.
  expect(await dispatchInvoke(table, 'teamBoard.open', { all: true }, silentLogger)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

  const snapshot = await invoke<BoardSnapshot>('teamBoard.open', {});
  expect(boardSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  expect(snapshot.access).toEqual({ kind: 'allowed' });
  expect(snapshot.members.filter((m) => TEAM_ACCOUNT.extensions.some((e) => String(e.id) === m.extensionId))).toHaveLength(TEAM_ACCOUNT.extensions.length);

  const colleague = TEAM_ACCOUNT.extensions[7]!;
  const call = placeColleagueCall(app.demoSimulator!, colleague.id, '+12125550101');
  const changes = () => ports.events.filter((e) => e.channel === 'teamBoard.changed').map((e) => e.payload as BoardUpdate);
  const ended = await waitFor(
    () => changes().find((u) => u.kind === 'call' && u.call.telephonySessionId === call.telephonySessionId && u.call.endedAt !== null),
    { timeoutMs: 10_000, what: 'the colleague’s call ended on the board' },
  );
  expect(ended).toMatchObject({ kind: 'call', call: { extensionId: String(colleague.id) } });
  for (const update of changes()) expect(boardUpdateSchema.safeParse(update).success).toBe(true);
  expect(changes().some((u) => u.kind === 'call' && u.call.telephonySessionId === call.telephonySessionId && u.call.caller.state === 'ringing')).toBe(true);

  // Signed out: nothing of the team stays, and the board is refused with words.
  await invoke('session.signOut', {});
  expect(changes().at(-1)).toEqual({ kind: 'snapshot', snapshot: { access: { kind: 'signedOut' }, members: [], calls: [], live: false } });
  expect(await dispatchInvoke(table, 'teamBoard.open', {}, silentLogger)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
}, 30_000);
