import { afterEach, describe, expect, it } from 'vitest';
import { coreRig, type CoreRig } from '../../../test-support/core-harness';
import { systemClock } from '../ports';
import { quietLogger } from '../../../test-support/core-harness';
import { Archive } from './archive';
import type { SyncProgress } from '../../../src-shared/history';
import { HistorySync } from './history-sync';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function expectedIds(rig: CoreRig): Set<string> {
  const user = rig.sim.account.extensions[0]!.id;
  const all = rig.sim.callLog.query({
    extensionId: user, view: 'Simple', dateFrom: Date.now() - 90 * 86_400_000, dateTo: Date.now(), types: [], directions: [],
    phoneNumber: null, extensionNumber: null, sessionId: null, telephonySessionId: null, transports: [], recordedOnly: false, page: 1, perPage: 1_000_000,
  });
  return new Set(all.records.map((r) => String(r['id'])));
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
    expect(archive.count()).toBe(expected.size);
    expect(new Set(archive.query({ limit: 10_000 }).rows.map((r) => r.id))).toEqual(expected);
    expect(rig.sim.requestLog.filter((r) => r.status === 429)).toEqual([]);
    const initial = progress.filter((p) => p.phase === 'initial');
    expect(initial.at(-1)).toMatchObject({ fetched: expected.size, total: expected.size });
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
    const before = archive.count();
    expect(before).toBe(2000);
    rig.sim.setFaults({ networkDown: false });
    expect((await sync.run()).phase).toBe('idle');
    expect(archive.count()).toBe(expectedIds(rig).size);
    expect(pages).toBe(Math.ceil(expectedIds(rig).size / 1000));
  }, 30_000);

  it('picks up new and updated records incrementally', async () => {
    rig = await coreRig({ sim: { seedHistory: 500 } });
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    await sync.run();
    const someId = archive.query({ limit: 1, offset: 20 }).rows[0]!.id;
    await new Promise((resolve) => setTimeout(resolve, 10));
    rig.sim.callLog.touch(someId, (record) => (record['result'] = 'Hang Up'));
    const result = await sync.run();
    expect(result).toMatchObject({ phase: 'idle', fetched: 1 });
    expect(archive.detail(someId)?.row.result).toBe('Hang Up');
  }, 30_000);
});
