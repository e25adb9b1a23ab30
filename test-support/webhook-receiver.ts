/**
 * A real webhook receiver for tests (node:http on 127.0.0.1:0) and an INDEPENDENT signature
 * check (WebCrypto's HMAC, while the product signs with node:crypto).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  /** When it arrived, by the receiver's clock (the test's fake clock). */
  at: number;
  /** What the receiver answered (null: it hung up or never answered). */
  answered: number | null;
}

/** How the receiver treats the next request: an answer, no answer at all (hang), or a dropped connection. */
export type Behaviour = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'drop';

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Decides each answer; default 200. */
  behave: (request: ReceivedRequest) => Behaviour = () => ({ status: 200, body: 'ok' });
  /** The receiver's clock: the test's fake clock, so signatures are checked against the time they were made at. */
  now: () => number = () => Date.now();
  private readonly hanging = new Set<ServerResponse>();
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = createServer((req, res) => void receiver!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ringside`);
    return receiver;
  }

  /** Requests held without an answer right now. */
  get hangingCount(): number {
    return this.hanging.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const request: ReceivedRequest = { headers, body: Buffer.concat(chunks).toString('utf8'), at: this.now(), answered: null };
    this.requests.push(request);
    const behaviour = this.behave(request);
    if (behaviour === 'drop') return void req.socket.destroy();
    if (behaviour === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    request.answered = behaviour.status;
    res.writeHead(behaviour.status, { 'content-type': 'text/plain', ...behaviour.headers });
    res.end(behaviour.body ?? '');
  }

  /** Drops the connections of the requests held right now (each is a failed attempt to Ringside). */
  dropHanging(): void {
    for (const res of this.hanging) res.socket?.destroy();
  }

  /** The requests the receiver accepted (2xx). */
  get accepted(): ReceivedRequest[] {
    return this.requests.filter((r) => r.answered !== null && r.answered >= 200 && r.answered < 300);
  }

  async close(): Promise<void> {
    this.dropHanging();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Checks `Ringside-Signature: t=…,v1=…` as a receiver would, with WebCrypto: the HMAC-SHA256 of
 * `t + "." + body` under the secret, and `t` within the replay window of `nowMs`.
 */
export async function verifySignature(secret: string, header: string | undefined, body: string, nowMs: number, windowSeconds = 300): Promise<boolean> {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  const timestamp = Number(parts['t']);
  if (!Number.isInteger(timestamp) || !parts['v1']) return false;
  if (Math.abs(nowMs / 1000 - timestamp) > windowSeconds) return false;
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)));
  const expected = [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
  return expected === parts['v1'];
}
