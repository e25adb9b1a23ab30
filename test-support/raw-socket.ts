/**
 * Raw TCP for the local servers' tests: any request line, header and WebSocket frame can be
 * sent as bytes, which an HTTP or WebSocket client library would refuse to produce.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** Sends bytes, then collects what comes back until the server closes or `quietMs` of silence; never throws. */
export function exchange(port: number, bytes: Buffer | string, quietMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    };
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      quiet();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes, () => quiet());
  });
}

/** A client frame (masked, as RFC 6455 requires of clients unless `masked` is false). */
export function clientFrame(opcode: number, payload: Buffer | string, options: { fin?: boolean; rsv?: number; masked?: boolean } = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const masked = options.masked ?? true;
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  const length =
    data.length < 126
      ? Buffer.from([data.length])
      : data.length < 65536
        ? Buffer.from([126, data.length >> 8, data.length & 255])
        : Buffer.concat([Buffer.from([127]), bigLength(data.length)]);
  length[0] = length[0]! | (masked ? 0x80 : 0);
  if (!masked) return Buffer.concat([Buffer.from([first]), length, data]);
  const key = randomBytes(4);
  const body = Buffer.from(data.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from([first]), length, key, body]);
}

function bigLength(n: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(n));
  return out;
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** A WebSocket opened by hand: frames can be sent as raw bytes, frames received are parsed. */
export interface RawWebSocket {
  status: number;
  socket: Socket;
  frames: ServerFrame[];
  closed: Promise<void>;
  send(bytes: Buffer): void;
  /** Resolves with the first received frame that `match` accepts (already received ones included). */
  next(match: (frame: ServerFrame) => boolean): Promise<ServerFrame>;
  /** Text frames parsed as JSON. */
  messages(): unknown[];
  /** The close frame's code, once one came. */
  closeCode(): number | null;
}

export function openRawWebSocket(port: number, path: string, headers: Record<string, string>): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    let buffer = Buffer.alloc(0);
    let status: number | null = null;
    const frames: ServerFrame[] = [];
    const waiters: Array<{ match: (frame: ServerFrame) => boolean; resolve: (frame: ServerFrame) => void }> = [];
    const closed = new Promise<void>((res) => socket.on('close', () => res()));
    socket.on('error', () => undefined);
    const ws: Omit<RawWebSocket, 'status'> = {
      socket,
      frames,
      closed,
      send: (bytes) => void (socket.writable && socket.write(bytes)),
      next: (match) =>
        new Promise((res) => {
          const found = frames.find(match);
          if (found) res(found);
          else waiters.push({ match, resolve: res });
        }),
      messages: () => frames.filter((f) => f.opcode === 1).map((f) => JSON.parse(f.payload.toString()) as unknown),
      closeCode: () => {
        const close = frames.find((f) => f.opcode === 8);
        return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
      },
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (status === null) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buffer.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        buffer = buffer.subarray(end + 4);
        resolve({ ...ws, status });
        if (status !== 101) return;
      }
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const frame = { opcode, payload: buffer.subarray(offset, offset + length) };
        buffer = buffer.subarray(offset + length);
        frames.push(frame);
        for (const waiter of [...waiters]) {
          if (!waiter.match(frame)) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
    socket.on('close', () => (status === null ? reject(new Error('closed before an answer')) : undefined));
  });
}

export const TEXT = 1;
export const BINARY = 2;
export const CLOSE = 8;
export const PING = 9;
