import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { SimClock } from '../clock';
import type { OAuthSession, TokenStore } from '../oauth/token-store';
import type { SimRequest, SimResponse } from '../http/types';

/** RingCentral WebSocket gateway settings, as sent in ConnectionDetails (simulated seconds, REALITY 21). */
export const CONNECTION_DETAILS = {
  maxConnectionsPerSession: 5,
  recoveryBufferSize: 100,
  /** 30 to 180 s on the live service: clients must read it, not assume it (tests set others). */
  recoveryTimeout: 180,
  idleTimeout: 1800,
  absoluteTimeout: 86400,
  maxActiveRequests: 10,
};

export type ConnectionDetails = typeof CONNECTION_DETAILS;

/** How the gateway behaves (realism.ts): its timeouts and the strictness of tokens. */
export interface GatewayHabits {
  /** REALITY 21: close idle connections (WSG-902) and old ones (WSG-903); replay with overlap. */
  timeouts: boolean;
  /** REALITY 22: a wstoken used again drops the connection that used it first. */
  singleUseTokens: boolean;
  /** Simulated seconds, scaled by the time scale on the wire and in the gateway's own timers. */
  details: ConnectionDetails;
}

/** Why the gateway closed a connection, as tests and the request log may ask. */
export interface GatewayClose {
  at: number;
  errorCode: 'WSG-902' | 'WSG-903' | 'WSG-904';
  wsSessionId: string;
}

/** How many already-delivered events a recovery replays again (the live service overlaps a little). */
const RECOVERY_OVERLAP = 3;

interface SentFrame {
  text: string;
  delivered: boolean;
}

interface WsSession {
  id: string;
  token: string;
  oauth: OAuthSession;
  socket: WebSocket | null;
  sequence: number;
  disconnectedAt: number | null;
  /** Without REALITY 21: notification frames sent while disconnected, replayed on a successful recovery. */
  buffer: string[];
  /** With REALITY 21: the last `recoveryBufferSize` notifications, delivered or not. */
  recent: SentFrame[];
  /** Cancel the current connection's idle and absolute timers. */
  idleTimer: (() => void) | null;
  absoluteTimer: (() => void) | null;
  /** The gateway lost this session's recovery state: once disconnected it cannot be recovered. */
  unrecoverable: boolean;
}

type Frame = [Record<string, unknown>, unknown?];

/**
 * The WebSocket side of push: the `[meta, body]` protocol that @ringcentral/subscriptions
 * (via @rc-ex/ws) speaks. ClientRequest frames are answered by the same dispatcher as HTTP.
 */
export class WsGateway {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, WsSession>();
  /** The open socket each wstoken was first used by (REALITY 22). */
  private readonly tokenSockets = new Map<string, WebSocket>();
  /** Connections the gateway closed on its own (idle, daily, token reused). */
  readonly closes: GatewayClose[] = [];

  constructor(
    private readonly clock: SimClock,
    private readonly tokens: TokenStore,
    private readonly dispatch: (req: SimRequest) => Promise<SimResponse>,
    private readonly onSessionLost: (sessionId: string) => void,
    private readonly habits: GatewayHabits = { timeouts: false, singleUseTokens: false, details: CONNECTION_DETAILS },
  ) {}

