import { Archive } from '../src-main/core/history/archive';
import { HistorySync } from '../src-main/core/history/history-sync';
import { coreRig, quietLogger } from '../test-support/core-harness';
import { systemClock } from '../src-main/core/ports';
import type { BenchFigure } from './stats';

const PAGE = 1000;
const HEAVY_LIMIT = 10;
const WINDOW_S = 60;

/**
 * Initial sync of N records at the real rate limits (simulated time, sped up). The
 * rate-limit lower bound is the time the Heavy budget needs for the requests at full rate:
 * requests / 10 per 60 s.
 */
export async function syncBench(count: number, timeScale: number): Promise<BenchFigure[]> {
  const rig = await coreRig({ sim: { timeScale, seedHistory: count, seed: 5 } });
  try {
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger, 400);
    // Time spent waiting for the rate limit runs `timeScale` times faster here; processing
    // does not. Simulated elapsed time = processing + waits × timeScale.
    let waitMs = 0;
    let waitingSince: number | null = null;
    const stop = rig.planner.onChange((state) => {
      const waiting = state.waitingUntil !== null && state.queued.sync > 0;
      if (waiting && waitingSince === null) waitingSince = performance.now();
      if (!waiting && waitingSince !== null) {
        waitMs += performance.now() - waitingSince;
        waitingSince = null;
      }
    });
    const started = performance.now();
    await sync.run();
    const wallMs = performance.now() - started;
    stop.dispose();
    const records = archive.count();
    const requests = rig.sim.requestLog.filter((r) => r.group === 'Heavy').length;
    const lowerBoundS = (Math.ceil(records / PAGE) + 1) / HEAVY_LIMIT * WINDOW_S;
    const simulatedS = (wallMs - waitMs + waitMs * timeScale) / 1000;
    const tooMany = rig.sim.requestLog.filter((r) => r.status === 429).length;
    const label = `${count.toLocaleString('en-US')} seeded (${records.toLocaleString('en-US')} for the user)`;
    return [
      { name: `initial sync ${label}: time / rate-limit lower bound`, unit: '×', value: simulatedS / lowerBoundS, budget: { on: 'value', max: 1.1 }, note: `${simulatedS.toFixed(0)} s simulated vs ${lowerBoundS.toFixed(0)} s bound, ${requests} Heavy requests, ${tooMany} × 429` },
      { name: `initial sync ${label}: wall time`, unit: 's', value: wallMs / 1000, note: `${Math.round(records / (wallMs / 1000)).toLocaleString('en-US')} records/s into the archive (time scale ${timeScale}×)` },
    ];
  } finally {
    await rig.close();
  }
}
