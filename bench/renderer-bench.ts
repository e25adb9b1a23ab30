import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { startHarness, type Harness } from '../e2e/harness/ringside-harness';
import { summarize, type BenchFigure } from './stats';

/**
 * Records, from the page's first script on, when the history list first shows a call (a row
 * with text, not a placeholder), on the page's own clock: performance.now() counts from the
 * navigation's start, so this is the window's own "open to first rows". The document is watched
 * from the start, not from DOMContentLoaded: rows put in the list while the page's module runs
 * (the first page's answer waiting when the window mounts) come before that event, and an
 * observer started then would time a later change instead. Also recorded: the end of the first
 * frame painted with the rows (a task posted from that frame's requestAnimationFrame runs after
 * its style, layout and paint).
 */
const FIRST_ROWS_SCRIPT = `
(() => {
  const w = window;
  w.__firstRowsAt = null;
  w.__firstRowsPaintedAt = null;
  const painted = () => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { w.__firstRowsPaintedAt = performance.now(); };
    channel.port2.postMessage(0);
  };
  const seen = () => {
    if (w.__firstRowsAt !== null) return;
    const option = document.querySelector('[role="listbox"] [role="option"] .who');
    if (option && option.textContent.trim()) { w.__firstRowsAt = performance.now(); observer.disconnect(); requestAnimationFrame(painted); }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})();
`;

/**
 * Frame times while the list scrolls by `step(frame)` pixels per frame, on the page's clock.
 * Each frame's time runs from one animation frame to the next, the page rendering between.
 */
async function scrollFrames(page: Page, kind: 'wheel' | 'fling' | 'drag', frames: number): Promise<number[]> {
  return page.evaluate(
    async ([kind, frames]) => {
      const list = document.querySelector('[role="listbox"]') as HTMLElement;
      list.scrollTop = 0;
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
      const end = list.scrollHeight - list.clientHeight;
      const durations: number[] = [];
      let last = performance.now();
      for (let i = 1; i <= frames; i++) {
        // wheel/trackpad: 60 px a frame (3,600 px/s, about 64 rows a second);
        // fling: 2,400 px a frame at first (about 2,500 rows a second), slowing down 3% a frame;
        // drag: the scrollbar dragged through the whole list in `frames` frames.
        if (kind === 'wheel') list.scrollTop += 60;
        else if (kind === 'fling') list.scrollTop += Math.max(60, 2400 * Math.pow(0.97, i));
        else list.scrollTop = (end * i) / frames;
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        durations.push(now - last);
        last = now;
      }
      return durations;
    },
    [kind, frames] as const,
  );
}

/**
 * Types one character into the search box (the input event dispatched in the page, as a key
 * press delivers it) and resolves with two times on the page's clock: until the animation frame
 * that draws the rows for the text typed starts, and until that frame has been painted (a task
 * posted from its requestAnimationFrame runs after the frame's style, layout and paint). A
 * string, not a function: tsx would add helpers (__name) to a function's body that do not exist
 * in the page.
 */
const TYPE_AND_WAIT = `(char, expected) => new Promise((resolve, reject) => {
  const input = document.querySelector('input[type="search"]');
  const list = document.querySelector('[role="listbox"]');
  const started = performance.now();
  const shown = () => list.getAttribute('data-shown-search') === expected.trim();
  const done = () => {
    observer.disconnect();
    requestAnimationFrame(() => {
      const frame = performance.now() - started;
      const after = new MessageChannel();
      after.port1.onmessage = () => resolve([frame, performance.now() - started]);
      after.port2.postMessage(0);
    });
  };
  const observer = new MutationObserver(() => { if (shown()) done(); });
  observer.observe(list, { attributes: true, attributeFilter: ['data-shown-search'] });
  input.value += char;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, data: char, inputType: 'insertText' }));
  if (shown()) done();
  else setTimeout(() => reject(new Error('no rows for "' + expected + '" within 10 s')), 10000);
})`;

/**
 * From each keystroke in the search box to the list showing rows for what was typed (the list's
 * `data-shown-search`, set when rows for a search are on screen), on the page's clock.
 */
async function searchLatencies(page: Page, words: readonly string[]): Promise<{ painted: number[]; frameStart: number[] }> {
  const input = page.getByRole('searchbox');
  const painted: number[] = [];
  const frameStart: number[] = [];
  for (const word of words) {
    await input.fill('');
    await page.waitForFunction(() => document.querySelector('[role="listbox"]')?.getAttribute('data-shown-search') === '', null, { timeout: 10_000 });
    for (let i = 1; i <= word.length; i++) {
      const typed = word.slice(0, i);
      const [frame, paint] = (await page.evaluate(`(${TYPE_AND_WAIT})(${JSON.stringify(word[i - 1])}, ${JSON.stringify(typed)})`)) as [number, number];
      frameStart.push(frame);
      painted.push(paint);
      // A quick typist: about 8 characters a second.
      await page.waitForTimeout(120);
    }
  }
  return { painted, frameStart };
}

/**
 * The harness's own cost, which Electron's IPC does not have in this form: the bridge's round
 * trip (page → WebSocket → main's handler → page) for the first page of rows, 20 times, less
 * the handler's own time (recorded by the harness as each request is answered).
 */
