import { createHmac } from 'node:crypto';

/**
 * How a receiver knows a delivery came from this Ringside, unchanged and recently: an
 * HMAC-SHA256 with the endpoint's secret over `timestamp + "." + body`, sent as
 * `Ringside-Signature: t=<unix seconds>,v1=<hex>`. A receiver recomputes it over the raw body
 * and drops anything older than the replay window (README "Integrations").
 */
export const SIGNATURE_HEADER = 'Ringside-Signature';
export const IDEMPOTENCY_HEADER = 'Ringside-Idempotency-Key';
export const EVENT_HEADER = 'Ringside-Event';
export const EVENT_ID_HEADER = 'Ringside-Event-Id';
/** A receiver should refuse a signature whose timestamp is further than this from its clock. */
export const REPLAY_WINDOW_SECONDS = 300;

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signatureOf(secret, timestampSeconds, body)}`;
}

/** The headers of one attempt; the signature's time is the attempt's, so a retry is never stale. */
export function deliveryHeaders(input: {
  secret: string;
  now: number;
  body: string;
  event: string;
  eventId: string;
  idempotencyKey: string;
}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Ringside-Webhooks/1',
    [SIGNATURE_HEADER]: signatureHeader(input.secret, Math.floor(input.now / 1000), input.body),
    [IDEMPOTENCY_HEADER]: input.idempotencyKey,
    [EVENT_HEADER]: input.event,
    [EVENT_ID_HEADER]: input.eventId,
  };
}
