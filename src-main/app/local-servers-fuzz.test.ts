/**
 * Issue 26, item 2: every local server survives any request line, header, path and frame.
 * Raw TCP throws at each of them what no HTTP client would send: `//` (which made
 * `new URL` throw before the gate), broken escapes, traversal, a 64 KB path, junk request
 * lines, bad upgrades and malformed WebSocket frames. After each, the server must still
 * answer an ordinary request; a crash would also surface as an unhandled error in this run.
 * Bounded: a fixed list, loopback only, each exchange ends at the server's answer or 1.5 s of quiet.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src-simulator';
import { startTestHost, type HostUnderTest } from '../../test-support/browser-host-harness';
import { clientFrame, CLOSE, exchange, openRawWebSocket, PING, TEXT } from '../../test-support/raw-socket';
import { SOCKET_PATH } from '../browser/protocol';
import { TICKET_PARAM } from '../browser/security';
import { listenForRedirect, type LoopbackRedirect } from './loopback-redirect';

const ODD_PATHS = [
  '//',
  '//evil.example/x',
  '/%E0',
  '/%',
  '/..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/',
  '/\u00e9',
  `/${'a'.repeat(64 * 1024)}`,
  '*',
  'http://evil.example/',
  '',
];

/** Request lines and headers, each a whole raw request for the server on `port`. */
function rawRequests(port: number, wsPath: string): string[] {
  const host = `Host: 127.0.0.1:${port}`;
  const upgrade = (path: string, extra = '') =>
    `GET ${path} HTTP/1.1\r\n${host}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;
  const key = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
  return [
    ...ODD_PATHS.map((path) => `GET ${path} HTTP/1.1\r\n${host}\r\n\r\n`),
    ...ODD_PATHS.map((path) => upgrade(path, key)),
    upgrade(wsPath),
    upgrade(wsPath, 'Sec-WebSocket-Key: short\r\n'),
    upgrade(wsPath, `${key}Sec-WebSocket-Version: 99\r\n`),
    upgrade(`${wsPath}?access_token=%E0`, key),
    'GARBAGE\r\n\r\n',
    '\u0000\u0001\u0002\u00ff\r\n\r\n',
    `GET / HTTP/9.9\r\n${host}\r\n\r\n`,
    `GET / HTTP/1.1\r\n${host}\r\nno colon here\r\n\r\n`,
    `GET / HTTP/1.1\r\n${host}\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\n\r\n`,
    `POST /callback HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"cut":`,
    `POST / HTTP/1.1\r\n${host}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\nxx\r\n`,
    `GET / HTTP/1.1\r\n${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `GET /\u0000 HTTP/1.1\r\n${host}\r\n\r\n`,
  ];
}

/** WebSocket frames a careful client never sends. */
const BAD_FRAMES = [
  clientFrame(TEXT, Buffer.from([0xe0, 0x80])), // not UTF-8
  clientFrame(TEXT, 'x', { rsv: 7 }), // reserved bits
  clientFrame(3, 'x'), // an unknown opcode
  clientFrame(TEXT, 'x', { masked: false }), // clients must mask
  clientFrame(PING, 'x', { fin: false }), // a fragmented control frame
  clientFrame(0, 'x'), // a continuation with nothing to continue
  clientFrame(CLOSE, Buffer.from([0x03, 0xe7])), // close code 999
  clientFrame(TEXT, '[{"type":"ClientRequest","messageId":"1","method":"GET","path":"//"}]'),
  clientFrame(TEXT, '[{"type":"ClientRequest","messageId":"1","method":"GET","path":"http://evil.example/"}]'),
  clientFrame(TEXT, '{"type":"invoke","id":1,"channel":"app.snapshot","request":{"__proto__":{"x":1}}}'),
  Buffer.from([0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]), // a 2^63-byte length
];

