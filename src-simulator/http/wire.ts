/** Reading requests from and writing answers to the simulator's HTTP socket: the wire, not the service. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError } from './errors';
import type { SimRequest, SimResponse } from './types';

/** A request target as a URL, or null (`//`, `*`, junk): `new URL('//', base)` would throw. */
export function requestTarget(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1${target}`);
  } catch {
    return null;
  }
}

/** What makes two requests "identical" (REALITY 23): the same credentials, method, path, query and body. */
export function duplicateKey(req: SimRequest): string {
  return JSON.stringify([req.headers['authorization'] ?? '', req.method, req.path, req.query.toString(), req.body ?? null]);
}

export function unsupportedMediaType(): SimResponse {
  return apiError(415, 'CMN-415', 'Content type is not supported: send application/json (or a form for OAuth)');
}

export function clientIdOf(req: SimRequest): string | null {
  const basic = /^basic\s+(.+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
  if (basic) return Buffer.from(basic, 'base64').toString().split(':')[0] ?? null;
  const fromBody = (req.body as Record<string, unknown> | null)?.['client_id'];
  if (typeof fromBody === 'string') return fromBody;
  return req.query.get('client_id');
}

/** A body is JSON only when it says so (`application/json` or `…+json`), or a form; anything else is refused. */
export async function readBody(req: IncomingMessage): Promise<{ parsed: unknown; malformed: boolean; unsupported: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return { parsed: undefined, malformed: false, unsupported: false };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return { parsed: Object.fromEntries(new URLSearchParams(text)), malformed: false, unsupported: false };
  if (type !== 'application/json' && !/^application\/[\w.-]+\+json$/.test(type)) return { parsed: undefined, malformed: false, unsupported: true };
  try {
    return { parsed: JSON.parse(text), malformed: false, unsupported: false };
  } catch {
    return { parsed: text, malformed: true, unsupported: false };
  }
}

export function writeResponse(res: ServerResponse, response: SimResponse, now: number): void {
  // The service's own time (clockOffsetMs), as clients learn it from the Date header.
  const headers: Record<string, string> = { Date: new Date(now).toUTCString(), ...response.headers };
  let payload: string | undefined;
  if (typeof response.body === 'string') {
    payload = response.body;
    headers['Content-Type'] = response.contentType ?? 'text/plain; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
