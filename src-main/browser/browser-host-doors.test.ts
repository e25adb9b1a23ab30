/**
 * Issue 26, the browser edition's doors: another user of the machine who reads the opened
 * address with `ps`, or receives a cookie on another port, cannot read data or dial (item 1);
 * frames and paths a page or program sends close one connection at most (item 5); one page
 * cannot queue without bound (item 12).
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFrame, CLOSE, openRawWebSocket, TEXT, type RawWebSocket } from '../../test-support/raw-socket';
import { reachableByOthers } from '../../test-support/other-users';
import { startTestHost, type HostUnderTest } from '../../test-support/browser-host-harness';
import { MAX_FRAME_BYTES, MAX_PENDING_PER_SOCKET } from './browser-host';
import { CLOSE_NOT_AUTHENTICATED, SOCKET_PATH } from './protocol';
import { TICKET_PARAM } from './security';

let t: HostUnderTest;
beforeAll(async () => {
  t = await startTestHost();
});
afterAll(async () => {
  await t?.host.close();
});

const ticketOf = (url: string) => new URL(url).searchParams.get(TICKET_PARAM)!;
const text = (value: unknown) => clientFrame(TEXT, JSON.stringify(value));

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const socket = () => openRawWebSocket(t.host.port, SOCKET_PATH, { Origin: t.origin });

/** An authenticated socket, as our page opens it. */
async function signedIn(auth: { ticket: string } | { token: string }): Promise<{ ws: RawWebSocket; token: string }> {
  const ws = await socket();
  expect(ws.status).toBe(101);
  ws.send(text({ type: 'auth', ...auth }));
  const hello = await ws.next((f) => f.opcode === TEXT);
  const message = JSON.parse(hello.payload.toString()) as { type: string; token: string };
  expect(message.type).toBe('hello');
  return { ws, token: message.token };
}

async function snapshotOver(ws: RawWebSocket, id: number): Promise<{ ok: boolean; value?: { session: { status: string } } }> {
  ws.send(text({ type: 'invoke', id, channel: 'app.snapshot', request: {} }));
  const frame = await ws.next((f) => f.opcode === TEXT && (JSON.parse(f.payload.toString()) as { id?: number }).id === id);
  return (JSON.parse(frame.payload.toString()) as { result: { ok: boolean; value?: { session: { status: string } } } }).result;
}

