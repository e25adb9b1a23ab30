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

const partySchema = z.looseObject({
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
  readonly connected: boolean;
}

interface WsHandle {
  revoke(): Promise<void>;
  wse?: {
    revoke(): Promise<void>;
    ws?: { readyState: number; close(): void };
    intervalHandle?: ReturnType<typeof setInterval>;
    pingServerHandle?: ReturnType<typeof setTimeout>;
  };
}

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
        return;
      } catch (error) {
        if (!isPermissionError(error)) throw error;
        this.logger.info('Account-level telephony events are not allowed for this user; using the extension level');
      }
    }
    this.handle = await this.subscribe(EXTENSION_TELEPHONY_FILTER);
    this.currentScope = 'extension';
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
    if (!handle) return;
    await bounded(handle.revoke());
    if (handle.wse) await closeSocket(handle.wse);
  }
}
