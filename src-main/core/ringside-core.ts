import path from 'node:path';
import type { LegChange, TrackedCall } from '../../src-shared/calls';
import { Session, type SessionState } from './auth/session';
import { Archive } from './history/archive';
import { HistorySync, type SyncProgress } from './history/history-sync';
import type { HistoryFilter } from './history/history-types';
import { toCsv, toJson } from './history/export';
import { DEFAULT_NOTIFICATION_SETTINGS, NotificationPolicy, type CallNotification, type NotificationSettings } from './notify/notification-policy';
import { silentLogger, systemClock, type Clock, type Logger, type SecretStore } from './ports';
import { RingCentralApi, type OwnNumber } from './ringcentral/api';
import type { ServerConfig } from './ringcentral/rc-client';
import { RatePlanner, type PlannerState } from './ringcentral/rate-planner';
import { JsonFileInFlightStore, MemoryInFlightStore, type InFlightStore } from './ringout/in-flight-store';
import { TelephonyPush, type PushSource } from './ringout/telephony-push';
import { RingOutTracker, type PlaceCallInput } from './ringout/tracker';

export interface CoreOptions {
  server: ServerConfig;
  secrets: SecretStore;
  /** Archive and in-flight calls live here (`:memory:` keeps everything in memory). */
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  /** Telephony push over WebSocket (on by default; polling always runs). */
  push?: boolean;
  /** Sync history after each sign-in (on by default). */
  autoSync?: boolean;
  notificationSettings?: () => NotificationSettings;
  /** How close leg changes must be to share one notification (default 1.2 s). */
  notificationCoalesceMs?: number;
  inFlightStore?: InFlightStore;
}

export interface OwnNumbers {
  ringMeAt: Array<OwnNumber & { id: string }>;
  callerIds: OwnNumber[];
}

type Listener<T> = (value: T) => void;

/**
 * The whole product without Electron: session, rate planner, RingOut tracker, push, history
 * archive and sync, notification policy. The shell, the CLI and the Chromium e2e harness
 * all drive Ringside through this one object.
 */
export class RingsideCore {
  readonly session: Session;
  readonly planner: RatePlanner;
  readonly api: RingCentralApi;
  readonly tracker: RingOutTracker;
  readonly archive: Archive;
  readonly sync: HistorySync;
  readonly archiveRecovered: { movedTo: string; reason: string } | null;
  /** Why the archive is read-only this session (a notice for the user), or null. */
  readonly archiveReadOnly: string | null;
  private readonly push: PushSource | null;
  private readonly policy: NotificationPolicy;
  private readonly notificationListeners = new Set<Listener<CallNotification>>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private pushStarted = false;
  private startedTracking = false;
  private signInWork: Promise<void> = Promise.resolve();

  private constructor(private readonly options: CoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.session = new Session(options.server, options.secrets, this.logger);
    this.planner = new RatePlanner(this.clock);
    this.api = new RingCentralApi(this.session.sdk, this.planner);
    this.push = options.push === false ? null : new TelephonyPush(this.session.sdk, this.logger);
    const memory = options.dataDir === ':memory:';
    const opened = Archive.open(memory ? ':memory:' : path.join(options.dataDir, 'archive.sqlite'));
    this.archive = opened.archive;
    this.archiveRecovered = opened.recovered;
    this.archiveReadOnly = opened.readOnly;
    if (opened.readOnly) this.logger.warn('The call archive is read-only this session', { reason: opened.readOnly });
    if (opened.recovered) this.logger.warn('The call archive was unreadable and was set aside', { movedTo: opened.recovered.movedTo });
    this.sync = new HistorySync(this.api, this.archive, this.clock, this.logger);
    const store = options.inFlightStore ?? (memory ? new MemoryInFlightStore() : new JsonFileInFlightStore(path.join(options.dataDir, 'in-flight-calls.json')));
    this.tracker = new RingOutTracker({
      api: this.api,
      push: this.push,
      clock: this.clock,
      store,
      logger: this.logger,
      onFinal: async (call, record) => this.archive.saveTracked(call, record),
    });
    this.policy = new NotificationPolicy(this.clock, (n) => this.notificationListeners.forEach((l) => l(n)), options.notificationSettings ?? (() => DEFAULT_NOTIFICATION_SETTINGS), options.notificationCoalesceMs);
    this.tracker.onLegChanged((change, call) => this.policy.onLegChanged(change, call));
    this.session.onChange((state) => this.handleSessionChange(state));
  }

