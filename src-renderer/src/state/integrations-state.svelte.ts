import {
  WEBHOOK_EVENTS,
  webhookEndpointInputSchema,
  type FailedDeliveryView,
  type IntegrationsView,
  type ReceiverAnswer,
  type WebhookEndpointInput,
  type WebhookEndpointView,
  type WebhookEvent,
} from '../../../src-shared/webhooks';
import { integrationMessages as m } from '../lib/integration-messages';
import type { RingsideClient } from '../lib/ringside-client';

export type EndpointField = 'url' | 'secret' | 'events' | 'label';

/** What a generated secret is made of: URL- and shell-safe, 32 of them carry about 190 bits. */
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const GENERATED_SECRET_LENGTH = 32;

/** A random secret from the platform's CSPRNG, without modulo bias (bytes past the last whole alphabet are drawn again). */
export function generateSecret(fill: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const limit = 256 - (256 % SECRET_ALPHABET.length);
  let secret = '';
  while (secret.length < GENERATED_SECRET_LENGTH) {
    for (const byte of fill(new Uint8Array(GENERATED_SECRET_LENGTH * 2))) {
      if (byte < limit && secret.length < GENERATED_SECRET_LENGTH) secret += SECRET_ALPHABET[byte % SECRET_ALPHABET.length];
    }
  }
  return secret;
}

/** The Add endpoint form: what is typed, and why the last try was refused (the schema's own words, per field). */
export class EndpointDraft {
  url = $state('');
  secret = $state('');
  /** `leg.changed` is live and noisy: off until asked for. */
  events = $state<WebhookEvent[]>(WEBHOOK_EVENTS.filter((e) => e !== 'leg.changed'));
  label = $state('');
  /** The secret Generate made, shown in clear once so it can be copied; gone after Add. */
  generated = $state<string | null>(null);
  errors = $state<Partial<Record<EndpointField, string>>>({});

  generate(): void {
    this.secret = this.generated = generateSecret();
    this.clearError('secret');
  }

  setSecret(value: string): void {
    this.secret = value;
    // Typed over: the shown secret is no longer the one that will be saved.
    if (value !== this.generated) this.generated = null;
    this.clearError('secret');
  }

  toggle(event: WebhookEvent, on: boolean): void {
    this.events = on ? WEBHOOK_EVENTS.filter((e) => e === event || this.events.includes(e)) : this.events.filter((e) => e !== event);
    this.clearError('events');
  }

  clearError(field: EndpointField): void {
    if (this.errors[field]) this.errors = Object.fromEntries(Object.entries(this.errors).filter(([key]) => key !== field));
  }

  /** The input the schema accepts, or each field's first problem in the schema's words. */
  check(): { ok: true; value: WebhookEndpointInput } | { ok: false; errors: Partial<Record<EndpointField, string>> } {
    const parsed = webhookEndpointInputSchema.safeParse({ url: this.url, secret: this.secret, events: this.events, label: this.label.trim() || null });
    if (parsed.success) return { ok: true, value: parsed.data };
    const errors: Partial<Record<EndpointField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as EndpointField;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }

  reset(): void {
    this.url = this.secret = this.label = '';
    this.generated = null;
    this.events = WEBHOOK_EVENTS.filter((e) => e !== 'leg.changed');
    this.errors = {};
  }
}

/**
 * Settings → Integrations: the webhook endpoints, their failed deliveries, and the requests
 * about them (add, remove, test, retry). Kept current by main's `webhooks.changed`.
 */
export class IntegrationsState {
  endpoints = $state<WebhookEndpointView[]>([]);
  failed = $state<FailedDeliveryView[]>([]);
  loaded = $state(false);
  /** Why the list could not be read (shown in place of it). */
  loadError = $state<string | null>(null);
  readonly draft = new EndpointDraft();
  adding = $state(false);
  /** What the last Add said (its refusal, or that it worked). */
  addStatus = $state<{ ok: boolean; text: string } | null>(null);
  /** Per endpoint: the receiver's answer to the last test, or why it could not be sent. */
  tests = $state<Record<string, { answer: ReceiverAnswer } | { error: string }>>({});
  testing = $state<string[]>([]);
  /** The endpoint whose Remove asks to confirm. */
  confirmingRemove = $state<string | null>(null);
  /** Per failed delivery: Retry is under way, or why it was refused. */
  retrying = $state<string[]>([]);
  retryErrors = $state<Record<string, string>>({});
  /** Why the last Remove was refused. */
  removeError = $state<string | null>(null);
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly client: RingsideClient) {}

  /** Listens for changes, then reads the list; returns the stop (for an $effect). */
  start(): () => void {
    this.unsubscribe = this.client.on('webhooks.changed', (view) => this.show(view));
    void this.load();
    return () => this.stop();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  async load(): Promise<void> {
    const answer = await this.client.ask('webhooks.list', {});
    if (answer.ok) this.show(answer.value);
    else this.loadError = answer.error.message;
    this.loaded = true;
  }

  private show(view: IntegrationsView): void {
    this.endpoints = view.endpoints;
    this.failed = view.failed;
    this.loadError = null;
  }

  /** Adds the draft's endpoint; the secret leaves the form then and is never shown again. */
  async add(): Promise<boolean> {
    const checked = this.draft.check();
    this.addStatus = null;
    if (!checked.ok) {
      this.draft.errors = checked.errors;
      return false;
    }
    this.draft.errors = {};
    this.adding = true;
    const answer = await this.client.ask('webhooks.add', checked.value);
    this.adding = false;
    if (!answer.ok) {
      this.addStatus = { ok: false, text: answer.error.message };
      return false;
    }
    if (!this.endpoints.some((e) => e.id === answer.value.id)) this.endpoints = [...this.endpoints, answer.value];
    this.draft.reset();
    this.addStatus = { ok: true, text: m.add.added(answer.value.url) };
    return true;
  }

  askRemove(id: string | null): void {
    this.confirmingRemove = id;
    this.removeError = null;
  }

  async remove(id: string): Promise<void> {
    const answer = await this.client.ask('webhooks.remove', { id });
    if (!answer.ok) {
      this.removeError = answer.error.message;
      return;
    }
    this.confirmingRemove = null;
    this.endpoints = this.endpoints.filter((e) => e.id !== id);
    delete this.tests[id];
  }

  /** Sends a signed ping now and keeps what the receiver said (or why it could not be sent). */
  async test(id: string): Promise<void> {
    if (this.testing.includes(id)) return;
    this.testing = [...this.testing, id];
    const answer = await this.client.ask('webhooks.test', { id });
    this.testing = this.testing.filter((t) => t !== id);
    this.tests = { ...this.tests, [id]: answer.ok ? { answer: answer.value.answer } : { error: answer.error.message } };
  }

  /** Takes a parked delivery back into the queue (same idempotency key); the list follows main's event. */
  async retry(id: string): Promise<void> {
    if (this.retrying.includes(id)) return;
    this.retrying = [...this.retrying, id];
    const { [id]: _previous, ...others } = this.retryErrors;
    this.retryErrors = others;
    const answer = await this.client.ask('webhooks.retry', { id });
    this.retrying = this.retrying.filter((r) => r !== id);
    if (!answer.ok) this.retryErrors = { ...this.retryErrors, [id]: answer.error.message };
    else if (answer.value.queued) this.failed = this.failed.filter((f) => f.id !== id);
  }

  /** The endpoint's name as lists show it: its label, else its address. */
  endpointName(id: string, url: string): string {
    return this.endpoints.find((e) => e.id === id)?.label || url;
  }
}
