/**
 * Ringside in the browser, started exactly as a person starts the app: `npm start` (the same
 * scripts/start.mjs), on a machine where Electron's download fails (ELECTRON_MIRROR points at a
 * closed loopback port, with an empty download cache). The spec reads the printed URL, opens
 * it in Chromium, places a demo call to a busy number, and checks the gate: a wrong Origin or a
 * wrong Host are refused over HTTP and the WebSocket, and the socket answers nothing until it
 * is given a one-time ticket (used up once exchanged) or the token the page got for it.
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
const LINK = /http:\/\/127\.0\.0\.1:\d+\/\?ticket=\S+/g;
const links = () => output.match(LINK) ?? [];

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
  // stdin is a pipe: Enter asks for a new link, as a person would in the terminal.
  app = spawn('npm', ['start', '--', ...extra, '--no-open'], { cwd: root, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => links()[0], { timeout: 200_000, intervals: [250] }).toBeTruthy();
  pageUrl = new URL(links()[0]!);
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
  expect(pageUrl.searchParams.get('ticket')).toMatch(/^[\w-]{40,}$/);
  expect(output).toContain('This link works once, within a minute: press Enter here for a new one.');
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
  // The ticket left the address bar once exchanged; no cookie carries anything; a reload keeps the page connected.
  expect(new URL(page.url()).searchParams.has('ticket')).toBe(false);
  expect(await page.context().cookies()).toEqual([]);
  await page.reload();
  await expect(strip).toContainText('Ready', { timeout: 20_000 });
  // The same address in a new tab: its ticket is used up, and the page says what to do.
  const stale = await page.context().newPage();
  await stale.setViewportSize({ width: 1100, height: 760 });
  await stale.goto(pageUrl.href);
  await expect(stale.getByRole('region', { name: 'Ringside in the browser' })).toContainText(
    'its link was already used or has expired. Press Enter in the terminal',
  );
  // The window says the same, not that Ringside stopped.
  await expect(stale.getByText('Ringside has stopped')).toHaveCount(0);
  for (const scheme of ['light', 'dark'] as const) {
    await stale.emulateMedia({ colorScheme: scheme });
    await stale.screenshot({ path: `test-results/screenshots/browser-edition-used-link-${scheme}.png` });
  }
  await stale.close();
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

/** Waits for the first text message, or the close code when the socket closes first. */
function firstAnswer(ws: WebSocket): Promise<{ message: { type: string; token?: string } } | { closed: number }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve({ message: JSON.parse(data.toString()) as { type: string; token?: string } }));
    ws.once('close', (code) => resolve({ closed: code }));
  });
}

test('another Origin or Host is refused; the socket answers nothing without a ticket, and a ticket works once', async () => {
  const origin = `http://127.0.0.1:${pageUrl.port}`;
  const base = new URL(`${origin}/`);
  // The page itself holds nothing private: any local request may load it, never another site or host name.
  expect(await status(base)).toBe(200);
  expect(await status(base, { origin: 'http://evil.example' })).toBe(403);
  expect(await status(base, { host: `evil.example:${pageUrl.port}` })).toBe(403);
  expect(await status(base, { host: `localhost:${pageUrl.port}` })).toBe(403);

  const socketUrl = `ws://127.0.0.1:${pageUrl.port}/ringside-socket`;
  expect((await socket(socketUrl, { origin: 'http://evil.example' })).outcome).toBe(403);
  expect((await socket(socketUrl, {})).outcome).toBe(403);
  expect((await socket(socketUrl, { origin, host: `evil.example:${pageUrl.port}` })).outcome).toBe(403);

  // Our Origin but no ticket: nothing is answered, the socket is closed.
  const bare = (await socket(socketUrl, { origin })) as { outcome: 'open'; ws: WebSocket };
  expect(bare.outcome).toBe('open');
  const bareAnswer = firstAnswer(bare.ws);
  bare.ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app.snapshot', request: {} }));
  expect(await bareAnswer).toEqual({ closed: 4401 });

  // A new link, as Enter in the terminal gives: its ticket is exchanged once.
  const before = links().length;
  app.stdin!.write('\n');
  await expect.poll(() => links().length, { timeout: 10_000 }).toBe(before + 1);
  const ticket = new URL(links().at(-1)!).searchParams.get('ticket')!;
  const opened = (await socket(socketUrl, { origin })) as { outcome: 'open'; ws: WebSocket };
  const hello = firstAnswer(opened.ws);
  opened.ws.send(JSON.stringify({ type: 'auth', ticket }));
  expect(await hello).toMatchObject({ message: { type: 'hello', token: expect.stringMatching(/^[\w-]{40,}$/) } });
  const again = (await socket(socketUrl, { origin })) as { outcome: 'open'; ws: WebSocket };
  const refused = firstAnswer(again.ws);
  again.ws.send(JSON.stringify({ type: 'auth', ticket }));
  expect(await refused).toEqual({ closed: 4401 });

  // Past the door: the IPC contract, with its validation.
  const ws = opened.ws;
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