  static async start(options: CoreOptions): Promise<RingsideCore> {
    const core = new RingsideCore(options);
    await core.session.restore();
    await core.signInWork;
    return core;
  }

  private handleSessionChange(state: SessionState): void {
    if (state.status === 'signedIn') this.signInWork = this.signInWork.then(() => this.afterSignIn());
  }

  /** Once signed in: learn the account, start push, resume calls in flight, sync history. */
  private async afterSignIn(): Promise<void> {
    if (!this.startedTracking) {
      this.startedTracking = true;
      await this.tracker.resume();
    }
    if (this.push && !this.pushStarted) {
      this.pushStarted = true;
      await this.push.start().catch((error: unknown) => {
        this.pushStarted = false;
        this.logger.warn('Push unavailable; tracking by polling', { error: (error as Error).message });
      });
    }
    if (this.options.autoSync !== false && !this.archiveReadOnly) void this.sync.run();
  }

  // ── sign-in ────────────────────────────────────────────────────────────────

  async signInWithJwt(jwt: string): Promise<void> {
    await this.session.signInWithJwt(jwt);
    await this.signInWork;
  }

  beginBrowserSignIn(redirectUri: string): string {
    return this.session.beginBrowserSignIn(redirectUri);
  }

  async completeBrowserSignIn(callbackUrl: string, redirectUri: string): Promise<void> {
    await this.session.completeBrowserSignIn(callbackUrl, redirectUri);
    await this.signInWork;
  }

  async signOut(): Promise<{ revoked: boolean }> {
    await this.push?.stop();
    this.pushStarted = false;
    return this.session.signOut();
  }

  // ── calls ──────────────────────────────────────────────────────────────────

  async ownNumbers(): Promise<OwnNumbers> {
    const [ringMeAt, callerIds] = await Promise.all([this.api.forwardingNumbers(), this.api.callerIdNumbers()]);
    return { ringMeAt, callerIds };
  }

  placeCall(input: PlaceCallInput): Promise<TrackedCall> {
    return this.tracker.place(input);
  }

  cancelCall(id: string): Promise<TrackedCall> {
    return this.tracker.cancel(id);
  }

  // ── history ────────────────────────────────────────────────────────────────

  history(filter: HistoryFilter) {
    return this.archive.query(filter);
  }

  historyDetail(id: string) {
    return this.archive.detail(id);
  }

  /** The current filter as CSV or JSON text, streamed row by row from the archive. */
  exportHistory(filter: HistoryFilter, format: 'csv' | 'json', max?: number): Iterable<string> {
    const rows = this.archive.iterate({ ...filter, limit: undefined, offset: undefined }, 2000, max);
    return format === 'csv' ? toCsv(rows) : toJson(rows);
  }

  syncHistory(): Promise<SyncProgress> {
    return this.sync.run();
  }

  // ── events ─────────────────────────────────────────────────────────────────

  onCallUpdated(listener: Listener<TrackedCall>): () => void {
    return this.tracker.onUpdated(listener);
  }

  onLegChanged(listener: (change: LegChange, call: TrackedCall) => void): () => void {
    return this.tracker.onLegChanged(listener);
  }

  onSessionChanged(listener: Listener<SessionState>): () => void {
    return this.session.onChange(listener);
  }

  onSyncProgress(listener: Listener<SyncProgress>): () => void {
    return this.sync.onProgress(listener);
  }

  onPlannerState(listener: Listener<PlannerState>): () => void {
    return this.planner.onChange(listener);
  }

  onNotification(listener: Listener<CallNotification>): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** After sleep or a network change: check the token, then catch up on history. */
  async resumeAfterSleep(): Promise<void> {
    await this.session.ensureFreshToken();
    if (this.session.state.status === 'signedIn' && this.options.autoSync !== false && !this.archiveReadOnly) void this.sync.run();
  }

  async stop(): Promise<void> {
    await this.signInWork;
    // A sync in progress finishes its current page and stops before the archive closes.
    await this.sync.stop();
    this.policy.flushAll();
    await this.tracker.stop();
    await this.push?.stop();
    this.archive.close();
  }
}
