/**
 * History sync against the realistic simulator (REALITY 12, 14, 16; audit finding 2): records
 * appear ~30 s late and are modified later, incremental syncs are now and then answered as a
 * forced FSync, list answers carry no totals, a RingOut to your desk phone is logged twice.
 * Whatever the moment a call is made, it ends up archived exactly once, up to date.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { expectArchivedExactlyOnce } from '../../../test-support/archive-expect';
import { coreRig, finalCall, quietLogger, simulatorRecords, type CoreRig } from '../../../test-support/core-harness';
import { callLogSettled, waitFor } from '../../../test-support/simulator-harness';
import { systemClock } from '../ports';
import { Archive } from './archive';
import { HistorySync } from './history-sync';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const MOBILE = '+16505550198';
/** A PhoneLine of the account: a RingOut that rings it is logged as two records. */
const DESK_PHONE = '+16505550197';

describe('HistorySync against the realistic simulator', () => {
  it('archives every call exactly once, whether made before, during or after the first sync, with late and modified records', async () => {
    // Realistic record delay: 30 simulated seconds, then the callee leg filled in 30 s later.
    rig = await coreRig({ sim: { seedHistory: 3000, callLogDelaySeconds: 30 } });
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    const placed: string[] = [];
    const place = async (to: string, from: string) => placed.push((await rig!.tracker.place({ to, from })).id);

    await place('+12125550100', DESK_PHONE); // ended or not, its records come late
    let duringSync: Promise<unknown> | null = null;
    const started = sync.onProgress((p) => {
      if (p.phase === 'initial' && p.fetched > 0 && !duringSync) duringSync = Promise.all([place('+12125550101', DESK_PHONE), place('+12125550105', MOBILE)]);
    });
    expect((await sync.run()).phase).toBe('idle');
    started.dispose();
    expect(duringSync).not.toBeNull();
    await duringSync;
    await place('+12125550103', DESK_PHONE);
    for (const id of placed) await finalCall(rig, id, 20_000);
    // The last records appear and are completed 30 + 30 simulated seconds after their call ends.
    await waitFor(() => callLogSettled(rig!.sim), { timeoutMs: 20_000, what: 'the last records and their late changes' });

    // Several incremental syncs: the realistic simulator answers every 5th ISync with a forced FSync.
    const syncRequests = () => rig!.sim.requestLog.filter((r) => r.operationId === 'syncUserCallLog').length;
    const before = syncRequests();
    for (let i = 0; i < 6; i++) expect((await sync.run()).phase).toBe('idle');
    expect(syncRequests() - before).toBe(6);
    expectArchivedExactlyOnce(rig, archive);
    // The calls to the desk phone are one call each, with both legs.
    const deskCalls = ['+12125550100', '+12125550101', '+12125550103'];
    const desk = archive.query({ ringOutOnly: true, limit: 10_000 }).rows.filter((r) => deskCalls.includes(r.toNumber ?? ''));
    expect(desk.map((r) => r.fromNumber)).toEqual([DESK_PHONE, DESK_PHONE, DESK_PHONE]);
    expect(desk.every((r) => r.calleeState !== null && r.callerState !== null)).toBe(true);
    expect(rig.sim.requestLog.filter((r) => r.status === 429)).toEqual([]);
  }, 60_000);

  it('keeps nothing back when an incremental answer is full (600 new records, 250 per answer)', async () => {
    rig = await coreRig({ sim: { seedHistory: 500, realism: { forcedFSyncEvery: 0 } } });
    // forcedFSyncEvery 0: this test is about the full ISync answer alone, not a forced FSync.
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    await sync.run();
    const user = rig.sim.account.extensions[0]!;
    const burst = generateHistory({
      count: 600,
      seed: 9,
      baseUrl: rig.sim.url,
      account: { ...rig.sim.account, extensions: [user] },
      until: Date.now(),
      spanDays: 0.02,
    });
    for (const { record } of burst) rig.sim.callLog.upsert(record, { extensionId: user.id, visibleFrom: Date.now() });
    await waitFor(() => true);
    const result = await sync.run();
    expect(result.phase).toBe('idle');
    expect(result.fetched).toBeGreaterThanOrEqual(burst.length);
    expectArchivedExactlyOnce(rig, archive);
  }, 60_000);

  it('a forced FSync replaces the token and de-duplicates by record id; a record modified after it was archived is updated', async () => {
    rig = await coreRig({ sim: { seedHistory: 300, realism: { forcedFSyncEvery: 1 } } });
    // forcedFSyncEvery 1: every incremental sync is answered as a full one, to see it at once.
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    await sync.run();
    const token = archive.getMeta('sync.token');
    const synced = rig.sim.clock.now();
    const someId = simulatorRecords(rig.sim).find((r) => archive.detail(r.id)?.row.id === r.id && r.direction === 'Inbound')!.id;
    // The change comes after the token was issued: one in the token's own millisecond could count as before it.
    await waitFor(() => rig!.sim.clock.now() > synced, { intervalMs: 1, what: 'the clock to move past the token' });
    rig.sim.callLog.touch(someId, (record) => (record['result'] = 'Hang Up'));
    const count = archive.count();
    expect((await sync.run()).phase).toBe('idle');
    expect(archive.getMeta('sync.token')).not.toBe(token);
    expect(archive.count()).toBe(count);
    expect(archive.detail(someId)?.row.result).toBe('Hang Up');
    expectArchivedExactlyOnce(rig, archive);
  }, 30_000);
});