function status(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

let browser: HostUnderTest;
let simulator: Simulator;
let signIn: LoopbackRedirect;
const simulatorPort = () => Number(new URL(simulator.url).port);
let signInPort: number;
let validWsToken: string;

beforeAll(async () => {
  browser = await startTestHost();
  simulator = await Simulator.start();
  signIn = await listenForRedirect('http://127.0.0.1:0/callback', 120_000);
  signIn.expectState('the-real-state');
  signInPort = Number(new URL(signIn.redirectUri).port);
  // Before the fuzz below: its requests count against the simulator's rate limits (its health check, the sign-in page, does not).
  validWsToken = await simulatorWsToken();
});

afterAll(async () => {
  await browser?.host.close();
  await simulator?.close();
  signIn?.close();
});

async function simulatorWsToken(): Promise<string> {
  const basic = Buffer.from(`${simulator.app.clientId}:${simulator.app.clientSecret}`).toString('base64');
  const token = (await (
    await fetch(`${simulator.url}/restapi/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: Object.keys(simulator.app.jwts)[0]! }),
    })
  ).json()) as { access_token: string };
  const ws = (await (
    await fetch(`${simulator.url}/restapi/oauth/wstoken`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}` } })
  ).json()) as {
    ws_access_token: string;
  };
  return ws.ws_access_token;
}

describe('every local server keeps serving whatever it is sent (issue 26, item 2)', () => {
  const servers = () => [
    {
      name: 'the browser edition host',
      port: browser.host.port,
      wsPath: SOCKET_PATH,
      healthy: async () => expect(await status(browser.host.port, '/')).toBe(200),
    },
    {
      name: 'the demo simulator',
      port: simulatorPort(),
      wsPath: '/ws',
      healthy: async () => expect(await status(simulatorPort(), '/login')).toBe(200),
    },
    {
      name: 'the sign-in listener',
      port: signInPort,
      wsPath: '/callback',
      healthy: async () => expect(await status(signInPort, '/callback?state=not-it')).toBe(400),
    },
  ];

  it('survives odd paths, junk request lines, bad headers and bad upgrades', { timeout: 120_000 }, async () => {
    for (const server of servers()) {
      for (const raw of rawRequests(server.port, server.wsPath)) {
        await exchange(server.port, Buffer.from(raw, 'latin1'), 300);
        await server.healthy();
      }
    }
  });

  it('the browser host survives malformed frames, before and after the ticket', { timeout: 60_000 }, async () => {
    for (const frame of BAD_FRAMES) {
      for (const authenticated of [false, true]) {
        const ws = await openRawWebSocket(browser.host.port, SOCKET_PATH, { Origin: browser.origin });
        expect(ws.status).toBe(101);
        if (authenticated) {
          ws.send(clientFrame(TEXT, JSON.stringify({ type: 'auth', ticket: new URL(browser.host.newUrl()).searchParams.get(TICKET_PARAM) })));
          await ws.next((f) => f.opcode === TEXT);
        }
        ws.send(frame);
        // The close (or the socket ending) is the event; the timer bounds frames a server rightly ignores or
        // waits on for more bytes, which send nothing back. The assertion (still serving) holds either way.
        await Promise.race([ws.next((f) => f.opcode === CLOSE), ws.closed, new Promise((resolve) => setTimeout(resolve, 300))]);
        ws.socket.destroy();
        expect(await status(browser.host.port, '/')).toBe(200);
      }
    }
  });

  it("the simulator's WebSocket gateway survives malformed frames and paths, with and without a valid token", { timeout: 60_000 }, async () => {
    for (const frame of BAD_FRAMES) {
      for (const token of ['not-a-token', validWsToken]) {
        const ws = await openRawWebSocket(simulatorPort(), `/ws?access_token=${token}`, {});
        expect(ws.status).toBe(101);
        await ws.next((f) => f.opcode === TEXT);
        ws.send(frame);
        // As above: the close is the event, the timer only bounds a frame that gets no answer.
        await Promise.race([ws.next((f) => f.opcode === CLOSE), ws.closed, new Promise((resolve) => setTimeout(resolve, 300))]);
        ws.socket.destroy();
        expect(await status(simulatorPort(), '/login')).toBe(200);
      }
    }
  });
});
