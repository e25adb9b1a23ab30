import type { SimClock } from '../clock';
import type { Faults } from '../faults';
import type { Realism } from '../realism';
import type { PartyState, RingOutCall } from '../ringout/ringout-call';
import type { SubscriptionStore } from './subscriptions';
import { telephonyEventPaths, telephonySessionEvent } from './telephony-events';
import type { WsGateway } from './ws-gateway';

/** How long after a call's end the lone repeat of its `Disconnected` comes (simulated ms, REALITY 19). */
export const LATE_DISCONNECTED_MS = 10_000;
/** How long a Proceeding may wait for the event that overtakes it (simulated ms, REALITY 19). */
const PROCEEDING_HOLD_MS = 8000;

export interface PublisherContext {
  readonly clock: SimClock;
  readonly realism: Realism;
  readonly subscriptions: SubscriptionStore;
  readonly gateway: WsGateway;
  /** Read at each event: tests change the push faults while calls run. */
  readonly faults: Faults;
}

/**
 * Sends a call's party changes to the subscriptions that asked for them, with the live
 * service's habits (REALITY 7, 19) and the push faults (duplicates, reordering, withholding).
 */
export class PartyPublisher {
  private pushCount = 0;
  private heldEvent: (() => void) | null = null;
  private readonly heldProceeding = new Map<RingOutCall, () => void>();
  private readonly sequencesSent = new WeakMap<RingOutCall, number>();

  constructor(private readonly sim: PublisherContext) {}

  private get clock(): SimClock {
    return this.sim.clock;
  }

  private get realism(): Realism {
    return this.sim.realism;
  }

  reset(): void {
    this.heldEvent = null;
    this.heldProceeding.clear();
    this.pushCount = 0;
  }

  /** The next sequence of a call's events: on the live service, above 1 from the start and with gaps (REALITY 19). */
  private nextSequence(call: RingOutCall): number {
    if (!this.realism.disorderedPushEvents) return call.nextSequence();
    // Numbers go to parties you never see too: the first is above 1, and some are skipped.
    const seen = this.sequencesSent.get(call) ?? 0;
    this.sequencesSent.set(call, seen + 1);
    return call.nextSequence(seen === 0 ? 3 + Math.floor(Math.random() * 3) : 1 + (seen % 2));
  }

  /**
   * REALITY 19: a while after the end, a lone repeat of your party's `Disconnected` for the
   * session that is already over.
   */
  sendLateDisconnected(call: RingOutCall): void {
    if (!this.realism.disorderedPushEvents) return;
    const party = { ...call.caller, status: { ...call.caller.status } };
    if (party.status.code !== 'Disconnected') return;
    this.clock.after(LATE_DISCONNECTED_MS, () => this.pushParty(call, party));
  }

  pushParty(call: RingOutCall, party: PartyState): void {
    const push = this.sim.faults.push;
    if (push.paused) return;
    if (push.withholdCalleeParty && party.ringOutRole === 'Target') return;
    const sequence = this.nextSequence(call);
    const paths = telephonyEventPaths(call.init.accountId, call.init.extensionId);
    const deliver = () => {
      for (const subscription of this.sim.subscriptions.matching([paths.extension, paths.account])) {
        if (subscription.accountId !== call.init.accountId) continue;
        const filters = subscription.eventFilters.map((f) => f.split('?')[0]!);
        const accountLevel = filters.includes(paths.account);
        // The other party is outside your extension: only the account-level filter carries it (REALITY 7).
        if (!accountLevel && party.ringOutRole === 'Target' && this.realism.ownPartyOnlyOnExtensionPush) continue;
        const path = accountLevel ? paths.account : paths.extension;
        const event = {
          ...telephonySessionEvent(call, party, sequence, subscription.id, path, this.realism.realPartyShape, this.clock.now()),
          ownerId: String(subscription.extensionId),
        };
        this.sim.gateway.notify(subscription.wsSessionId, event);
        this.pushCount += 1;
        if (push.duplicateEvery > 0 && this.pushCount % push.duplicateEvery === 0) this.sim.gateway.notify(subscription.wsSessionId, event);
      }
    };
    if (this.realism.disorderedPushEvents) {
      // A later event overtakes an earlier one (REALITY 19): each Proceeding goes out after the
      // call's next event (or on its own if none follows soon).
      const held = this.heldProceeding.get(call);
      if (held) {
        this.heldProceeding.delete(call);
        deliver();
        held();
        return;
      }
      if (party.status.code === 'Proceeding') {
        this.heldProceeding.set(call, deliver);
        this.clock.after(PROCEEDING_HOLD_MS, () => {
          if (this.heldProceeding.get(call) === deliver) {
            this.heldProceeding.delete(call);
            deliver();
          }
        });
        return;
      }
    }
    if (push.reorder) {
      if (this.heldEvent) {
        const held = this.heldEvent;
        this.heldEvent = null;
        deliver();
        held();
      } else {
        this.heldEvent = deliver;
        // Never hold an event for long: if nothing follows, it goes out on its own.
        this.clock.after(2000, () => {
          if (this.heldEvent === deliver) {
            this.heldEvent = null;
            deliver();
          }
        });
      }
      return;
    }
    deliver();
  }
}
