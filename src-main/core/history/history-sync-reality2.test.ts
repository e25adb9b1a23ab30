/**
 * History sync under the call log's part-2 habits (REALITY 24-27), against the realistic
 * simulator: pages of 250, sync tokens that expire or are refused past 250 changes (the sync
 * falls back to reading the synced window again, losing and doubling nothing: this closes
 * "more than 250 old records modified between two syncs"), calls the user deleted in
 * RingCentral, and results whose spelling drifts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectArchivedExactlyOnce } from '../../../test-support/archive-expect';
import { coreRig, finalCall, quietLogger, simulatorRecords, type CoreRig } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { SimulatorOptions } from '../../../src-simulator';
import { systemClock } from '../ports';
import { Archive } from './archive';
import { CALL_LOG_PAGE_SIZE, HistorySync } from './history-sync';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const DAY_MS = 86_400_000;

async function syncedRig(options: SimulatorOptions = {}) {
  rig = await coreRig({ sim: { seedHistory: 2000, ...options } });
  const { archive } = Archive.open(':memory:');
  const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
  expect(await sync.run()).toMatchObject({ phase: 'idle', message: null });
  return { rig, archive, sync };
}

/** Until the simulator's clock is past the last sync's time, so what changes now is after it. */
async function afterLastSync(archive: Archive): Promise<void> {
  const since = Date.parse(archive.getMeta('sync.since')!);
  await waitFor(() => rig!.sim.clock.now() > since, { intervalMs: 1, what: 'the clock to move past the last sync' });
}

/** The service modifies `count` records that started more than two days ago (a result filled in late). */
function modifyOldRecords(count: number, result = 'Hang Up'): CallLogRecord[] {
  const old = simulatorRecords(rig!.sim)
    .filter((r) => Date.parse(r.startTime) < Date.now() - 2 * DAY_MS)
    .slice(0, count);
  expect(old).toHaveLength(count);
  for (const record of old) rig!.sim.callLog.touch(record.id, (r) => (r['result'] = result));
  return old;
}

const syncAnswers = (r: CoreRig, status: number) => r.sim.requestLog.filter((entry) => entry.operationId === 'syncUserCallLog' && entry.status === status);
const pageReads = (r: CoreRig) => r.sim.requestLog.filter((entry) => entry.operationId === 'readUserCallLog');

