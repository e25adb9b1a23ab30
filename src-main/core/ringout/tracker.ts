import { isActive, type LegChange, type TrackedCall } from '../../../src-shared/calls';
import { Emitter, type Disposable, type Event } from '../../../src-shared/emitter';
import * as machine from './call-machine';
import { PROBLEM_WORDS } from './explain';
import { CallPlacing } from './tracker-placing';
import { StatusFeeds } from './tracker-feeds';
import { CallLogReconciler } from './tracker-reconcile';
import { type PlaceCallInput, TIMING, type TrackerContext, type TrackerDeps } from './tracker-state';

export { COULD_NOT_END, TrackerError, type PlaceCallInput, type TrackerDeps, type TrackerErrorCode } from './tracker-state';
export { DOUBLE_PLACE_MS } from './tracker-placing';

const RECENT_LIMIT = 20;

/**
 * Places RingOut calls and follows both legs until the call log confirms them: push events
 * and rate-planned status polling feed each call's state machine; the end of a call (404,
 * failure status, hang-up event or cancel) switches to reconciliation with the Detailed
 * call log, retried with backoff and bounded, so no call stays "in progress" forever.
 * In-flight calls are saved after every change and resumed after a restart.
 * The parts: tracker-placing (place, cancel), tracker-feeds (status polls, push events),
 * tracker-reconcile (the call log); this class holds the calls and the one way they change.
 */
export class RingOutTracker {
  private readonly calls = new Map<string, TrackedCall>();
  private readonly recent: TrackedCall[] = [];
  private readonly updated = new Emitter<TrackedCall>();
  private readonly legChanged = new Emitter<{ change: LegChange; call: TrackedCall }>();
  /** Every change of a tracked call. */
  readonly onUpdated: Event<TrackedCall> = this.updated.event;
  private saving: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly pushSubscription: Disposable | null;
  private readonly reconnectSubscription: Disposable | null;
  private readonly placing: CallPlacing;
  private readonly feeds: StatusFeeds;
  private readonly reconciler: CallLogReconciler;

  constructor(private readonly deps: TrackerDeps) {
    const ctx: TrackerContext = {
      deps,
      calls: this.calls,
      recent: this.recent,
      stopped: () => this.stopped,
      apply: (step) => this.apply(step),
      window: () => this.window(),
      schedulePoll: (id, delay) => this.feeds.schedulePoll(id, delay),
      pollInterval: (call) => this.feeds.pollInterval(call),
      queueReconcile: (id, delay) => this.reconciler.queueReconcile(id, delay),
      armEndingTimeout: (id, requestedAt) => this.placing.armEndingTimeout(id, requestedAt),
    };
    this.placing = new CallPlacing(ctx);
    this.feeds = new StatusFeeds(ctx);
    this.reconciler = new CallLogReconciler(ctx);
    this.pushSubscription = deps.push?.onEvent((event) => this.feeds.onPushEvent(event)) ?? null;
    // Events may have been lost while push was away (a failed recovery): look at every live call now.
    this.reconnectSubscription = deps.push?.onReconnected?.(() => this.feeds.catchUp()) ?? null;
  }

  /** Each leg that really moved, with the call it belongs to. */
  onLegChanged(listener: (change: LegChange, call: TrackedCall) => void): Disposable {
    return this.legChanged.event(({ change, call }) => listener(change, call));
  }

  /** Calls still being tracked, then the most recent finished ones, newest first. */
  list(): TrackedCall[] {
    return [...this.calls.values(), ...this.recent].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): TrackedCall | undefined {
    return this.calls.get(id) ?? this.recent.find((c) => c.id === id);
  }

  /** Picks up calls that were in flight when the app last stopped. */
  async resume(): Promise<TrackedCall[]> {
    const saved = await this.deps.store.load();
    for (const call of saved) {
      this.calls.set(call.id, call);
      if (call.recordId) this.reconciler.claimedRecords.add(call.recordId);
      if (call.phase === 'live' && call.ringOutId) {
        this.feeds.schedulePoll(call.id, 0);
        if (call.ending) this.placing.armEndingTimeout(call.id, call.ending.at);
      } else if (call.phase === 'placing' || (call.phase === 'live' && !call.ringOutId)) {
        // Closed mid-placement: RingCentral may or may not have placed it. The call log knows.
        this.apply(machine.ended({ ...call, problem: PROBLEM_WORDS.closedWhilePlacing }, this.deps.clock.now()));
        this.reconciler.queueReconcile(call.id, 0);
      } else {
        this.reconciler.queueReconcile(call.id, 0);
      }
    }
    return saved;
  }

  /**
   * Places a call. The same request again while it is being placed (then the same call or the
   * same refusal), or a moment after while that call goes on, gets that call (see CallPlacing.place).
   */
  place(input: PlaceCallInput): Promise<TrackedCall> {
    return this.placing.place(input);
  }

  /** Ends a call in any phase (see CallPlacing.cancel). */
  cancel(id: string): Promise<TrackedCall> {
    return this.placing.cancel(id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.feeds.stop();
    this.placing.stop();
    this.reconciler.stop();
    this.pushSubscription?.dispose();
    this.reconnectSubscription?.dispose();
    await this.saving;
  }

  // ── state changes ──────────────────────────────────────────────────────────

  private apply(step: machine.Step): void {
    if (!step.updated) {
      // Bookkeeping only (last contact, event sequences): keep it, report nothing.
      if (this.calls.has(step.call.id)) this.calls.set(step.call.id, step.call);
      return;
    }
    const call = step.call;
    const final = !isActive(call);
    if (final) {
      this.calls.delete(call.id);
      this.feeds.stopPolling(call.id);
      this.reconciler.nextReconcile.delete(call.id);
      this.recent.unshift(call);
      if (this.recent.length > RECENT_LIMIT) this.recent.pop();
      if (call.recordId) this.reconciler.claimedRecords.add(call.recordId);
    } else {
      this.calls.set(call.id, call);
    }
    this.persist(call, final);
    this.updated.fire(call);
    for (const change of step.changes) this.legChanged.fire({ change, call });
    if (call.phase !== 'live') {
      this.placing.clearEndingTimer(call.id);
    }
    if (call.phase === 'ended' && !this.reconciler.nextReconcile.has(call.id) && !final) {
      this.feeds.stopPolling(call.id);
      if (this.feeds.needsRefining(call) && !this.feeds.statusJustRead.has(call.id)) void this.feeds.refineFromStatus(call.id);
      const sinceEnd = this.deps.clock.now() - (call.endedAt ?? this.deps.clock.now());
      this.reconciler.queueReconcile(call.id, Math.max(0, this.window() * TIMING.firstReconcile - sinceEnd));
    }
  }

  /** Saves in order; a final call goes to the archive first, then leaves the in-flight store. */
  private persist(call: TrackedCall, final: boolean): void {
    this.saving = this.saving
      .then(async () => {
        if (final) {
          const record = this.reconciler.confirmedRecords.get(call.id) ?? null;
          this.reconciler.confirmedRecords.delete(call.id);
          await this.deps.onFinal?.(call, record);
          await this.deps.store.remove(call.id);
        } else {
          await this.deps.store.save(call);
        }
      })
      .catch((error: unknown) => this.deps.logger.error('Could not save a tracked call', { callId: call.id, error: (error as Error).message }));
  }

  // ── polling ────────────────────────────────────────────────────────────────

  private window(): number {
    return this.deps.api.planner.windowMs('Light');
  }
}
