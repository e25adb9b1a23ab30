import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startHarness } from '../e2e/harness/ringside-harness';
import { summarize, type BenchFigure } from './stats';

/**
 * The history window with N archived calls, in Chromium through the harness: time from
 * opening the window to the first rows, and frame times while scrolling the whole list.
 */
export async function rendererBench(count: number): Promise<BenchFigure[]> {
  // Spread over 60 days so the demo's 90-day initial sync brings them all into the archive.
  const harness = await startHarness({ timeScale: 60, seedHistory: count, seedSpanDays: 60 });
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
  try {
    // The demo account syncs its history at start; wait until the archive holds it.
    await harness.controller.syncHistory();
    const archived = harness.controller.history({}).total;
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const opened = Date.now();
    await harness.open(page, 'history');
    await page.getByRole('listbox', { name: 'Call history' }).getByRole('option').first().waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
      await page.screenshot({ path: 'test-results/bench-history-timeout.png' });
      throw error;
    });
    const firstRowsMs = Date.now() - opened;
    const frames = await page.evaluate(async () => {
      const list = document.querySelector('[role="listbox"]') as HTMLElement;
      const durations: number[] = [];
      let last = performance.now();
      const end = list.scrollHeight - list.clientHeight;
      // Scroll through the whole list in 120 frames, as a fast fling would.
      for (let i = 1; i <= 120; i++) {
        list.scrollTop = (end * i) / 120;
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        durations.push(now - last);
        last = now;
      }
      return durations;
    });
    return [
      { name: `history window, ${archived.toLocaleString('en-US')} calls: open to first rows`, unit: 'ms', value: firstRowsMs },
      { name: `history window, ${archived.toLocaleString('en-US')} calls: frame time while scrolling`, unit: 'ms', ...summarize(frames), note: 'headless Chromium, software rendering' },
    ];
  } finally {
    await browser.close();
    await harness.close();
  }
}
