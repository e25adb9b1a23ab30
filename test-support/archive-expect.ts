import { expect } from 'vitest';
import type { Archive } from '../src-main/core/history/archive';
import { callIdsOf, simulatorRecords, type CoreRig } from './core-harness';

/** Every call of the simulator's log is in the archive once, with its newest version (and nothing else). */
export function expectArchivedExactlyOnce(rig: CoreRig, archive: Archive): void {
  const records = simulatorRecords(rig.sim);
  const calls = callIdsOf(records);
  expect(archive.count()).toBe(calls.size);
  expect([...archive.iterate()].map((r) => r.id).sort()).toEqual([...calls].sort());
  const stale = records.filter((r) => {
    const stored = archive.detail(r.id);
    if (!stored) return true;
    // A merged caller half is stored whole inside its call; a call's own record must be the newest.
    return stored.row.id === r.id && stored.record?.lastModifiedTime !== r.lastModifiedTime;
  });
  expect(stale.map((r) => r.id)).toEqual([]);
}
