/**
 * Ringside in the browser, started exactly as a person starts the app: `npm start` (the same
 * scripts/start.mjs), on a machine where Electron's download fails (ELECTRON_MIRROR points at a
 * closed loopback port, with an empty download cache). The spec reads the printed URL, opens
 * it in Chromium, places a demo call to a busy number, and checks the gate: no secret, a wrong
 * Origin or a wrong Host are refused, over HTTP and over the WebSocket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
// @ts-expect-error: a plain .mjs script without type declarations (its own vitest file covers it).
import { electronBinaryPresent } from '../../scripts/start-lib.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const electronMissing = !(electronBinaryPresent as (o: object) => boolean)({
  electronDir: path.join(root, 'node_modules/electron'),
  env: process.env,
  platform: process.platform,
});

let app: ChildProcess;
let output = '';
let pageUrl: URL;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
    electron_config_cache: mkdtempSync(path.join(tmpdir(), 'ringside-electron-cache-')),
    RINGSIDE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ringside-browser-')),
    RINGSIDE_DEMO_TIME_SCALE: '20',
  };
  delete env['ELECTRON_OVERRIDE_DIST_PATH'];
  // Where the binary exists, `npm start` would run Electron: force the browser edition there.
  const extra = electronMissing ? [] : ['--browser'];
  // Its own process group, so the whole tree (npm, start.mjs, the host) stops together.
  app = spawn('npm', ['start', '--', ...extra, '--no-open'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\/\?key=\S+/.exec(output)?.[0], { timeout: 200_000, intervals: [250] }).toBeTruthy();
  pageUrl = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?key=\S+/.exec(output)![0]);
});

test.afterAll(async () => {
  if (app?.pid) {
    process.kill(-app.pid, 'SIGTERM');
    await new Promise((resolve) => (app.exitCode !== null ? resolve(null) : app.once('exit', resolve)));
  }
});

test('npm start explains the failed Electron download in one paragraph and prints the URL', () => {
  test.skip(!electronMissing, 'The Electron binary is installed here, so npm start would run the Electron app; the fallback message cannot be seen.');
  expect(output).toContain('Ringside could not download Electron');
  expect(output).toContain('npx install-electron');
  expect(output).toContain('Ringside is running in your browser at:');
  expect(pageUrl.searchParams.get('key')).toMatch(/^[\w-]{40,}$/);
});

test('a demo call to a busy number shows both legs and the explained outcome, in light and dark', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(pageUrl.href);
  await expect(page.getByRole('heading', { name: 'Ringside', level: 1 })).toBeVisible();
  // The window's own badge (the strip names the demo too).
  await expect(page.getByRole('banner').getByText('Demo', { exact: true })).toBeVisible({ timeout: 20_000 });
  const strip = page.getByRole('region', { name: 'Ringside in the browser' });
  await expect(strip).toContainText('Ready');
  await expect(strip.getByText('Browser edition')).toHaveAttribute('title', /kept in memory only/);
  await page.screenshot({ path: 'test-results/screenshots/browser-edition-form-light.png' });

  await page.getByLabel('Number to call').fill('+1 212 555 0101');
  await page.getByLabel('Number to call').press('Enter');
  await expect(page.getByRole('region', { name: 'You: Answered' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Them: Busy' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("You answered, but the other party's line was busy.")).toBeVisible({ timeout: 20_000 });
  // The tray's summary of both legs, in the strip.
  await expect(strip).toContainText(/You: answered · Them: busy/i);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screenshots/browser-edition-busy-${scheme}.png` });
  }

  await strip.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('listbox', { name: 'Call history' }).getByRole('option').first()).toContainText('Busy', { timeout: 20_000 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screenshots/browser-edition-history-${scheme}.png` });
  }
  expect(errors).toEqual([]);
});

/** A raw request, so the Host header can be anything (fetch does not allow setting it). */
function status(url: URL, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: url.port, path: url.pathname + url.search, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves 'open' or the refusal's HTTP status. */
function socket(url: string, headers: Record<string, string>): Promise<{ outcome: 'open'; ws: WebSocket } | { outcome: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => resolve({ outcome: 'open', ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ outcome: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ outcome: 0 }));
  });
}

test('requests without the secret, from another Origin or to another Host are refused (HTTP and WebSocket)', async () => {
  const origin = `http://127.0.0.1:${pageUrl.port}`;
  const key = pageUrl.searchParams.get('key')!;
  const base = new URL(`${origin}/`);
  expect(await status(pageUrl)).toBe(200);
  expect(await status(base)).toBe(403);
  expect(await status(new URL(`${origin}/?key=${'x'.repeat(key.length)}`))).toBe(403);
  expect(await status(pageUrl, { origin: 'http://evil.example' })).toBe(403);
  expect(await status(pageUrl, { host: `evil.example:${pageUrl.port}` })).toBe(403);
  expect(await status(pageUrl, { host: `localhost:${pageUrl.port}` })).toBe(403);

  const socketUrl = `ws://127.0.0.1:${pageUrl.port}/ringside-socket`;
  expect((await socket(socketUrl, { origin })).outcome).toBe(403);
  expect((await socket(`${socketUrl}?key=${key}`, { origin: 'http://evil.example' })).outcome).toBe(403);
  expect((await socket(`${socketUrl}?key=${key}`, {})).outcome).toBe(403);
  expect((await socket(`${socketUrl}?key=${key}`, { origin, host: `evil.example:${pageUrl.port}` })).outcome).toBe(403);

  // The right secret, Origin and Host: the IPC contract, with its validation.
  const opened = await socket(`${socketUrl}?key=${key}`, { origin });
  expect(opened.outcome).toBe('open');
  const ws = (opened as { ws: WebSocket }).ws;
  const answers: unknown[] = [];
  ws.on('message', (data) => answers.push(JSON.parse(data.toString())));
  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app.snapshot', request: {} }));
  ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'call.start', request: { to: 42 } }));
  ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'shell.exec', request: {} }));
  await expect.poll(() => answers.filter((a) => (a as { type: string }).type === 'result').length).toBe(3);
  const result = (id: number) => (answers.find((a) => (a as { id?: number }).id === id) as { result: { ok: boolean; error?: { code: string } } }).result;
  expect(result(1)).toMatchObject({ ok: true, value: { session: { status: 'signedIn', demo: true } } });
  expect(result(2)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  expect(result(3)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown request.' } });
  // Not the envelope: the connection is closed as a policy violation.
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.send('{"type":"eval","code":"1"}');
  expect(await closed).toBe(1008);
});