async function bridgeRoundTrips(page: Page, harness: Harness): Promise<{ bridge: number[]; handler: number[]; bytes: number }> {
  const rounds = 20;
  const measured = (await page.evaluate(`(async () => {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < ${rounds}; i++) {
      const started = performance.now();
      const answer = await window.__ringsideInvoke('history.query', { limit: 100, offset: 0 });
      times.push(performance.now() - started);
      bytes = JSON.stringify(answer).length;
    }
    return { times, bytes };
  })()`)) as { times: number[]; bytes: number };
  const handler = harness.handled
    .filter((h) => h.channel === 'history.query')
    .slice(-rounds)
    .map((h) => h.handlerMs);
  return { bridge: measured.times.map((t, i) => Math.max(0, t - (handler[i] ?? 0))), handler, bytes: measured.bytes };
}

/**
 * The history window with N archived calls, in Chromium through the harness: open to first
 * rows, frame times while scrolling at three paces, and search-as-you-type latency.
 */
export async function rendererBench(count: number, quick = false, withSearch = true): Promise<BenchFigure[]> {
  // Spread over 60 days so the demo's 90-day initial sync brings them all into the archive.
  const harness = await startHarness({ timeScale: 60, seedHistory: count, seedSpanDays: 60 });
  try {
    // The demo account syncs its history at start; wait until the archive holds it.
    await harness.controller.requireCore().history.sync();
    return await measureHistoryWindow(harness, quick, withSearch);
  } finally {
    await harness.close();
  }
}

/**
 * The history window of a started harness (its archive filled), in Chromium: open to first
 * rows, frame times while scrolling at three paces, search-as-you-type latency.
 */
export async function measureHistoryWindow(harness: Harness, quick = false, withSearch = true, baselineNote = true): Promise<BenchFigure[]> {
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
  try {
    const archived = harness.controller.requireArchive().history.list({}).total;
    const label = `history window, ${archived.toLocaleString('en-US')} calls`;
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await page.addInitScript(FIRST_ROWS_SCRIPT);
    const openSamples: number[] = [];
    const paintedSamples: number[] = [];
    const outsideSamples: number[] = [];
    // The first load compiles the bundle; the window opened again (as a person reopens it) is the figure.
    for (let i = 0; i < (quick ? 2 : 21); i++) {
      const opened = Date.now();
      await harness.open(page, 'history');
      await page
        .waitForFunction(() => (window as unknown as { __firstRowsPaintedAt: number | null }).__firstRowsPaintedAt !== null, null, { timeout: 60_000 })
        .catch(async (error: Error) => {
          await page.screenshot({ path: 'test-results/bench-history-timeout.png' });
          throw error;
        });
      outsideSamples.push(Date.now() - opened);
      if (i > 0) {
        const at = await page.evaluate(() => {
          const w = window as unknown as { __firstRowsAt: number; __firstRowsPaintedAt: number };
          return { rows: w.__firstRowsAt, painted: w.__firstRowsPaintedAt };
        });
        openSamples.push(at.rows);
        paintedSamples.push(at.painted);
      }
    }
    const frames = quick ? 30 : 240;
    const wheel = await scrollFrames(page, 'wheel', frames);
    const fling = await scrollFrames(page, 'fling', quick ? 30 : 150);
    const drag = await scrollFrames(page, 'drag', quick ? 20 : 120);
    const search = withSearch
      ? await searchLatencies(page, quick ? ['Omar'] : ['Omar', 'Haddad', '555', 'Sasha Iv', '(212) 555-2'])
      : { painted: [], frameStart: [] };
    const toFrame = summarize(search.frameStart);
    const trips = await bridgeRoundTrips(page, harness);
    return [
      {
        name: `${label}: open to first rows (navigation start → first call in the list)`,
        unit: 'ms',
        ...summarize(openSamples),
        budget: { on: 'p95', max: 200 },
        note: `to the end of the first frame painted with them: median ${(summarize(paintedSamples).median ?? 0).toFixed(0)} ms, p95 ${(summarize(paintedSamples).p95 ?? 0).toFixed(0)} ms; first open, bundle not yet compiled: ${outsideSamples[0]} ms from the harness's request${baselineNote ? '; baseline 885 ms (before, at 84,850 calls)' : ''}`,
      },
      {
        name: `${label}: frame time, wheel/trackpad pace (60 px a frame)`,
        unit: 'ms',
        ...summarize(wheel),
        budget: { on: 'p95', max: 33 },
        note: 'headless Chromium, software rendering',
      },
      { name: `${label}: frame time, fling (2,400 px a frame, slowing 3% a frame)`, unit: 'ms', ...summarize(fling), budget: { on: 'p95', max: 50 } },
      {
        name: `${label}: frame time, scrollbar dragged through the whole list in ${quick ? 20 : 120} frames`,
        unit: 'ms',
        ...summarize(drag),
        note: `every frame lands on rows not loaded yet${baselineNote ? '; baseline p95 162 ms (before)' : ''}`,
      },
      {
        name: `${label}: search as you type, keystroke → rows for it on screen`,
        unit: 'ms',
        ...summarize(search.painted),
        budget: { on: 'p95', max: 50 },
        note: `from the input event in the page to the frame with the rows painted; to that frame's start (the end point before 2026-12-03): median ${(toFrame.median ?? 0).toFixed(1)} ms, p95 ${(toFrame.p95 ?? 0).toFixed(1)} ms; the harness's bridge is on this path (next figure)`,
      },
      {
        name: `${label}: harness bridge round trip for the first page of rows (page → main's handler → page, the handler's own time left out)`,
        unit: 'ms',
        ...summarize(trips.bridge),
        note: `test machinery, not the app: a WebSocket in place of Electron's IPC; ${(trips.bytes / 1000).toFixed(0)} kB of JSON; the handler (count + 100 rows) itself: median ${(summarize(trips.handler).median ?? 0).toFixed(1)} ms`,
      },
    ];
  } finally {
    await browser.close();
  }
}
