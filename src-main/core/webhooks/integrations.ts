import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import type { Archive } from '../history/archive';
import type { Clock, Logger, SecretStore } from '../ports';
import { CallReporter } from './call-reporter';
import { DeliveryWorker } from './delivery-worker';
import { Outbox } from './outbox';
import { fetchTransport, type WebhookTransport } from './transport';
import { webhookSecretKey, WebhooksFacade } from './webhooks-facade';
import { WrapUpHold, type WrapUpSettings } from './wrap-up';

export interface IntegrationsOptions {
  archive: Archive;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  wrapUpSettings?: () => WrapUpSettings;
  /** A placed call's history row: its record's once confirmed, else its own (`ringside:<id>`). */
  rowIdOfCall: (callId: string) => string;
  transport?: WebhookTransport;
  /** For tests: the backoff's jitter. */
  random?: () => number;
  /** For tests: attempts and age before a delivery is parked. */
  maxAttempts?: number;
  maxAgeMs?: number;
}

/**
 * Builds the integrations room on an open archive: the outbox, what writes to it (the call
 * reporter, inside each archive transaction), the delivery worker and the wrap-up hold, and
 * the two areas the core exposes (`core.webhooks`, `core.wrapUp`).
 */
export function buildIntegrations(options: IntegrationsOptions) {
  const { archive, clock } = options;
  const outbox = new Outbox(archive.database);
  const available = archive.database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'webhook_deliveries'").get() !== undefined;
  const write = <T>(work: () => T): T => archive.transaction(work);
  let facade: WebhooksFacade | null = null;
  const worker = new DeliveryWorker({
    outbox,
    write,
    secretOf: (id) => options.secrets.get(webhookSecretKey(id)),
    clock,
    transport: options.transport ?? fetchTransport,
    logger: options.logger,
    changed: () => facade?.changed(),
    random: options.random,
    maxAttempts: options.maxAttempts,
    maxAgeMs: options.maxAgeMs,
  });
  const wrapUp = new WrapUpHold({
    clock,
    settings: options.wrapUpSettings ?? (() => ({ mode: 'off', seconds: 60 })),
    finish: (callId, annotation) => {
      write(() => {
        archive.annotations.annotate(options.rowIdOfCall(callId), annotation, clock.now());
        outbox.release(callId, clock.now());
      });
      worker.kick();
    },
    release: (callId) => {
      if (available && !archive.readOnly) write(() => outbox.release(callId, clock.now()));
      worker.kick();
    },
  });
  let reporter: CallReporter | null = null;
  if (available && !archive.readOnly) {
    reporter = new CallReporter(
      archive.database,
      outbox,
      (rowId) => archive.detail(rowId),
      clock,
      (id) => wrapUp.heldUntil(id),
      () => worker.kick(),
    );
    archive.observeCalls((rowId, placed) => reporter!.changed(rowId, placed));
  }
  facade = new WebhooksFacade(outbox, write, options.secrets, worker, options.transport ?? fetchTransport, clock, available);
  return {
    webhooks: facade,
    wrapUp,
    worker,
    /** Starts sending (after the archive opened writable). */
    start: () => {
      if (available && !archive.readOnly) worker.start();
    },
    callUpdated: (call: TrackedCall) => wrapUp.callUpdated(call),
    /** A live leg change: leg.changed for the endpoints that chose it (a full disk loses only this live event). */
    legChanged: (change: LegChange, call: TrackedCall) => {
      if (!reporter) return;
      try {
        write(() => reporter!.legChanged(change, call));
      } catch (error) {
        options.logger.warn('Could not queue leg.changed', { error: (error as Error).message });
      }
    },
    stop: () => {
      worker.stop();
      wrapUp.stop();
      facade.dispose();
    },
  };
}
