import { WEBHOOK_REQUEST_TIMEOUT_SECONDS, type ReceiverAnswer } from '../../../src-shared/webhooks';
import type { Clock, Logger } from '../ports';
import { MAX_AGE_MS, MAX_ATTEMPTS, nextAttemptAt } from './backoff';
import type { DeliveryRow, Outbox } from './outbox';
import { deliveryHeaders } from './signing';
import { receiverAnswer, type TransportAnswer, type WebhookTransport } from './transport';

/** At most this many requests to one endpoint at a time (a small receiver is not flooded after days offline). */
export const MAX_IN_FLIGHT_PER_ENDPOINT = 2;
/** A receiver that has not answered by then is treated as down (timeout) and tried again later. */
export const REQUEST_TIMEOUT_MS = WEBHOOK_REQUEST_TIMEOUT_SECONDS * 1000;

export interface DeliveryWorkerOptions {
  outbox: Outbox;
  /** The archive's transaction. */
  write: <T>(work: () => T) => T;
  /** The endpoint's signing secret, from the SecretStore. */
  secretOf: (endpointId: string) => Promise<string | null>;
  clock: Clock;
  transport: WebhookTransport;
  logger: Logger;
  /** Counts or failed deliveries changed (Settings → Integrations follows). */
  changed: () => void;
  random?: () => number;
  timeoutMs?: number;
  maxInFlight?: number;
  maxAttempts?: number;
  maxAgeMs?: number;
}

/**
 * Sends the outbox: at-least-once, each call's events in order (the outbox hands out only a
 * lane's first waiting delivery), never more than `maxInFlight` per endpoint, failures tried
 * again with backoff and jitter bounded by Retry-After, parked after `maxAttempts` and `maxAgeMs`. Stopping
 * leaves a delivery in flight as it is: the next open sends it again with the same key.
 */
export class DeliveryWorker {
  private readonly inFlight = new Map<string, number>();
  private readonly sending = new Set<string>();
  private readonly aborts = new Set<AbortController>();
  private timer: (() => void) | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private kicked = false;
  private stopped = false;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private readonly maxAttempts: number;
  private readonly maxAgeMs: number;
  /** Settles when nothing is being sent (tests wait for it instead of sleeping). */
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT_PER_ENDPOINT;
    this.maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
    this.maxAgeMs = options.maxAgeMs ?? MAX_AGE_MS;
  }

  /** Starts sending (a delivery in flight when Ringside last stopped goes back to the queue first). */
  start(): void {
    const reset = this.options.write(() => this.options.outbox.resetInFlight());
    if (reset > 0) this.options.logger.info('Webhook deliveries interrupted at the last stop are sent again', { count: reset });
    this.kick();
  }

  /** Something was queued or became due: look soon (after the writing transaction committed). */
  kick(): void {
    if (this.stopped || this.kicked) return;
    this.kicked = true;
    queueMicrotask(() => {
      this.kicked = false;
      this.pump();
    });
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.timer = null;
    for (const abort of this.aborts) abort.abort();
  }

  /** How many deliveries are being sent right now. */
  get sendingCount(): number {
    return this.sending.size;
  }

  /** Resolves once no delivery is being sent. */
  idle(): Promise<void> {
    if (this.sending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.stopped) return;
    try {
      this.startDue();
    } catch (error) {
      // The archive went away under us (closed, full): the rows wait in it for the next start.
      this.options.logger.warn('Could not read the webhook outbox', { error: (error as Error).message });
    }
  }

  private startDue(): void {
    const now = this.options.clock.now();
    const started: DeliveryRow[] = [];
    this.options.write(() => {
      for (const delivery of this.options.outbox.due(now)) {
        const busy = this.inFlight.get(delivery.endpointId) ?? 0;
        if (busy >= this.maxInFlight || this.sending.has(delivery.id)) continue;
        this.inFlight.set(delivery.endpointId, busy + 1);
        this.sending.add(delivery.id);
        this.options.outbox.markInFlight(delivery.id);
        started.push({ ...delivery, attempts: delivery.attempts + 1 });
      }
    });
    if (started.length > 0) this.options.changed();
    for (const delivery of started) void this.send(delivery);
    this.scheduleNext(now);
  }

  /**
   * `now` is the time the due deliveries were picked at, not a later reading: one that fell due
   * while the archive was written (a slow write, a timer fired a little early) was not picked,
   * and would otherwise be mistaken for one held back and wait for a kick that never comes.
   */
  private scheduleNext(now: number): void {
    const at = this.options.outbox.nextDueAt();
    if (at === null) return;
    // Due at `now` but not started (lane or in-flight limit): the end of a send kicks again.
    if (at <= now) return;
    if (this.timer && this.timerAt <= at) return;
    this.timer?.();
    this.timerAt = at;
    this.timer = this.options.clock.setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(0, at - this.options.clock.now()),
    );
  }

  private async send(delivery: DeliveryRow): Promise<void> {
    const event = delivery.event;
    const secret = await this.options.secretOf(delivery.endpointId);
    let answer: TransportAnswer;
    if (secret === null) answer = { status: null, failure: 'network' };
    else {
      const abort = new AbortController();
      this.aborts.add(abort);
      const cancelTimeout = this.options.clock.setTimeout(() => abort.abort(), this.timeoutMs);
      const endpoint = this.options.outbox.endpoint(delivery.endpointId);
      answer = endpoint
        ? await this.options.transport(
            {
              url: endpoint.url,
              body: delivery.payload,
              headers: deliveryHeaders({
                secret,
                now: this.options.clock.now(),
                body: delivery.payload,
                event,
                eventId: delivery.eventId,
                idempotencyKey: delivery.id,
              }),
            },
            abort.signal,
          )
        : { status: null, failure: 'network' };
      cancelTimeout();
      this.aborts.delete(abort);
    }
    this.inFlight.set(delivery.endpointId, (this.inFlight.get(delivery.endpointId) ?? 1) - 1);
    this.sending.delete(delivery.id);
    // Stopped meanwhile: the row stays in flight and goes again at the next start (same key).
    if (!this.stopped) {
      try {
        this.finish(delivery, answer);
        this.options.changed();
      } catch (error) {
        // The archive could not record it (closed under us, a full disk): the row stays in flight and goes again at the next start.
        this.options.logger.warn('Could not record a webhook delivery', { error: (error as Error).message });
      }
      this.kick();
    }
    if (this.sending.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private finish(delivery: DeliveryRow, answer: TransportAnswer): void {
    const now = this.options.clock.now();
    const facts: ReceiverAnswer = receiverAnswer(answer, now);
    const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
    this.options.write(() => {
      if (ok) this.options.outbox.delivered(delivery, facts);
      else {
        const retryAfter = answer.status === null ? null : answer.retryAfter;
        const giveUp = delivery.attempts >= this.maxAttempts && now - delivery.createdMs >= this.maxAgeMs;
        const retryAt = giveUp ? null : nextAttemptAt(delivery.attempts - 1, now, retryAfter, this.random);
        this.options.outbox.failed(delivery, facts, retryAt);
      }
    });
  }
}
