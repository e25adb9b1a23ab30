import { randomUUID } from 'node:crypto';
import type { SDK } from '@ringcentral/sdk';
import { Subscriptions } from '@ringcentral/subscriptions';
import { z } from 'zod';
import { httpResponseOf } from '../ringcentral/api-error';
import type { Logger } from '../ports';
import { Emitter, type Event } from '../../../src-shared/emitter';

/** Your own party only: the callee of a RingOut is outside the account and never shows here. */
export const EXTENSION_TELEPHONY_FILTER = '/restapi/v1.0/account/~/extension/~/telephony/sessions';
/** Every party of the account's sessions, the callee included; needs admin permissions. */
export const ACCOUNT_TELEPHONY_FILTER = '/restapi/v1.0/account/~/telephony/sessions';

export type PushScope = 'account' | 'extension';

/** A refusal for lack of permission (as opposed to a network or server failure). */
export function isPermissionError(error: unknown): boolean {
  const response = httpResponseOf(error);
  if (response?.status === 403) return true;
  const text = `${(error as { message?: unknown } | null)?.message ?? ''}`;
  return /permission|forbidden|CMN-401|CMN-408|SUB-406/i.test(text);
}

export const partySchema = z.looseObject({
  id: z.string(),
  extensionId: z.string().optional(),
  ringOutRole: z.string().optional(),
  to: z.looseObject({ phoneNumber: z.string().optional() }).optional(),
  from: z.looseObject({ phoneNumber: z.string().optional() }).optional(),
  status: z.looseObject({ code: z.string(), reason: z.string().optional() }),
});

const eventSchema = z.looseObject({
  body: z.looseObject({
    sequence: z.number(),
    sessionId: z.string().optional(),
    telephonySessionId: z.string(),
    eventTime: z.string().optional(),
    origin: z.looseObject({ type: z.string().optional() }).optional(),
    parties: z.array(partySchema),
  }),
});

export type TelephonyEvent = z.infer<typeof eventSchema>['body'];
export type TelephonyParty = z.infer<typeof partySchema>;

export interface PushSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly onEvent: Event<TelephonyEvent>;
  /** The WebSocket came back (recovered or not): events in between may be missing. */
  readonly onReconnected?: Event<void>;
  readonly connected: boolean;
}

interface WsHandle {
  revoke(): Promise<void>;
  wse?: {
    revoke(): Promise<void>;
    ws?: { readyState: number; close(): void; send(text: string): unknown };
    /** The gateway's settings from its last ConnectionDetails (REALITY 21), in seconds. */
    connectionDetails?: { idleTimeout?: number; recoveryTimeout?: number; recoveryState?: string };
    eventEmitter?: { on(event: string, listener: () => void): unknown; off(event: string, listener: () => void): unknown };
    intervalHandle?: ReturnType<typeof setInterval>;
    pingServerHandle?: ReturnType<typeof setTimeout>;
  };
}

/** Used only until the gateway's ConnectionDetails has said its idle timeout (RingCentral's default, REALITY 21). */
const DEFAULT_IDLE_TIMEOUT_SECONDS = 1800;

/** Revoking is best effort: shutting down or signing out never waits longer than this for it. */
export const STOP_TIMEOUT_MS = 3000;

function bounded(work: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    work.catch(() => undefined),
    new Promise((resolve) => {
      const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      timer.unref?.();
    }),
  ]);
}

/** Revokes the WebSocket session; if revoking hangs (mid-reconnect), stops reconnecting and closes it anyway. */
async function closeSocket(wse: NonNullable<WsHandle['wse']>): Promise<void> {
  await bounded(wse.revoke());
  clearInterval(wse.intervalHandle);
  clearTimeout(wse.pingServerHandle);
  wse.ws?.close();
}

/**
 * Telephony-session push over RingCentral's WebSocket gateway (@ringcentral/subscriptions,
 * which reconnects and recovers the session by itself). Events are validated leniently;
 * malformed ones are dropped, never thrown.
 */
export class TelephonyPush implements PushSource {
  private readonly received = new Emitter<TelephonyEvent>();
  readonly onEvent: Event<TelephonyEvent> = this.received.event;
  private readonly reconnected = new Emitter<void>();
  readonly onReconnected: Event<void> = this.reconnected.event;
  private heartbeat: ReturnType<typeof setTimeout> | null = null;
  private readonly onRecovered = () => {
    // Recovered or not, a status read of every live call covers events the gap may have lost.
    this.logger.info('Push connection is back', { recoveryState: this.handle?.wse?.connectionDetails?.recoveryState ?? 'new connection' });
    this.reconnected.fire();
  };
  private handle: WsHandle | null = null;
  private starting: Promise<void> | null = null;
  private currentScope: PushScope | null = null;

