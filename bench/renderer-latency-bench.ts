import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startHarness } from '../e2e/harness/ringside-harness';
import { summarize, type BenchFigure } from './stats';

const STATE_OF: Record<string, string> = { Ringing: 'ringing', Answered: 'connected' };
/** The baseline: a peer that polls the caller leg every 2.5 s sees a change after ≈2.4 s at p95. */
const PEER_P95_MS = 2500 * 0.95;
const peerRatio = (p95: number) => `${(p95 / PEER_P95_MS).toPrecision(2)}× the p95 of a peer polling the caller leg every 2.5 s (≈2.4 s)`;

/**
 * The full path: the simulator's party change → core → IPC handlers' event → the renderer's
 * state and DOM (a lane's label), in Chromium through the harness; push on, then paused.
 */
export async function rendererLatencyBench(calls: number, timeScale: number): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
  try {
    for (const push of [true, false]) {
      const harness = await startHarness({ timeScale, seedHistory: 50, callLogDelaySeconds: 5 });
      try {
        const sim = harness.controller.demoSimulator!;
        if (!push) sim.setFaults({ push: { paused: true } });
        const changedAt = new Map<string, number>();
        sim.partyObservers.push((_call, party, at) => {
          const state = party.status.code === 'Answered' ? 'connected' : party.status.code === 'Proceeding' || party.status.code === 'Setup' ? 'ringing' : null;
          const key = `${party.ringOutRole === 'Initiator' ? 'caller' : 'callee'}|${state}`;
          if (state && !changedAt.has(key)) changedAt.set(key, at);
        });
        const page = await browser.newPage({ viewport: { width: 380, height: 560 } });
        await harness.open(page, 'popover');
        await page.getByLabel('Ring me at').waitFor();
        // Record when each lane label first shows a state, on the page's own clock (same machine).
        await page.evaluate(() => {
          const seen: Record<string, number> = {};
          (window as unknown as { __laneTimes: Record<string, number> }).__laneTimes = seen;
          new MutationObserver(() => {
            for (const lane of document.querySelectorAll('section[aria-label]')) {
              const label = lane.getAttribute('aria-label')!;
              seen[label] ??= Date.now();
            }
          }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
        });
        const samples: number[] = [];
        for (let i = 0; i < calls; i++) {
          changedAt.clear();
          await page.evaluate(() => {
            const w = window as unknown as { __laneTimes: Record<string, number> };
            for (const key of Object.keys(w.__laneTimes)) delete w.__laneTimes[key];
          });
          if (i > 0) await page.getByRole('button', { name: 'New call' }).click();
          await page.getByLabel('Number to call').fill('+12125550100');
          await page.getByLabel('Number to call').press('Enter');
          await page.getByRole('region', { name: 'Them: Answered' }).waitFor({ timeout: 30_000 });
          const lanes = await page.evaluate(() => (window as unknown as { __laneTimes: Record<string, number> }).__laneTimes);
          for (const [label, at] of Object.entries(lanes)) {
            const [who, word] = label.split(': ');
            const state = STATE_OF[word ?? ''];
            const start = state ? changedAt.get(`${who === 'You' ? 'caller' : 'callee'}|${state}`) : undefined;
            if (start !== undefined) samples.push(at - start);
          }
          await page.getByRole('button', { name: 'New call' }).waitFor({ timeout: 30_000 });
        }
        const summary = summarize(samples);
        const interval = 60_000 / timeScale / 40;
        figures.push(
          push
            ? {
                name: `leg change → renderer, push (Chromium harness, ${calls} calls)`,
                unit: 'ms',
                ...summary,
                budget: { on: 'p95', max: 250 },
                note: peerRatio(summary.p95!),
              }
            : {
                name: `leg change → renderer, polling only (Chromium harness, ${calls} calls)`,
                unit: 'ms',
                ...summary,
                budget: { on: 'p95', max: Math.round(interval + 250) },
                note: `poll interval ${interval.toFixed(0)} ms at ${timeScale}× (1.5 s at real speed, a peer's 2.5 s); p95 ${(summary.p95! / interval).toFixed(2)}× the interval`,
              },
        );
      } finally {
        await harness.close();
      }
    }
  } finally {
    await browser.close();
  }
  return figures;
}
