import type { ReceiverAnswer } from '../../../src-shared/webhooks';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What came back: an HTTP answer, or none and why. */
export type TransportAnswer = { status: number; retryAfter: string | null; body: string } | { status: null; failure: Exclude<ReceiverAnswer['failure'], null> };

/** Posts one delivery; `signal` aborts it (the worker's request timeout). Never throws. */
export type WebhookTransport = (request: WebhookRequest, signal: AbortSignal) => Promise<TransportAnswer>;

export const BODY_EXCERPT_MAX = 300;
/** Enough of a receiver's body for the excerpt; the rest is never read. */
const BODY_READ_MAX = 4096;

/** Node's fetch: no redirects followed (a 3xx is an answer, not a new address), the body read only so far. */
export const fetchTransport: WebhookTransport = async (request, signal) => {
  try {
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await readSome(response, signal) };
  } catch (error) {
    return { status: null, failure: failureKind(error, signal) };
  }
};

async function readSome(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_READ_MAX && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short still leaves its status as the answer.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failureKind(error: unknown, signal: AbortSignal): Exclude<ReceiverAnswer['failure'], null> {
  if (signal.aborted) return 'timeout';
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (/CERT|TLS|SSL/i.test(code)) return 'tls';
  return 'network';
}

/** The facts kept of an answer: status, why none came, the start of the body. */
export function receiverAnswer(answer: TransportAnswer, at: number): ReceiverAnswer {
  if (answer.status === null) return { at, status: null, failure: answer.failure, bodyExcerpt: '' };
  return { at, status: answer.status, failure: null, bodyExcerpt: answer.body.slice(0, BODY_EXCERPT_MAX) };
}
