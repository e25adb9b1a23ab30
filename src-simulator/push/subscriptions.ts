import { randomUUID } from 'node:crypto';
import type { SimClock } from '../clock';

/** Subscriptions last 15 minutes unless renewed (RingCentral's default `expiresIn`). */
export const DEFAULT_SUBSCRIPTION_SECONDS = 900;

export interface SimSubscription {
  id: string;
  accountId: number;
  extensionId: number;
  eventFilters: string[];
  creationTime: string;
  expiresAt: number;
  expiresInSim: number;
  transportType: 'WebSocket';
  /** The WebSocket session that created it; its notifications go there. */
  wsSessionId: string;
  /** The app that created it (the limit of 20 counts per user and app, REALITY 22). */
  clientId?: string | undefined;
}

/** At most this many live subscriptions per user and app (REALITY 22, SUB-505). */
export const SUBSCRIPTIONS_PER_USER_AND_APP = 20;

/** Replaces `~` in an event filter by the caller's own account and extension ids. */
export function normalizeFilter(filter: string, accountId: number, extensionId: number): string {
  return filter.replace('/account/~', `/account/${accountId}`).replace('/extension/~', `/extension/${extensionId}`);
}

export class SubscriptionStore {
  private readonly subscriptions = new Map<string, SimSubscription>();

  constructor(
    private readonly clock: SimClock,
    private readonly isSessionAlive: (wsSessionId: string) => boolean,
  ) {}

  create(input: Omit<SimSubscription, 'id' | 'creationTime' | 'expiresAt' | 'expiresInSim'> & { expiresIn?: number | undefined }): SimSubscription {
    const expiresInSim = input.expiresIn ?? DEFAULT_SUBSCRIPTION_SECONDS;
    const subscription: SimSubscription = {
      id: randomUUID(),
      accountId: input.accountId,
      extensionId: input.extensionId,
      eventFilters: input.eventFilters.map((f) => normalizeFilter(f, input.accountId, input.extensionId)),
      creationTime: this.clock.iso(),
      expiresAt: 0,
      expiresInSim,
      transportType: input.transportType,
      wsSessionId: input.wsSessionId,
      clientId: input.clientId,
    };
    this.extend(subscription);
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  private extend(subscription: SimSubscription): void {
    subscription.expiresAt = this.clock.now() + this.clock.realMs(subscription.expiresInSim * 1000);
  }

  /**
   * A live subscription, or null. WebSocket subscriptions do not lapse while their
   * session is connected (the client library never renews them); a dead session's
   * subscriptions lapse at their expiration time.
   */
  get(id: string): SimSubscription | null {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return null;
    if (this.isSessionAlive(subscription.wsSessionId)) this.extend(subscription);
    if (this.clock.now() >= subscription.expiresAt) {
      this.subscriptions.delete(id);
      return null;
    }
    return subscription;
  }

  update(id: string, eventFilters: string[], expiresIn?: number): SimSubscription | null {
    const subscription = this.get(id);
    if (!subscription) return null;
    subscription.eventFilters = eventFilters.map((f) => normalizeFilter(f, subscription.accountId, subscription.extensionId));
    if (expiresIn) subscription.expiresInSim = expiresIn;
    this.extend(subscription);
    return subscription;
  }

  renew(id: string): SimSubscription | null {
    const subscription = this.get(id);
    if (subscription) this.extend(subscription);
    return subscription;
  }

  delete(id: string): boolean {
    return this.get(id) !== null && this.subscriptions.delete(id);
  }

  /** Live subscriptions of one user and app. */
  countFor(extensionId: number, clientId: string): number {
    return [...this.subscriptions.keys()].map((id) => this.get(id)).filter((s) => s && s.extensionId === extensionId && s.clientId === clientId).length;
  }

  /** Live subscriptions made over one WebSocket session. */
  ofSession(wsSessionId: string): SimSubscription[] {
    return [...this.subscriptions.keys()].map((id) => this.get(id)).filter((s): s is SimSubscription => s !== null && s.wsSessionId === wsSessionId);
  }

  dropSession(wsSessionId: string): void {
    for (const [id, s] of this.subscriptions) if (s.wsSessionId === wsSessionId) this.subscriptions.delete(id);
  }

  /** Live subscriptions whose filters cover an event path. */
  matching(eventPaths: string[]): SimSubscription[] {
    const out: SimSubscription[] = [];
    for (const id of [...this.subscriptions.keys()]) {
      const subscription = this.get(id);
      if (subscription && subscription.eventFilters.some((f) => eventPaths.includes(f.split('?')[0]!))) out.push(subscription);
    }
    return out;
  }

  info(subscription: SimSubscription, baseUrl: string): Record<string, unknown> {
    return {
      uri: `${baseUrl}/restapi/v1.0/subscription/${subscription.id}`,
      id: subscription.id,
      creationTime: subscription.creationTime,
      status: 'Active',
      eventFilters: subscription.eventFilters,
      expirationTime: new Date(subscription.expiresAt).toISOString(),
      expiresIn: Math.max(1, Math.round((subscription.expiresAt - this.clock.now()) / 1000)),
      deliveryMode: { transportType: subscription.transportType },
    };
  }

  clear(): void {
    this.subscriptions.clear();
  }
}
