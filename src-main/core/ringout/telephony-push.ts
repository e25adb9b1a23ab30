import type { SDK } from '@ringcentral/sdk';
import { Subscriptions } from '@ringcentral/subscriptions';
import { z } from 'zod';
import type { Logger } from '../ports';
import { Emitter, type Event } from '../../../src-shared/emitter';

const TELEPHONY_FILTER = '/restapi/v1.0/account/~/extension/~/telephony/sessions';

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

  constructor(
    private readonly sdk: SDK,
    private readonly logger: Logger,
  ) {}

  get connected(): boolean {
    return this.handle?.wse?.ws?.readyState === 1;
  }

  start(): Promise<void> {
    this.starting ??= this.register().finally(() => (this.starting = null));
    return this.starting;
  }

  private async register(): Promise<void> {
    if (this.handle) return;
    const subscription = new Subscriptions({ sdk: this.sdk }).createSubscription();
    subscription.setEventFilters([TELEPHONY_FILTER]);
    subscription.on(subscription.events.notification, (raw: unknown) => {
      const parsed = eventSchema.safeParse(raw);
      if (!parsed.success) {
        this.logger.warn('Ignoring a malformed telephony event');
        return;
      }
      this.received.fire(parsed.data.body);
    });
    this.handle = (await subscription.register()) as unknown as WsHandle;
  }

  /** Revokes the subscription and closes the WebSocket (always, on shutdown and sign-out). */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const handle = this.handle;
    this.handle = null;
    if (!handle) return;
    await bounded(handle.revoke());
    const wse = handle.wse;
    if (!wse) return;
    await bounded(wse.revoke());
    // If revoking hung (the socket was mid-reconnect), stop reconnecting and close it anyway.
    clearInterval(wse.intervalHandle);
    clearTimeout(wse.pingServerHandle);
    wse.ws?.close();
  }
}
