/**
 * Integrations (issue 30): webhook endpoints, their deliveries and the wrap-up step after a
 * call. One definition each, used by the core, main, the CLI and the renderer. The payload
 * itself is described by schema/webhook-payload.v1.json; these are the shapes the app shows.
 */
import { isHttpsOrLoopbackUrl } from './https-or-loopback';
import { z } from 'zod';
import { annotationSchema } from './annotations';

/** What an endpoint may subscribe to. `leg.changed` is live and optional. */
export const WEBHOOK_EVENTS = ['call.completed', 'call.updated', 'leg.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);

/** A receiver Ringside may post to: https, or plain http only on this computer. */
export const isAllowedWebhookUrl = isHttpsOrLoopbackUrl;

export { WEBHOOK_REQUEST_TIMEOUT_SECONDS } from './webhook-timeout';

export const WEBHOOK_SECRET_MIN = 16;
export const WEBHOOK_SECRET_MAX = 200;

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(500, 'That address is too long.')
  .refine(isAllowedWebhookUrl, 'A webhook address must start with https:// (http:// only for this computer).');

/** A new endpoint as the user enters it. The secret goes to the SecretStore, never back out. */
export const webhookEndpointInputSchema = z
  .object({
    url: webhookUrlSchema,
    secret: z
      .string()
      .min(WEBHOOK_SECRET_MIN, `The secret needs at least ${WEBHOOK_SECRET_MIN} characters.`)
      .max(WEBHOOK_SECRET_MAX, 'That secret is too long.'),
    events: z.array(webhookEventSchema).min(1, 'Choose at least one event.'),
    label: z.string().trim().max(80).nullable().optional(),
  })
  .strict();
export type WebhookEndpointInput = z.infer<typeof webhookEndpointInputSchema>;

/**
 * The last answer a receiver gave, as facts (the renderer words them): an HTTP status with the
 * start of the body, or no answer at all and why.
 */
export interface ReceiverAnswer {
  at: number;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  /** Why no answer came (status null). */
  failure: 'timeout' | 'network' | 'refused' | 'tls' | null;
  /** The first characters of the body, for the failed-deliveries list (at most 300). */
  bodyExcerpt: string;
}

/** An endpoint as Settings → Integrations shows it (no secret). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  label: string | null;
  events: WebhookEvent[];
  createdAt: number;
  /** Deliveries waiting (including those in flight and backing off), not parked. */
  pending: number;
  inFlight: number;
  lastDeliveredAt: number | null;
  lastAnswer: ReceiverAnswer | null;
}

/** A delivery that gave up after the retry limit: shown with Retry and the receiver's last answer. */
export interface FailedDeliveryView {
  id: string;
  endpointId: string;
  endpointUrl: string;
  event: WebhookEvent;
  /** The idempotency key the receiver saw on every attempt (and will see on a retry). */
  idempotencyKey: string;
  /** The call the event is about (a history row id or a placed call's id), and who it was with. */
  callId: string | null;
  party: string | null;
  attempts: number;
  createdAt: number;
  parkedAt: number;
  lastAnswer: ReceiverAnswer | null;
}

export interface IntegrationsView {
  endpoints: WebhookEndpointView[];
  failed: FailedDeliveryView[];
}

/** Wrap-up after a call: off, offered (may be skipped) or required (a disposition before the next call). */
export const WRAP_UP_MODES = ['off', 'ask', 'require'] as const;
export type WrapUpMode = (typeof WRAP_UP_MODES)[number];
export const wrapUpModeSchema = z.enum(WRAP_UP_MODES);
export const WRAP_UP_SECONDS_MIN = 10;
export const WRAP_UP_SECONDS_MAX = 600;
export const wrapUpSecondsSchema = z.number().int().min(WRAP_UP_SECONDS_MIN).max(WRAP_UP_SECONDS_MAX);

/** A call waiting for its wrap-up: `call.completed` is held until it is done or `until` passes. */
export interface WrapUpView {
  callId: string;
  mode: Exclude<WrapUpMode, 'off'>;
  /** Epoch ms when the countdown ends. */
  until: number;
}

/** IPC requests of this area; ipc-contract.ts spreads them into the one contract. */
export const integrationsInvokeSchemas = {
  'webhooks.list': z.object({}).strict(),
  'webhooks.add': webhookEndpointInputSchema,
  'webhooks.remove': z.object({ id: z.string().min(1).max(200) }).strict(),
  /** Sends a signed `ping` to the endpoint now and answers what it said (not queued). */
  'webhooks.test': z.object({ id: z.string().min(1).max(200) }).strict(),
  /** Takes a parked delivery back into the queue, same idempotency key. */
  'webhooks.retry': z.object({ id: z.string().min(1).max(200) }).strict(),
  /** Finishes the wrap-up: saves the note and disposition and lets `call.completed` go. */
  'wrapUp.finish': z.object({ callId: z.string().min(1).max(200), annotation: annotationSchema }).strict(),
  /** "Skip" (ask mode only): `call.completed` goes without waiting. */
  'wrapUp.skip': z.object({ callId: z.string().min(1).max(200) }).strict(),
} as const;

export interface IntegrationsInvokeResponses {
  'webhooks.list': IntegrationsView;
  'webhooks.add': WebhookEndpointView;
  'webhooks.remove': { removed: boolean };
  'webhooks.test': { answer: ReceiverAnswer };
  'webhooks.retry': { queued: boolean };
  'wrapUp.finish': { finished: boolean };
  'wrapUp.skip': { skipped: boolean };
}

export interface IntegrationsEventPayloads {
  /** Endpoints, pending counts or failed deliveries changed. */
  'webhooks.changed': IntegrationsView;
  /** The calls waiting for a wrap-up now (empty when none). */
  'wrapUp.changed': WrapUpView[];
}
