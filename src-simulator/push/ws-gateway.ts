import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { SimClock } from '../clock';
import type { OAuthSession, TokenStore } from '../oauth/token-store';
import type { SimRequest, SimResponse } from '../http/types';

/** RingCentral WebSocket gateway settings, as sent in ConnectionDetails (simulated seconds). */
export const CONNECTION_DETAILS = {
  maxConnectionsPerSession: 5,
  recoveryBufferSize: 100,
  recoveryTimeout: 180,
  idleTimeout: 900,
  absoluteTimeout: 86400,
  maxActiveRequests: 10,
};

interface WsSession {
  id: string;
  token: string;
  oauth: OAuthSession;
  socket: WebSocket | null;
  sequence: number;
  disconnectedAt: number | null;
  /** Frames sent while disconnected, replayed on a successful recovery. */
  buffer: string[];
}

type Frame = [Record<string, unknown>, unknown?];

/**
 * The WebSocket side of push: the `[meta, body]` protocol that @ringcentral/subscriptions
 * (via @rc-ex/ws) speaks. ClientRequest frames are answered by the same dispatcher as HTTP.
 */
export class WsGateway {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, WsSession>();

  constructor(
    private readonly clock: SimClock,
    private readonly tokens: TokenStore,
    private readonly dispatch: (req: SimRequest) => Promise<SimResponse>,
    private readonly onSessionLost: (sessionId: string) => void,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  isAlive(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    if (session.socket) return true;
    return session.disconnectedAt !== null && this.clock.now() - session.disconnectedAt < this.clock.realMs(CONNECTION_DETAILS.recoveryTimeout * 1000);
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    // Before anything else: a bad frame (invalid UTF-8, a broken header) is reported here, and unheard it would throw.
    ws.on('error', () => ws.terminate());
    const url = new URL(`http://127.0.0.1${req.url ?? '/'}`);
    const check = this.tokens.checkWsToken(url.searchParams.get('access_token') ?? undefined);
    if (!check.ok) {
      const [errorCode, message] = check.reason === 'expired' ? ['WSG-903', 'Access token expired'] : ['WSG-902', 'Invalid access token'];
      ws.send(
        JSON.stringify([
          { type: 'Error', messageId: randomUUID(), status: 401 },
          { errorCode, message },
        ]),
      );
      ws.close(4001, errorCode);
      return;
    }
    const wsc = url.searchParams.get('wsc');
    const previous = wsc ? [...this.sessions.values()].find((s) => s.token === wsc) : undefined;
    let session: WsSession;
    let recoveryState: 'Successful' | 'Failed' | undefined;
    if (previous && previous.socket === null && this.isAlive(previous.id) && previous.oauth.extensionId === check.session.extensionId) {
      session = previous;
      recoveryState = 'Successful';
    } else {
      if (previous) this.forget(previous);
      session = {
        id: randomUUID(),
        token: randomBytes(24).toString('base64url'),
        oauth: check.session,
        socket: null,
        sequence: 0,
        disconnectedAt: null,
        buffer: [],
      };
      this.sessions.set(session.id, session);
      if (wsc) recoveryState = 'Failed';
    }
    session.socket = ws;
    session.disconnectedAt = null;
    const details: Record<string, unknown> = {
      creationTime: this.clock.iso(),
      ...CONNECTION_DETAILS,
      recoveryTimeout: this.clock.wireSeconds(CONNECTION_DETAILS.recoveryTimeout),
      idleTimeout: this.clock.wireSeconds(CONNECTION_DETAILS.idleTimeout),
      absoluteTimeout: this.clock.wireSeconds(CONNECTION_DETAILS.absoluteTimeout),
    };
    if (recoveryState) details['recoveryState'] = recoveryState;
    this.send(session, [{ type: 'ConnectionDetails', messageId: randomUUID(), status: 200, headers: {} }, details]);
    if (recoveryState === 'Successful') {
      // Replay after the client has handled ConnectionDetails and re-attached its listeners
      // (frames in one TCP read are delivered before its promise continuations run).
      setTimeout(() => {
        const replay = session.buffer.splice(0);
        for (const frame of replay) if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      }, 25);
    } else {
      session.buffer = [];
    }
    ws.on('message', (data) =>
      this.onMessage(session, ws, data.toString()).catch(() => {
        if (ws.readyState === WebSocket.OPEN)
          ws.send(
            JSON.stringify([
              { type: 'Error', messageId: randomUUID(), status: 400 },
              { errorCode: 'WSG-100', message: 'Malformed message' },
            ]),
          );
      }),
    );
    ws.on('close', () => {
      if (session.socket !== ws) return;
      session.socket = null;
      session.disconnectedAt = this.clock.now();
    });
  }

  private async onMessage(session: WsSession, ws: WebSocket, text: string): Promise<void> {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
      if (!Array.isArray(frame) || typeof frame[0] !== 'object' || frame[0] === null) throw new Error('not a frame');
    } catch {
      ws.send(
        JSON.stringify([
          { type: 'Error', messageId: randomUUID(), status: 400 },
          { errorCode: 'WSG-100', message: 'Malformed message' },
        ]),
      );
      return;
    }
    const [meta, body] = frame;
    const messageId = meta['messageId'];
    if (meta['type'] === 'Heartbeat') {
      this.send(session, [{ type: 'Heartbeat', messageId, status: 200 }]);
      return;
    }
    if (meta['type'] !== 'ClientRequest') return;
    // A path that is not one (`//`, `http://elsewhere/`) throws here: answered as a malformed message.
    const path = String(meta['path'] ?? '/');
    if (!path.startsWith('/')) throw new Error('not a path');
    const target = new URL(`http://127.0.0.1${path}`);
    const query = new URLSearchParams(target.search);
    for (const [key, value] of Object.entries((meta['query'] as Record<string, unknown> | undefined) ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
    }
    const response = await this.dispatch({
      method: String(meta['method'] ?? 'GET').toUpperCase(),
      path: target.pathname,
      query,
      headers: Object.fromEntries(Object.entries((meta['headers'] as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      body,
      via: 'ws',
      wsSession: { oauth: session.oauth, id: session.id },
    });
    const reply: Frame = [{ type: 'ClientRequest', messageId, status: response.status, headers: response.headers ?? {} }];
    if (response.body !== undefined) reply.push(response.body);
    this.send(session, reply);
  }

  /** Sends a frame with the session's next `wsc` sequence; buffers it while disconnected. */
  private send(session: WsSession, frame: Frame): void {
    session.sequence += 1;
    frame[0] = { ...frame[0], wsc: { token: session.token, sequence: session.sequence } };
    const text = JSON.stringify(frame);
    if (session.socket && session.socket.readyState === WebSocket.OPEN) session.socket.send(text);
    else if (session.buffer.length < CONNECTION_DETAILS.recoveryBufferSize) session.buffer.push(text);
  }

  notify(sessionId: string, body: unknown): void {
    const session = this.sessions.get(sessionId);
    if (!session || !this.isAlive(sessionId)) return;
    this.send(session, [{ type: 'ServerNotification', messageId: randomUUID(), status: 200, headers: { 'Content-Type': 'application/json' } }, body]);
  }

  private forget(session: WsSession): void {
    this.sessions.delete(session.id);
    this.onSessionLost(session.id);
  }

  /** Fault: cut every connection without a close handshake (network loss). */
  killAll(): number {
    let killed = 0;
    for (const session of this.sessions.values()) {
      if (session.socket) {
        session.socket.terminate();
        killed++;
      }
    }
    return killed;
  }

  connectedCount(): number {
    return [...this.sessions.values()].filter((s) => s.socket && s.socket.readyState === WebSocket.OPEN).length;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.killAll();
    this.sessions.clear();
  }
}