describe('HistorySync under REALITY 24-27', () => {
  it('pages the Detailed call log 250 at a time, every read with its window (REALITY 24, 25)', async () => {
    const { rig } = await syncedRig();
    const reads = pageReads(rig);
    expect(reads.length).toBeGreaterThanOrEqual(Math.ceil(simulatorRecords(rig.sim).length / CALL_LOG_PAGE_SIZE));
    for (const read of reads) {
      const query = new URLSearchParams(read.query);
      expect(query.get('perPage')).toBe(String(CALL_LOG_PAGE_SIZE));
      expect(query.get('dateFrom')).not.toBeNull();
      expect(query.get('dateTo')).not.toBeNull();
    }
  }, 30_000);

  it('more than 250 old records modified between two syncs: the ISync is refused, the synced window is read again, every change arrives once', async () => {
    // forcedFSyncEvery 0: a forced FSync would hide the refusal under test.
    const { rig, archive, sync } = await syncedRig({ realism: { forcedFSyncEvery: 0 } });
    const count = archive.count();
    await afterLastSync(archive);
    const modified = modifyOldRecords(300);
    const before = pageReads(rig).length;
    expect((await sync.run()).phase).toBe('idle');
    expect(syncAnswers(rig, 400)).toHaveLength(1);
    // The whole window again (250 a page), then from its end to now.
    expect(pageReads(rig).length - before).toBeGreaterThanOrEqual(Math.ceil(simulatorRecords(rig.sim).length / CALL_LOG_PAGE_SIZE));
    expect(archive.count()).toBe(count);
    expectArchivedExactlyOnce(rig, archive);
    const rows = modified.map((r) => archive.detail(r.id)).filter((d) => d?.row.id !== undefined && d.record?.id === d.row.id);
    expect(rows.length).toBeGreaterThan(250);
    expect(rows.every((d) => d!.record!.result === 'Hang Up')).toBe(true);
    // The next run is an ordinary incremental sync from the new token.
    expect((await sync.run()).phase).toBe('idle');
    expect(syncAnswers(rig, 400)).toHaveLength(1);
  }, 60_000);

  it('a token past its lifetime (CLG-101): new calls and an old change since the last sync all arrive, nothing doubled', async () => {
    const { rig, archive, sync } = await syncedRig({ syncTokenLifetimeSeconds: 60, realism: { forcedFSyncEvery: 0 } });
    const since = Date.parse(archive.getMeta('sync.since')!);
    await waitFor(() => rig.sim.clock.now() - since > rig.sim.clock.realMs(60_000), { what: 'the token to outlive its lifetime' });
    const [changed] = modifyOldRecords(1, 'Rejected');
    const placed = await rig.tracker.place({ to: '+12125550100', from: '+16505550198' });
    await finalCall(rig, placed.id, 20_000);
    await waitFor(() => simulatorRecords(rig.sim).some((r) => Date.parse(r.startTime) >= since), { timeoutMs: 20_000, what: 'the new call to be logged' });
    expect(await sync.run()).toMatchObject({ phase: 'idle', message: null });
    expect(syncAnswers(rig, 400).length).toBe(1);
    expect(archive.detail(changed!.id)?.record?.result ?? archive.detail(changed!.id)?.row.result).toBe('Rejected');
    expectArchivedExactlyOnce(rig, archive);
  }, 60_000);

  it('a reset call log (CLG-102) during a re-read that is interrupted: the next run resumes the re-read, never the refused token', async () => {
    const { rig, archive, sync } = await syncedRig({ seedHistory: 3000, realism: { forcedFSyncEvery: 0 } });
    await afterLastSync(archive);
    modifyOldRecords(20);
    rig.sim.resetCallLogSync();
    let reads = 0;
    rig.sim.observers.push(({ operationId }) => {
      if (operationId === 'readUserCallLog' && ++reads === 2) rig.sim.setFaults({ networkDown: true });
    });
    const interrupted = await sync.run();
    expect(interrupted.phase).toBe('error');
    expect(syncAnswers(rig, 400)).toHaveLength(1);
    rig.sim.setFaults({ networkDown: false });
    const before = pageReads(rig).length;
    expect((await sync.run()).phase).toBe('idle');
    // No second refusal: the re-read's cursor was saved with the new token, and it went on after its second page
    // (each page reads back from the oldest record of the one before it).
    expect(syncAnswers(rig, 400)).toHaveLength(1);
    const resumed = new URLSearchParams(pageReads(rig)[before]!.query);
    const secondPage = new URLSearchParams(pageReads(rig)[before - 1]!.query);
    expect(resumed.get('page')).toBe('1');
    expect(Date.parse(resumed.get('dateTo')!)).toBeLessThan(Date.parse(secondPage.get('dateTo')!));
    expectArchivedExactlyOnce(rig, archive);
  }, 60_000);

  it('a call the user deleted in RingCentral leaves the history at the next incremental sync (REALITY 26)', async () => {
    const { rig, archive, sync } = await syncedRig({ realism: { forcedFSyncEvery: 0 } });
    const rows = archive.query({ limit: 50 }).rows;
    // A RingOut that rang your mobile: one record (a desk-phone RingOut's caller half would stay in RingCentral as its own record).
    const ringOut = rows.find((r) => r.ringOut && r.fromNumber === '+16505550198')!;
    const plain = rows.find((r) => !r.ringOut)!;
    await afterLastSync(archive);
    rig.sim.callLog.delete(ringOut.id);
    rig.sim.callLog.delete(plain.id);
    const count = archive.count();
    expect((await sync.run()).phase).toBe('idle');
    expect(archive.detail(ringOut.id)).toBeNull();
    expect(archive.detail(plain.id)).toBeNull();
    expect(archive.count()).toBe(count - 2);
    expectArchivedExactlyOnce(rig, archive);
    const asked = rig.sim.requestLog.filter((r) => r.operationId === 'syncUserCallLog' && r.query.includes('ISync'));
    expect(asked.every((r) => new URLSearchParams(r.query).get('showDeleted') === 'true')).toBe(true);
  }, 30_000);

  it('a deleted RingOut to the desk phone takes its caller half along: the half, still in RingCentral, does not come back as a call of its own', async () => {
    const { rig, archive, sync } = await syncedRig({ realism: { forcedFSyncEvery: 0 } });
    const records = simulatorRecords(rig.sim);
    // A two-record RingOut (REALITY 12): the RingOut record's call row holds its Inbound caller half.
    const ringOut = archive.query({ ringOutOnly: true, limit: 10_000 }).rows.find((r) => {
      const own = records.find((record) => record.id === r.id);
      return own && records.some((h) => h.direction === 'Inbound' && h.id !== r.id && archive.detail(h.id)?.row.id === r.id);
    })!;
    const half = records.find((h) => h.direction === 'Inbound' && h.id !== ringOut.id && archive.detail(h.id)?.row.id === ringOut.id)!;
    await afterLastSync(archive);
    rig.sim.callLog.delete(ringOut.id);
    const count = archive.count();
    expect((await sync.run()).phase).toBe('idle');
    expect(archive.detail(ringOut.id)).toBeNull();
    expect(archive.count()).toBe(count - 1);
    // A refused token makes Ringside read everything again, the half included.
    rig.sim.resetCallLogSync();
    expect((await sync.run()).phase).toBe('idle');
    expect(syncAnswers(rig, 400)).toHaveLength(1);
    expect(archive.detail(half.id)).toBeNull();
    expect(archive.count()).toBe(count - 1);
  }, 60_000);

  it('results that drift (REALITY 27): each known one is its outcome whatever its case, an unknown one is shown as it came, nothing crashes', async () => {
    const { rig, archive, sync } = await syncedRig({ seedHistory: 3000, realism: { forcedFSyncEvery: 0 } });
    const rowsWith = (result: string) => archive.query({ limit: 100_000 }).rows.filter((r) => r.result === result);
    expect(rowsWith('Sent to Voicemail').length).toBeGreaterThan(0);
    expect(rowsWith('Answered Elsewhere').every((r) => r.callerState === null || r.callerState === 'connected')).toBe(true);
    const notAllowed = rowsWith('Not Allowed');
    expect(notAllowed.length).toBeGreaterThan(0);
    expect(notAllowed.every((r) => r.calleeState === 'blocked')).toBe(true);
    const oneLeg = simulatorRecords(rig.sim).filter((r) => r.legs?.some((l) => l.legType === 'RingOutOneLegToCaller'));
    expect(oneLeg.length).toBeGreaterThan(0);
    for (const record of oneLeg.slice(0, 20)) {
      const row = archive.detail(record.id)!.row;
      expect(row.ringOut).toBe(true);
      expect(row.calleeState).toBe('notCalled');
    }
    // The service spells a known result differently, and says something this build has never seen.
    const ringOuts = archive.query({ ringOutOnly: true, limit: 100 }).rows.filter((r) => r.callerState === 'connected' && r.calleeState === 'connected');
    const [shouted, strange] = ringOuts.filter((r) => archive.detail(r.id)?.record?.id === r.id);
    await afterLastSync(archive);
    const recase = (id: string, to: (result: string) => string) =>
      rig.sim.callLog.touch(id, (record) => {
        for (const leg of record['legs'] as Array<Record<string, unknown>>) if (leg['master'] !== true) leg['result'] = to(String(leg['result']));
        record['result'] = to(String(record['result']));
      });
    recase(shouted!.id, (result) => result.toUpperCase());
    recase(strange!.id, () => 'Teleported');
    expect((await sync.run()).phase).toBe('idle');
    expect(archive.detail(shouted!.id)!.row).toMatchObject({ result: 'CALL CONNECTED', calleeState: 'connected', calleeStatus: 'CALL CONNECTED' });
    const row = archive.detail(strange!.id)!.row;
    expect(row).toMatchObject({ result: 'Teleported', calleeState: 'unknown', calleeStatus: 'Teleported' });
    expect(row.explanation).toContain('Teleported');
  }, 60_000);
});