describe('the credential (issue 26, item 1)', () => {
  it('serves the page without setting any cookie, and the page carries no credential', async () => {
    const page = await get(`/?${TICKET_PARAM}=${ticketOf(t.host.newUrl())}`);
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).not.toMatch(/ringside_key|token/i);
  });

  it('a socket that presents nothing, or something else, gets no data and is closed', async () => {
    const silent = await socket();
    silent.send(text({ type: 'invoke', id: 1, channel: 'app.snapshot', request: {} }));
    await silent.next((f) => f.opcode === CLOSE);
    expect(silent.closeCode()).toBe(CLOSE_NOT_AUTHENTICATED);
    expect(silent.messages()).toEqual([]);

    const guessing = await socket();
    guessing.send(text({ type: 'auth', token: 'x'.repeat(43) }));
    await guessing.next((f) => f.opcode === CLOSE);
    expect(guessing.closeCode()).toBe(CLOSE_NOT_AUTHENTICATED);
    expect(guessing.messages()).toEqual([]);
  });

  it('a ticket works once: whoever reads it later in `ps` is refused; the page keeps its token for reloads', async () => {
    const url = t.host.newUrl();
    const { ws, token } = await signedIn({ ticket: ticketOf(url) });
    expect(url).not.toContain(token);
    expect(await snapshotOver(ws, 1)).toMatchObject({ ok: true, value: { session: { status: 'signedIn' } } });

    const late = await socket();
    late.send(text({ type: 'auth', ticket: ticketOf(url) }));
    await late.next((f) => f.opcode === CLOSE);
    expect(late.closeCode()).toBe(CLOSE_NOT_AUTHENTICATED);
    expect(late.messages()).toEqual([]);

    // A reload: the token from sessionStorage opens a new socket.
    const reloaded = await signedIn({ token });
    expect(await snapshotOver(reloaded.ws, 2)).toMatchObject({ ok: true });
    ws.socket.destroy();
    reloaded.ws.socket.destroy();
  });

  it('the old cookie, sent by a browser to any port, opens nothing', async () => {
    const { ws, token } = await signedIn({ ticket: ticketOf(t.host.newUrl()) });
    ws.socket.destroy();
    const withCookie = await openRawWebSocket(t.host.port, `${SOCKET_PATH}?key=${token}`, { Origin: t.origin, Cookie: `ringside_key_${t.host.port}=${token}` });
    withCookie.send(text({ type: 'invoke', id: 1, channel: 'app.snapshot', request: {} }));
    await withCookie.next((f) => f.opcode === CLOSE);
    expect(withCookie.messages()).toEqual([]);
  });

  it('a connection from another user of this computer is refused even with a fresh ticket', async () => {
    const other = await startTestHost({ fromOwnUser: () => false });
    try {
      const ws = await openRawWebSocket(other.host.port, SOCKET_PATH, { Origin: other.origin });
      expect(ws.status).toBe(403);
      expect(other.warnings).toContain('Refused a connection from another user of this computer');
    } finally {
      await other.host.close();
    }
  });

  it('an export waiting as a download is fetched only by a connection of this user', async () => {
    const other = await startTestHost({ fromOwnUser: () => false });
    try {
      const refused = await fetch(`${other.origin}/ringside-download/any-token`);
      expect(refused.status).toBe(403);
      expect(other.warnings).toContain('Refused a download to another user of this computer');
      // Ours: looked up (an unknown one-time path is simply not found).
      expect((await fetch(`${t.origin}/ringside-download/any-token`)).status).toBe(404);
    } finally {
      await other.host.close();
    }
  });

  const root = process.getuid?.() === 0 && process.platform === 'linux';
  if (!root) console.info('Skipping the real other-user probe: it needs Linux and root to run a process as nobody.');
  it.skipIf(!root)('a real process of another user (nobody) that read the address cannot open the socket; the ticket stays ours', async (context) => {
    const url = t.host.newUrl();
    // What the audit's probe did: connect with the ticket it read in `ps`, as our page would.
    const probe = `
      const net = require('node:net');
      const s = net.connect(${t.host.port}, '127.0.0.1');
      s.write('GET ${SOCKET_PATH} HTTP/1.1\\r\\nHost: 127.0.0.1:${t.host.port}\\r\\nOrigin: ${t.origin}\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n');
      s.on('data', (d) => { console.log(d.toString().split('\\r\\n')[0]); process.exit(0); });
      s.on('error', (e) => { console.log('error ' + e.message); process.exit(0); });`;
    // The probe needs a Node that user can run: this one, or the system's when this one sits in a private folder.
    const node = [process.execPath, '/usr/bin/node'].find((candidate) => reachableByOthers(candidate));
    if (!node) {
      console.log('skipped: no Node binary that the user nobody can run (this one is in a private folder and there is no /usr/bin/node)');
      return context.skip();
    }
    const child = spawn(node, ['-e', probe], { uid: 65534, gid: 65534, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(out.trim()).toBe('HTTP/1.1 403 Forbidden');
    // Refused before the ticket was looked at: our browser still gets in with it.
    const { ws } = await signedIn({ ticket: ticketOf(url) });
    ws.socket.destroy();
  });
});

describe('malformed input past the gate (issue 26, item 5)', () => {
  it('a frame over the limit closes that socket with 1009, logged; the host keeps serving', async () => {
    const { ws } = await signedIn({ ticket: ticketOf(t.host.newUrl()) });
    ws.send(clientFrame(TEXT, 'x'.repeat(MAX_FRAME_BYTES + 1)));
    const close = await ws.next((f) => f.opcode === CLOSE);
    expect(close.payload.readUInt16BE(0)).toBe(1009);
    expect(t.warnings).toContain('Closed a page connection that sent a frame Ringside cannot read');
    const again = await signedIn({ ticket: ticketOf(t.host.newUrl()) });
    expect(await snapshotOver(again.ws, 1)).toMatchObject({ ok: true });
    again.ws.socket.destroy();
  });

  it('a text frame that is not UTF-8 closes that socket with 1007; the host keeps serving', async () => {
    const { ws } = await signedIn({ ticket: ticketOf(t.host.newUrl()) });
    ws.send(clientFrame(TEXT, Buffer.from([0x7b, 0xe0, 0x80, 0x7d])));
    const close = await ws.next((f) => f.opcode === CLOSE);
    expect(close.payload.readUInt16BE(0)).toBe(1007);
    expect((await get('/')).status).toBe(200);
  });

  it('a path with a broken escape (%E0) is a 400, not a crash', async () => {
    expect((await get('/%E0')).status).toBe(400);
    expect((await get('/assets/%E0.js')).status).toBe(400);
    expect((await get('/')).status).toBe(200);
  });
});

describe('one page cannot queue without bound (issue 26, item 12)', () => {
  it('past the limit, each request is answered at once with a clear refusal, and every request gets an answer', async () => {
    const { ws } = await signedIn({ ticket: ticketOf(t.host.newUrl()) });
    const count = MAX_PENDING_PER_SOCKET + 40;
    // One write, so every frame is read before any answer is sent.
    ws.send(Buffer.concat(Array.from({ length: count }, (_, i) => text({ type: 'invoke', id: i + 1, channel: 'history.query', request: {} }))));
    await ws.next(() => ws.messages().filter((m) => (m as { type: string }).type === 'result').length === count);
    const results = ws.messages().filter((m) => (m as { type: string }).type === 'result') as Array<{
      result: { ok: boolean; error?: { code: string; message: string } };
    }>;
    const refused = results.filter((r) => !r.result.ok);
    expect(refused.length).toBe(count - MAX_PENDING_PER_SOCKET);
    expect(refused[0]!.result.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/Too many requests at once/) });
    // Once answered, the page may ask again.
    expect(await snapshotOver(ws, count + 1)).toMatchObject({ ok: true });
    ws.socket.destroy();
  });
});
