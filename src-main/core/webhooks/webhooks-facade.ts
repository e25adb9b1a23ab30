import { randomUUID } from 'node:crypto';
import { Emitter, type Event } from '../../../src-shared/emitter';
import {
  webhookEndpointInputSchema,
  type IntegrationsView,
  type ReceiverAnswer,
  type WebhookEndpointInput,
  type WebhookEndpointView,
} from '../../../src-shared/webhooks';
import { RingsideError } from '../errors';
import type { Clock, SecretStore } from '../ports';
import type { DeliveryWorker } from './delivery-worker';
import type { Outbox } from './outbox';
import { payloadText } from './payload';
import { deliveryHeaders } from './signing';
import { receiverAnswer, type WebhookTransport } from './transport';
import { REQUEST_TIMEOUT_MS } from './delivery-worker';

/** Where an endpoint's signing secret is kept in the SecretStore (never in the archive). */
export const webhookSecretKey = (endpointId: string) => `webhook-secret:${endpointId}`;

const EMPTY: IntegrationsView = { endpoints: [], failed: [] };

/**
 * `core.webhooks`: the endpoints Ringside posts call outcomes to, their queues and failed
 * deliveries (webhooks/outbox.ts holds them in the archive, delivery-worker.ts sends them).
 */
export class WebhooksFacade {
  private readonly changedEmitter = new Emitter<IntegrationsView>();
  readonly onChanged: Event<IntegrationsView> = this.changedEmitter.event;
  private lastFired = '';

  constructor(
    private readonly outbox: Outbox,
    /** The archive's transaction (refuses every write of a read-only archive, in words). */
    private readonly write: <T>(work: () => T) => T,
    private readonly secrets: SecretStore,
    private readonly worker: DeliveryWorker,
    private readonly transport: WebhookTransport,
    private readonly clock: Clock,
    /** False when the archive predates webhooks and is read-only: nothing to list. */
    private readonly available: boolean,
  ) {}

  list(): IntegrationsView {
    if (!this.available) return EMPTY;
    return { endpoints: this.outbox.endpointViews(), failed: this.outbox.failedViews() };
  }

  /** Adds an endpoint; its secret goes to the SecretStore and never comes back out. */
  async add(input: WebhookEndpointInput): Promise<WebhookEndpointView> {
    const parsed = webhookEndpointInputSchema.safeParse(input);
    if (!parsed.success) throw new RingsideError('INVALID_REQUEST', parsed.error.issues[0]?.message);
    const id = `wh_${randomUUID()}`;
    await this.secrets.set(webhookSecretKey(id), parsed.data.secret);
    try {
      this.write(() =>
        this.outbox.addEndpoint({
          id,
          url: parsed.data.url,
          label: parsed.data.label ?? null,
          events: [...new Set(parsed.data.events)],
          createdMs: this.clock.now(),
        }),
      );
    } catch (error) {
      await this.secrets.delete(webhookSecretKey(id));
      throw error;
    }
    this.changed();
    return this.outbox.endpointViews().find((e) => e.id === id)!;
  }

  /** Removes an endpoint, what still waits for it and its secret. */
  async remove(id: string): Promise<{ removed: boolean }> {
    const removed = this.write(() => this.outbox.removeEndpoint(id));
    await this.secrets.delete(webhookSecretKey(id));
    this.changed();
    return { removed };
  }

  /** A parked delivery back in the queue, same idempotency key. */
  retry(deliveryId: string): { queued: boolean } {
    const queued = this.write(() => this.outbox.retry(deliveryId, this.clock.now()));
    if (queued) {
      this.changed();
      this.worker.kick();
    }
    return { queued };
  }

  /** Sends a signed `ping` now (not queued, not retried) and answers what the receiver said. */
  async test(id: string): Promise<{ answer: ReceiverAnswer }> {
    const endpoint = this.available ? this.outbox.endpoint(id) : null;
    const secret = endpoint ? await this.secrets.get(webhookSecretKey(id)) : null;
    if (!endpoint || secret === null) throw new RingsideError('WEBHOOK_NOT_FOUND');
    const now = this.clock.now();
    const eventId = `evt_${randomUUID()}`;
    const body = payloadText({ id: eventId, type: 'ping', occurredAt: now, call: null });
    const abort = new AbortController();
    const cancel = this.clock.setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      const answer = await this.transport(
        { url: endpoint.url, body, headers: deliveryHeaders({ secret, now, body, event: 'ping', eventId, idempotencyKey: `ping_${randomUUID()}` }) },
        abort.signal,
      );
      return { answer: receiverAnswer(answer, this.clock.now()) };
    } finally {
      cancel();
    }
  }

  /** Tells listeners when what Settings → Integrations shows changed (counts, failed deliveries). */
  changed(): void {
    if (!this.available) return;
    const view = this.list();
    const text = JSON.stringify(view);
    if (text === this.lastFired) return;
    this.lastFired = text;
    this.changedEmitter.fire(view);
  }

  dispose(): void {
    this.changedEmitter.dispose();
  }
}
