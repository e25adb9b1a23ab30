import { Archive } from '../src-main/core/history/archive';
import { CALL_LOG_PAGE_SIZE, HistorySync } from '../src-main/core/history/history-sync';
import { coreRig, quietLogger, simulatorRecords } from '../test-support/core-harness';
import { systemClock } from '../src-main/core/ports';
import { DEMO_ACCOUNT } from '../src-simulator/account/demo-account';
import { WINDOW_SECONDS } from '../src-simulator/http/rate-limits';

import type { BenchFigure } from './stats';

/** Heavy slots per window the planner keeps for placing and cancelling calls (RESERVED in rate-planner.ts; REALITY 23). */
const HEAVY_KEPT_FOR_CALLS = 1;
/** The last share of a window in which the planner lends the kept slot to the sync (LEND_WITHIN in rate-planner.ts). */
const KEPT_SLOT_LENT_WITHIN = 0.03;

/**
 * The least simulated time N requests of one group can span under a sliding window of
 * `limit` requests per `windowS`: request i + limit can go no sooner than a window after
 * request i, so N requests need floor((N - 1) / limit) whole windows.
 */
export function rateLimitLowerBoundS(requests: number, limit: number, windowS = WINDOW_SECONDS): number {
  return requests <= 1 ? 0 : Math.floor((requests - 1) / limit) * windowS;
}

/**
 * The least simulated time N requests of a history sync can span when a Heavy slot stays free
 * for placing a call (REALITY 23: RingOut and the call log share Heavy): at most `limit - kept`
 * of them in any window, the kept slot lent only in a window's last `lentWithin` share, so
 * request i + (limit - kept) goes no sooner than window × (1 - lentWithin) after request i.
 */
export function syncLowerBoundS(
  requests: number,
  limit: number,
  kept = HEAVY_KEPT_FOR_CALLS,
  lentWithin = KEPT_SLOT_LENT_WITHIN,
  windowS = WINDOW_SECONDS,
): number {
  return requests <= 1 ? 0 : Math.floor((requests - 1) / (limit - kept)) * windowS * (1 - lentWithin);
}

/**
 * The sliding-window check on admission times (simulated ms): the first request that came
 * sooner than a window after the one `limit` places before it, or null. A request through
 * too early means the simulator (or this measure) is wrong, and every ratio with it.
 */
export function windowViolation(admittedSimMs: readonly number[], limit: number, windowS = WINDOW_SECONDS): { index: number; gapMs: number } | null {
  for (let i = limit; i < admittedSimMs.length; i++) {
    const gapMs = admittedSimMs[i]! - admittedSimMs[i - limit]!;
    if (gapMs < windowS * 1000) return { index: i, gapMs };
  }
  return null;
}

/**
 * The simulator's speed for a sync of N calls: the faster it runs, the more simulated time each
 * real millisecond of processing costs (at 10× a 1 s page write is 10 simulated s), and a long
 * sync must measure the rate limit, not the machine. 100k calls (about 520 Heavy requests, 52
 * simulated minutes) run at 5×: about 10 minutes.
 */
export function syncBenchTimeScale(count: number): number {
  // Under 10k calls the sync fits one rate window (no wait to speed up): 5× keeps its first rows a measure of the sync, not of the machine.
  return count >= 100_000 ? 5 : count >= 10_000 ? 10 : 5;
}

/** The fewest Heavy requests that can read N Detailed records: a page holds at most 250 (REALITY 24). */
export function leastPageRequests(records: number, pageSize = CALL_LOG_PAGE_SIZE): number {
  return Math.ceil(records / pageSize);
}

/** The figures this bench printed before the newest-first fill (bench/README.md, run alone on 2026-12-03), for the side-by-side. */
const BEFORE: Record<number, string> = {
  10_000: '1.04× (362 s for 55 requests; first rows not measured)',
  100_000: '1.02× (3441 s for 523 requests; first rows not measured)',
};

/** The history the first sync reads by default: 12 months (DEFAULT_SETTINGS.historyDepthDays); the seed spans a day less so every call is inside. */
const HISTORY_SPAN_DAYS = 364;

/**
 * Initial sync of N calls over 12 months, all the user's, at the real rate limits, the simulator
 * sped up, at the default depth (12 months), newest first. The first screen of rows is the first
 * page archived: simulated seconds from the start of the sync (its token, then that page). Time
 * is the simulator's own clock: each Heavy request's admission by its rate limiter, from the
 * first to the last, in simulated seconds. The bound comes from the limit the simulator
 * enforces (its sliding window), so a ratio under 1.0 is impossible unless the simulator let
 * requests through early: that fails the run loudly instead of printing a flattering figure.
 * So does a sync with fewer Heavy requests than its records need at 250 a Detailed page.
 */
