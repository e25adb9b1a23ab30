import { spawn } from 'node:child_process';
import { Archive } from '../src-main/core/history/archive';
import { HistorySync } from '../src-main/core/history/history-sync';
import { systemClock } from '../src-main/core/ports';
import { coreRig, quietLogger } from '../test-support/core-harness';
import { describe, type BenchFigure } from './stats';

const LIMITS = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 } as const;

/** The hard conditions the load run is repeated under (issue 26, item 7): zero 429s in each. */
export interface LoadConditions {
  /** The simulator's latencyJitterMs fault: 0–N real ms on the way in and again on the way back. */
  jitterMs?: number;
  /** Another process spinning on a core for the whole run (started and stopped here). */
  cpuBusy?: boolean;
}

/** A second Node process that keeps one core busy until stopped. */
function spinner(): { stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/**
 * 20 concurrent tracked calls, placed again as they finish, plus an initial history sync,
 * for a number of simulated minutes at the real rate limits, against the realistic simulator:
 * records ~30 s late and modified later, push for your own party only (the callee leg by
 * status polling, REALITY 7), half the calls ringing your desk phone (logged as two records,
 * REALITY 12). Budget: zero 429s; the Light group's use (status polls) is printed.
 */
export async function loadBench(simulatedMinutes: number, timeScale: number, concurrent = 20, conditions: LoadConditions = {}): Promise<BenchFigure[]> {
  const busy = conditions.cpuBusy ? spinner() : null;
  const rig = await coreRig({ push: true, sim: { timeScale, seedHistory: 5000, statusExpirySeconds: 60 } });
  try {
    rig.sim.setFaults({ push: { withholdCalleeParty: true }, latencyJitterMs: conditions.jitterMs ?? 0 });
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger, 400);
    const endAt = Date.now() + (simulatedMinutes * 60_000) / timeScale;
    let placed = 0;
    const replaced = new Set<string>();
    const placeOne = async () => {
      placed++;
      // Every other call rings the desk phone, a PhoneLine of the account: two records each.
      await rig.tracker.place({ to: '+12125550108', from: placed % 2 ? '+16505550198' : '+16505550197' }).catch(() => undefined);
    };
    rig.tracker.onUpdated((call) => {
      // A call is over for the user when its legs are; its record comes later (~30 s, then modified).
      if (call.phase !== 'live' && call.phase !== 'placing' && !replaced.has(call.id) && Date.now() < endAt) {
        replaced.add(call.id);
        void placeOne();
      }
    });
    const syncing = sync.run();
    await Promise.all(Array.from({ length: concurrent }, placeOne));
    while (Date.now() < endAt) await new Promise((r) => setTimeout(r, 100));
    await syncing;
    const pending = rig.finals.filter((c) => c.callLogPending).length;
    const log = rig.sim.requestLog;
    if (process.env['BENCH_DEBUG']) {
      const counts = new Map<string, number>();
      for (const r of log) counts.set(`${r.operationId} ${r.status} ${r.via}`, (counts.get(`${r.operationId} ${r.status} ${r.via}`) ?? 0) + 1);
      console.log([...counts].sort((a, b) => b[1] - a[1]));
    }
    const tooMany = log.filter((r) => r.status === 429).length;
    const confirmed = rig.finals.filter((c) => c.phase === 'confirmed').length;
    const byGroup = (group: keyof typeof LIMITS) => log.filter((r) => r.group === group).length;
    const share = (group: keyof typeof LIMITS) => `${group} ${Math.round((100 * byGroup(group)) / (LIMITS[group] * simulatedMinutes))}%`;
    const perCall = (log.filter((r) => r.operationId === 'readRingOutCallStatus').length / Math.max(1, placed)).toFixed(1);
    const under = [
      conditions.jitterMs ? `network jitter 0–${conditions.jitterMs} ms each way` : null,
      conditions.cpuBusy ? 'another process spinning on a core' : null,
    ].filter(Boolean);
    return [
      {
        name: `${concurrent} concurrent calls + history sync, ${simulatedMinutes} simulated min${under.length ? `, ${under.join(', ')}` : ''}: 429 answers`,
        unit: '',
        value: tooMany,
        budget: { on: 'value', max: 0 },
        note: `${placed} calls placed, ${confirmed} confirmed, ${pending} not yet in the call log, ${archive.count()} calls synced; budget used: ${(['Light', 'Medium', 'Heavy', 'Auth'] as const).map(share).join(', ')}; ${perCall} status polls per call`,
      },
    ];
  } finally {
    await rig.close();
    await busy?.stop();
  }
}

// `npx tsx bench/load-bench.ts`: the load run alone, plain, with jitter and with the CPU busy.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const conditions of [{}, { jitterMs: 500 }, { cpuBusy: true }]) {
    for (const figure of await loadBench(10, 60, 20, conditions)) console.log(describe(figure));
  }
}
