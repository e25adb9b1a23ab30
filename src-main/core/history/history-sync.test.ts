import { afterEach, describe, expect, it } from 'vitest';
import { callIdsOf, coreRig, simulatorRecords, type CoreRig } from '../../../test-support/core-harness';
import { systemClock } from '../ports';
import { quietLogger } from '../../../test-support/core-harness';
import { waitFor } from '../../../test-support/simulator-harness';
import { Archive } from './archive';
import type { SyncProgress } from '../../../src-shared/history';
import { CALL_LOG_PAGE_SIZE, HistorySync } from './history-sync';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Every record of the user's call log (what sync fetches). */
function expectedIds(rig: CoreRig): Set<string> {
  return new Set(simulatorRecords(rig.sim).map((r) => r.id));
}

/** The calls those records are: the archive holds one row per call, a two-record RingOut merged. */
function expectedCalls(rig: CoreRig): Set<string> {
  return callIdsOf(simulatorRecords(rig.sim));
}

describe('HistorySync', () => {
  it('syncs 10k records with no 429, nothing lost and nothing doubled, reporting progress', async () => {
    rig = await coreRig({ sim: { seedHistory: 10_000 } });
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    const progress: SyncProgress[] = [];
    sync.onProgress((p) => progress.push(p));
    const result = await sync.run();
    expect(result.phase).toBe('idle');
    const expected = expectedIds(rig);
    const calls = expectedCalls(rig);
    expect(calls.size).toBeLessThan(expected.size); // the realistic log has two-record RingOuts
    expect(archive.count()).toBe(calls.size);
    // Sorted arrays: comparing two large Sets deeply is quadratic.
    expect([...archive.iterate()].map((r) => r.id).sort()).toEqual([...calls].sort());
    // Every record is there: as its call's row, or merged into it as a RingOut's caller half.
    expect([...expected].filter((id) => archive.detail(id) === null)).toEqual([]);
    expect(rig.sim.requestLog.filter((r) => r.status === 429)).toEqual([]);
    const initial = progress.filter((p) => p.phase === 'initial');
    expect(initial.at(-1)).toMatchObject({ fetched: expected.size, total: expected.size, calls: calls.size });
    // While filling, the calls counted never exceed the records read and never go back.
    const counted = initial.map((p) => p.calls ?? 0);
    expect(initial.every((p) => (p.calls ?? 0) <= p.fetched)).toBe(true);
    expect(counted).toEqual([...counted].sort((a, b) => a - b));
    expect(initial.map((p) => p.fetched)).toEqual([...initial.map((p) => p.fetched)].sort((a, b) => a - b));
  }, 30_000);

  it('resumes an interrupted initial sync where it stopped', async () => {
    rig = await coreRig({ sim: { seedHistory: 4000 } });
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    let pages = 0;
    rig.sim.observers.push(({ operationId }) => {
      if (operationId === 'readUserCallLog' && ++pages === 2) rig!.sim.setFaults({ networkDown: true });
    });
    const interrupted = await sync.run();
    expect(interrupted.phase).toBe('error');
    expect(interrupted.message).toMatch(/could not be reached/);
    // The second page starts with the first one's oldest record again (read back from it, inclusive).
    expect(interrupted.fetched).toBe(2 * CALL_LOG_PAGE_SIZE - 1);
    rig.sim.setFaults({ networkDown: false });
    expect((await sync.run()).phase).toBe('idle');
    expect(archive.count()).toBe(expectedCalls(rig).size);
    // Each page once (the first brings 250 new records, each further one 249), plus one read from the window's end to now.
    expect(pages).toBe(1 + Math.ceil((expectedIds(rig).size - CALL_LOG_PAGE_SIZE) / (CALL_LOG_PAGE_SIZE - 1)) + 1);
  }, 30_000);

  it('picks up new and updated records incrementally', async () => {
    rig = await coreRig({ sim: { seedHistory: 500 } });
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    await sync.run();
    const synced = rig.sim.clock.now();
    const someId = archive.query({ limit: 1, offset: 20 }).rows[0]!.id;
    // The change comes after the token was issued: one in the token's own millisecond could count as before it.
    await waitFor(() => rig!.sim.clock.now() > synced, { intervalMs: 1, what: 'the clock to move past the token' });
    rig.sim.callLog.touch(someId, (record) => (record['result'] = 'Hang Up'));
    const result = await sync.run();
    expect(result).toMatchObject({ phase: 'idle', fetched: 1 });
    expect(archive.detail(someId)?.row.result).toBe('Hang Up');
  }, 30_000);
});
