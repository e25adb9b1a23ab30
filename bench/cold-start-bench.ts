import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
// @ts-expect-error: a plain .mjs script without type declarations (its own vitest file covers it).
import { electronBinaryPresent } from '../scripts/start-lib.mjs';
import { summarize, type BenchFigure } from './stats';

const root = path.resolve(import.meta.dirname, '..');

/** Every descendant of a process, from /proc (Linux). */
function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function rssMbOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : Number.NaN;
}

interface Start {
  toReadyMs: number;
  toPaintMs: number;
  toTrayShownMs: number;
  rssMb: number;
  built: boolean;
}

/**
 * One start of the browser edition as a person starts it (`node scripts/start.mjs --browser
 * --no-open`), timed from just before the process is spawned: to the host's "running at" line
 * (controller started, tray model set), to the popover's first contentful paint in an
 * already-running Chromium that opens the printed address at once, and to the status strip
 * (the tray's stand-in) showing the tray's summary. RSS of the host process after that.
 */
async function startOnce(browser: Browser): Promise<Start> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-start-'));
  const started = Date.now();
  const app = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--browser', '--no-open'], {
    cwd: root,
    env: { ...process.env, RINGSIDE_DATA_DIR: dataDir, RINGSIDE_DEMO_TIME_SCALE: '20' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = /http:\/\/127\.0\.0\.1:\d+\/\?ticket=\S+/.exec(output)?.[0];
        if (found) {
          clearInterval(timer);
          resolve(found);
        } else if (app.exitCode !== null || Date.now() - started > 120_000) {
          clearInterval(timer);
          reject(new Error(`the browser edition did not start:\n${output}`));
        }
      }, 5);
    });
    const toReadyMs = Date.now() - started;
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await page.goto(url);
    await page.getByRole('region', { name: 'Ringside in the browser' }).getByText(/\S/).first().waitFor({ timeout: 30_000 });
    const toTrayShownMs = Date.now() - started;
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 30_000 });
    const paintAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
    await page.close();
    const host = descendants(app.pid!).at(-1) ?? app.pid!;
    return { toReadyMs, toPaintMs: paintAt - started, toTrayShownMs, rssMb: rssMbOf(host), built: output.includes('Building the app') };
  } finally {
    // Its own process group: npm's start script, tsx and the host stop together.
    try {
      process.kill(-app.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((resolve) => (app.exitCode !== null ? resolve(null) : app.once('exit', resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Cold start of the browser edition; the Electron edition where its binary exists. */
export async function coldStartBench(runs: number): Promise<BenchFigure[]> {
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
  const starts: Start[] = [];
  try {
    // The first start may build the renderer or fill tsx's cache: not a start a person repeats.
    const first = await startOnce(browser);
    for (let i = 0; i < runs; i++) starts.push(await startOnce(browser));
    const electronPresent = (electronBinaryPresent as (o: object) => boolean)({
      electronDir: path.join(root, 'node_modules/electron'),
      env: process.env,
      platform: process.platform,
    });
    const figures: BenchFigure[] = [
      {
        name: 'cold start, browser edition: process start → host ready (controller started, tray model set)',
        unit: 'ms',
        ...summarize(starts.map((s) => s.toReadyMs)),
        budget: { on: 'p95', max: 1500 },
        note: `first start ${first.toReadyMs.toFixed(0)} ms${first.built ? ' (built the renderer first)' : ''}; through npm's start script and tsx`,
      },
      {
        name: 'cold start, browser edition: process start → popover first paint',
        unit: 'ms',
        ...summarize(starts.map((s) => s.toPaintMs)),
        budget: { on: 'p95', max: 1500 },
        note: 'Chromium already running, opening the address as soon as it is printed',
      },
      { name: 'cold start, browser edition: process start → status strip shows the tray', unit: 'ms', ...summarize(starts.map((s) => s.toTrayShownMs)) },
      { name: 'cold start, browser edition: main-process RSS after start', unit: 'MB', value: Math.max(...starts.map((s) => s.rssMb)) },
    ];
    if (!electronPresent)
      console.log('INFO  cold start, Electron: skipped, the Electron binary is not installed on this machine (and cannot be downloaded here)');
    return figures;
  } finally {
    await browser.close();
  }
}
