import { coreRig } from '../test-support/core-harness';
import { summarize, type BenchFigure } from './stats';

const PEER_POLL_MS = 2500;

/**
 * Leg-change latency from the simulator's party change to the core's leg-change event, with
 * push and with polling only. (The IPC hop to a renderer adds a structured clone; the
 * Chromium-harness part of this figure is not measured yet.)
 */
export async function latencyBench(calls: number, timeScale: number): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const push of [true, false]) {
    const rig = await coreRig({ push, sim: { timeScale, callLogDelaySeconds: 5, statusExpirySeconds: 10 } });
    try {
      const changedAt = new Map<string, number>();
      rig.sim.partyObservers.push((call, party, at) => {
        const state = party.status.code === 'Answered' ? 'connected' : party.status.code === 'Proceeding' || party.status.code === 'Setup' ? 'ringing' : null;
        const key = `${call.id}|${party.ringOutRole === 'Initiator' ? 'caller' : 'callee'}|${state}`;
        if (state && !changedAt.has(key)) changedAt.set(key, at);
      });
      const samples: number[] = [];
      rig.tracker.onLegChanged((change, call) => {
        if (change.source === 'callLog') return;
        const key = `${call.ringOutId}|${change.leg}|${change.to}`;
        const start = changedAt.get(key);
        if (start !== undefined) samples.push(Date.now() - start);
      });
      // One call at a time, each finished before the next: the typical case, and the poll
      // interval the budget is judged on (overlapping calls share the status budget).
      for (let i = 0; i < calls; i++) {
        const placed = await rig.tracker.place({ to: '+12125550100', from: '+16505550198' });
        const deadline = Date.now() + 30_000;
        while (!rig.finals.some((c) => c.id === placed.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      }
      const ringingPollMs = rig.planner.windowMs('Light') / 40;
      const summary = summarize(samples);
      figures.push(
        push
          ? { name: `leg change → core event, push (${calls} calls, one at a time)`, unit: 'ms', ...summary, budget: { on: 'p95', max: 250 }, note: `${(summary.p95! / (PEER_POLL_MS * 0.95)).toPrecision(2)}× the p95 of a peer polling the caller leg every 2.5 s (≈2.4 s)` }
          : { name: `leg change → core event, polling only (${calls} calls, one at a time)`, unit: 'ms', ...summary, budget: { on: 'p95', max: Math.round(ringingPollMs + 250) }, note: `poll interval ${ringingPollMs.toFixed(0)} ms at time scale ${timeScale}× (${(60_000 / 40 / 1000).toFixed(1)} s at real speed); ${(summary.p95! / ringingPollMs).toPrecision(2)}× the interval` },
      );
    } finally {
      await rig.close();
    }
  }
  return figures;
}