  constructor(
    private readonly sdk: SDK,
    private readonly logger: Logger,
    /** Try the account-level filter first (callee events for admins), falling back on a permission error. */
    private readonly options: { accountLevel?: boolean } = {},
  ) {}

  /** Which filter the subscription uses, once registered. */
  get scope(): PushScope | null {
    return this.currentScope;
  }

  get connected(): boolean {
    return this.handle?.wse?.ws?.readyState === 1;
  }

  start(): Promise<void> {
    this.starting ??= this.register().finally(() => (this.starting = null));
    return this.starting;
  }

  private async register(): Promise<void> {
    if (this.handle) return;
    if (this.options.accountLevel ?? true) {
      try {
        this.handle = await this.subscribe(ACCOUNT_TELEPHONY_FILTER);
        this.currentScope = 'account';
        this.watch(this.handle);
        return;
      } catch (error) {
        if (!isPermissionError(error)) throw error;
        this.logger.info('Account-level telephony events are not allowed for this user; using the extension level');
      }
    }
    this.handle = await this.subscribe(EXTENSION_TELEPHONY_FILTER);
    this.currentScope = 'extension';
    this.watch(this.handle);
  }

  /**
   * The gateway closes a connection that sends no app-level message for its idle timeout
   * (WSG-902; WebSocket pings do not count, and the library heartbeats only after 60 s of
   * silence from the server, REALITY 21): send a Heartbeat three times per idle timeout, as
   * the last ConnectionDetails states it (never a fixed number).
   */
  private scheduleHeartbeat(): void {
    if (this.heartbeat) clearTimeout(this.heartbeat);
    const wse = this.handle?.wse;
    if (!wse) return;
    const idleSeconds = wse.connectionDetails?.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
    this.heartbeat = setTimeout(
      () => {
        this.heartbeat = null;
        const ws = this.handle?.wse?.ws;
        if (ws?.readyState === 1) Promise.resolve(ws.send(JSON.stringify([{ type: 'Heartbeat', messageId: randomUUID() }]))).catch(() => undefined);
        this.scheduleHeartbeat();
      },
      Math.max(50, (idleSeconds * 1000) / 3),
    );
    this.heartbeat.unref?.();
  }

  private watch(handle: WsHandle): void {
    handle.wse?.eventEmitter?.on('autoRecoverSuccess', this.onRecovered);
    handle.wse?.eventEmitter?.on('autoRecoverFailed', this.onRecovered);
    this.scheduleHeartbeat();
  }

  private async subscribe(filter: string): Promise<WsHandle> {
    const subscriptions = new Subscriptions({ sdk: this.sdk });
    // Keep hold of the WebSocket the library opens, to close it if the subscription is refused.
    let wse: WsHandle['wse'] | undefined;
    const newWsExtension = subscriptions.newWsExtension.bind(subscriptions);
    subscriptions.newWsExtension = async () => {
      const extension = await newWsExtension();
      wse = extension as unknown as WsHandle['wse'];
      return extension;
    };
    const subscription = subscriptions.createSubscription();
    subscription.setEventFilters([filter]);
    subscription.on(subscription.events.notification, (raw: unknown) => {
      const parsed = eventSchema.safeParse(raw);
      if (!parsed.success) {
        this.logger.warn('Ignoring a malformed telephony event');
        return;
      }
      this.received.fire(parsed.data.body);
    });
    try {
      return (await subscription.register()) as unknown as WsHandle;
    } catch (error) {
      if (wse) await closeSocket(wse);
      throw error;
    }
  }

  /** Revokes the subscription and closes the WebSocket (always, on shutdown and sign-out). */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const handle = this.handle;
    this.handle = null;
    this.currentScope = null;
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.heartbeat = null;
    if (!handle) return;
    handle.wse?.eventEmitter?.off('autoRecoverSuccess', this.onRecovered);
    handle.wse?.eventEmitter?.off('autoRecoverFailed', this.onRecovered);
    await bounded(handle.revoke());
    if (handle.wse) await closeSocket(handle.wse);
  }
}