  /** A ConnectionDetails duration in real ms, rounded as the wire value is so client and gateway agree. */
  private realMsOf(key: 'recoveryTimeout' | 'idleTimeout' | 'absoluteTimeout'): number {
    return this.clock.wireSeconds(this.habits.details[key]) * 1000;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  isAlive(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    if (session.socket) return true;
    return session.disconnectedAt !== null && this.clock.now() - session.disconnectedAt < this.realMsOf('recoveryTimeout');
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    // Before anything else: a bad frame (invalid UTF-8, a broken header) is reported here, and unheard it would throw.
    ws.on('error', () => ws.terminate());
    // The path appended to a base, never parsed against one: `new URL('//', base)` throws (issue 26, finding 2).
    const url = new URL(`http://127.0.0.1${req.url ?? '/'}`);
    const wsToken = url.searchParams.get('access_token') ?? undefined;
    const check = this.tokens.checkWsToken(wsToken);
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
    if (this.habits.singleUseTokens && wsToken) {
      // REALITY 22: a second connection with the same token drops the first.
      const first = this.tokenSockets.get(wsToken);
      if (first && first.readyState === WebSocket.OPEN) {
        const owner = [...this.sessions.values()].find((s) => s.socket === first);
        this.closeWith(first, owner, 'WSG-904', 'Connection closed: the same token opened another connection');
      }
      this.tokenSockets.set(wsToken, ws);
      ws.on('close', () => {
        if (this.tokenSockets.get(wsToken) === ws) this.tokenSockets.delete(wsToken);
      });
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
        recent: [],
        idleTimer: null,
        absoluteTimer: null,
        unrecoverable: false,
      };
      this.sessions.set(session.id, session);
      if (wsc) recoveryState = 'Failed';
    }
    session.socket = ws;
    session.disconnectedAt = null;
    const { details: settings } = this.habits;
    const details: Record<string, unknown> = {
      creationTime: this.clock.iso(),
      ...settings,
      recoveryTimeout: this.clock.wireSeconds(settings.recoveryTimeout),
      idleTimeout: this.clock.wireSeconds(settings.idleTimeout),
      absoluteTimeout: this.clock.wireSeconds(settings.absoluteTimeout),
    };
    if (recoveryState) details['recoveryState'] = recoveryState;
    this.send(session, [{ type: 'ConnectionDetails', messageId: randomUUID(), status: 200, headers: {} }, details]);
    if (recoveryState === 'Successful') {
      const replay = this.replayFor(session);
      // Replay after the client has handled ConnectionDetails and re-attached its listeners
      // (frames in one TCP read are delivered before its promise continuations run).
      setTimeout(() => {
        for (const frame of replay) {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(frame.text);
          frame.delivered = true;
        }
      }, 25);
    } else {
      session.buffer = [];
      session.recent = [];
    }
    if (this.habits.timeouts) {
      // REALITY 21: once a day the gateway ends the connection whatever it carries.
      session.absoluteTimer = this.clock.after(this.realMsOf('absoluteTimeout') * this.clock.timeScale, () =>
        this.closeWith(ws, session, 'WSG-903', 'Absolute timeout'),
      );
      this.armIdle(session, ws);
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
      session.idleTimer?.();
      session.absoluteTimer?.();
      session.socket = null;
      session.disconnectedAt = this.clock.now();
      if (session.unrecoverable) this.forget(session);
    });
  }

  /** What a successful recovery sends again: the missed events, and a few delivered ones before them (REALITY 21). */
  private replayFor(session: WsSession): SentFrame[] {
    if (!this.habits.timeouts) return session.buffer.splice(0).map((text) => ({ text, delivered: false }));
    const firstMissed = session.recent.findIndex((f) => !f.delivered);
    if (firstMissed < 0) return [];
    return session.recent.slice(Math.max(0, firstMissed - RECOVERY_OVERLAP));
  }

  /** REALITY 21: a connection whose client sends no app-level message (Heartbeat) for idleTimeout is closed. */
  private armIdle(session: WsSession, ws: WebSocket): void {
    session.idleTimer?.();
    session.idleTimer = this.clock.after(this.realMsOf('idleTimeout') * this.clock.timeScale, () => this.closeWith(ws, session, 'WSG-902', 'Idle timeout'));
  }

  /** Ends a connection the way the gateway does: an Error frame with the code, then a close. */
  private closeWith(ws: WebSocket, session: WsSession | undefined, errorCode: GatewayClose['errorCode'], message: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    this.closes.push({ at: this.clock.now(), errorCode, wsSessionId: session?.id ?? '' });
    ws.send(
      JSON.stringify([
        { type: 'Error', messageId: randomUUID(), status: 400 },
        { errorCode, message },
      ]),
    );
    ws.close(1000, errorCode);
  }

  private async onMessage(session: WsSession, ws: WebSocket, text: string): Promise<void> {
    // Any app-level message keeps the connection from idling out; WebSocket pings are not messages.
    if (this.habits.timeouts && session.socket === ws) this.armIdle(session, ws);
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

  /** Sends a frame with the session's next `wsc` sequence; keeps notifications for a recovery. */
  private send(session: WsSession, frame: Frame): void {
    session.sequence += 1;
    frame[0] = { ...frame[0], wsc: { token: session.token, sequence: session.sequence } };
    const text = JSON.stringify(frame);
    const open = session.socket !== null && session.socket.readyState === WebSocket.OPEN;
    if (open) session.socket!.send(text);
    const size = this.habits.details.recoveryBufferSize;
    if (this.habits.timeouts) {
      if (frame[0]['type'] !== 'ServerNotification') return;
      // The last `recoveryBufferSize` events: past that, the oldest missed ones are lost.
      session.recent.push({ text, delivered: open });
      if (session.recent.length > size) session.recent.splice(0, session.recent.length - size);
    } else if (!open && session.buffer.length < size) {
      session.buffer.push(text);
    }
  }

  notify(sessionId: string, body: unknown): void {
    const session = this.sessions.get(sessionId);
    if (!session || !this.isAlive(sessionId)) return;
    this.send(session, [{ type: 'ServerNotification', messageId: randomUUID(), status: 200, headers: { 'Content-Type': 'application/json' } }, body]);
  }

  /** The WebSocket session a `wsc` token names (tests send it events while it is disconnected). */
  sessionIdForWsc(token: string): string | undefined {
    return [...this.sessions.values()].find((s) => s.token === token)?.id;
  }

  /** Fault: the gateway loses every session's recovery state, so the next `wsc` gets `recoveryState: Failed`. */
  forgetRecoveryState(): void {
    for (const session of [...this.sessions.values()]) {
      if (session.socket) session.unrecoverable = true;
      else this.forget(session);
    }
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
    this.tokenSockets.clear();
    this.closes.length = 0;
  }
}