export async function syncBench(count: number, timeScale: number): Promise<BenchFigure[]> {
  // Only the signed-in user on the account: every seeded call is one the sync must read.
  const account = { ...DEMO_ACCOUNT, extensions: [DEMO_ACCOUNT.extensions[0]!] };
  const rig = await coreRig({ sim: { timeScale, seedHistory: count, seedSpanDays: HISTORY_SPAN_DAYS, seed: 5, account } });
  try {
    const userRecords = simulatorRecords(rig.sim, 0).length;
    const { archive } = Archive.open(':memory:');
    const sync = new HistorySync(rig.api, archive, systemClock, quietLogger);
    // Simulated time when the sync starts and when its first page is archived (the first rows a user sees).
    const simulatedNow = () => rig.sim.clock.now() * timeScale;
    let firstRowsAt: number | null = null;
    let firstRowsCount = 0;
    sync.onProgress((p) => {
      if (firstRowsAt === null && p.phase === 'initial' && p.fetched > 0) {
        firstRowsAt = simulatedNow();
        firstRowsCount = archive.count();
      }
    });
    const limiter = rig.sim.rateLimiter;
    const limit = limiter.limits.Heavy;
    const admitted: number[] = [];
    const check = limiter.check.bind(limiter);
    limiter.check = (key, group) => {
      const decision = check(key, group);
      // The simulator's clock runs in wall ms; simulated time is that × the time scale.
      if (group === 'Heavy' && decision.allowed) admitted.push(rig.sim.clock.now() * timeScale);
      return decision;
    };
    const started = performance.now();
    const simulatedStart = simulatedNow();
    await sync.run();
    const wallMs = performance.now() - started;
    limiter.check = check;
    const records = archive.count();
    const tooMany = rig.sim.requestLog.filter((r) => r.status === 429).length;
    const violation = windowViolation(admitted, limit);
    if (violation) {
      throw new Error(
        `The simulator let ${limit + 1} Heavy requests through within ${(violation.gapMs / 1000).toFixed(1)} simulated s (request ${violation.index + 1}); its limit is ${limit} per ${WINDOW_SECONDS} s. The sync figures would be wrong.`,
      );
    }
    const least = leastPageRequests(userRecords);
    if (admitted.length < least) {
      throw new Error(
        `${userRecords} Detailed records were read in ${admitted.length} Heavy requests; at most ${CALL_LOG_PAGE_SIZE} a page they need ${least}. The simulator gave larger pages than the service does.`,
      );
    }
    const spanS = admitted.length > 1 ? (admitted[admitted.length - 1]! - admitted[0]!) / 1000 : 0;
    const rawBoundS = rateLimitLowerBoundS(admitted.length, limit);
    const boundS = syncLowerBoundS(admitted.length, limit);
    const label = `${count.toLocaleString('en-US')} calls over 12 months for the user (${userRecords.toLocaleString('en-US')} records, ${records.toLocaleString('en-US')} calls archived)`;
    const before = BEFORE[count] ? `; before the newest-first fill: ${BEFORE[count]}` : '';
    const pages = `${admitted.length} Heavy requests (the ${userRecords.toLocaleString('en-US')} records need at least ${least} at ${CALL_LOG_PAGE_SIZE} a Detailed page)`;
    const figures: BenchFigure[] = [];
    if (firstRowsAt === null) throw new Error(`initial sync ${label}: no page was archived`);
    figures.push({
      name: `initial sync ${label}: time to the first screen of rows`,
      unit: 's',
      value: (firstRowsAt - simulatedStart) / 1000,
      budget: { on: 'value', max: 10 },
      note: `simulated, from the start of the sync to its first page archived (the sync token, then the newest ${CALL_LOG_PAGE_SIZE} records: ${firstRowsCount} calls on screen)`,
    });
    if (rawBoundS > 0) {
      const ratio = spanS / boundS;
      if (ratio < 1)
        throw new Error(
          `initial sync ${label}: ${spanS.toFixed(1)} s simulated is under the sync's rate-limit lower bound of ${boundS.toFixed(1)} s; the measure, the planner or the simulator is wrong.`,
        );
      figures.push({
        name: `initial sync ${label}: first to last Heavy request / the sync's rate-limit lower bound`,
        unit: '×',
        value: ratio,
        budget: { on: 'value', max: 1.1 },
        note: `${spanS.toFixed(0)} s simulated (simulator clock) vs ${boundS.toFixed(0)} s for ${pages}: ${limit - HEAVY_KEPT_FOR_CALLS} of ${limit} Heavy per ${WINDOW_SECONDS} s sliding, 1 kept for placing a call (lent only in a window's last ${KEPT_SLOT_LENT_WITHIN * 100}%); ${tooMany} × 429; at ${timeScale}× each real ms of processing is ${timeScale} simulated ms${before}`,
      });
      figures.push({
        name: `initial sync ${label}: first to last Heavy request / the raw rate-limit lower bound`,
        unit: '×',
        value: spanS / rawBoundS,
        note: `vs ${rawBoundS} s for all ${limit} Heavy slots of each ${WINDOW_SECONDS} s window to the sync (none kept for a call); ${(spanS / 60).toFixed(1)} simulated minutes`,
      });
    } else {
      figures.push({
        name: `initial sync ${label}: rate limit`,
        unit: 'Heavy requests',
        value: admitted.length,
        note: `${pages}, within one window of ${limit}, so no wait is due (${spanS.toFixed(1)} s simulated); ${tooMany} × 429`,
      });
    }
    figures.push({
      name: `initial sync ${label}: wall time`,
      unit: 's',
      value: wallMs / 1000,
      note: `${Math.round(records / (wallMs / 1000)).toLocaleString('en-US')} records/s into the archive (time scale ${timeScale}×)`,
    });
    return figures;
  } finally {
    await rig.close();
  }
}

// `npx tsx bench/sync-bench.ts [count ...]` runs the initial-sync figures on their own, as `npm run bench` does.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { describe } = await import('./stats');
  const counts = process.argv.slice(2).map(Number);
  for (const count of counts.length > 0 ? counts : [1000, 10_000, 100_000]) {
    for (const figure of await syncBench(count, syncBenchTimeScale(count))) console.log(describe(figure));
  }
}
