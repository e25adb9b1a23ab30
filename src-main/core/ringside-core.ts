import path from 'node:path';
import type { LegChange, TrackedCall } from '../../src-shared/calls';
import { Emitter, type Disposable, type Event } from '../../src-shared/emitter';
import type { ExportFormat, HistoryFilter, SyncProgress } from '../../src-shared/history';
import type { Annotation, AnalyticsReport, AnalyticsRequest, CallRef, QuickNumber } from '../../src-shared/annotations';
import { analyticsCsv, analyticsReport } from './history/analytics';
import { ContactsSync, type ContactsSyncResult } from './history/contacts-sync';
import type { ResolvedName } from './history/contacts-cache';
import { Session, type SessionState } from './auth/session';
import { Archive } from './history/archive';
import { HistorySync } from './history/history-sync';
import { toCsv, toJson } from './history/export';
import { DEFAULT_NOTIFICATION_SETTINGS, NotificationPolicy, type CallNotification, type NotificationSettings } from './notify/notification-policy';
import { silentLogger, systemClock, type Clock, type Logger, type SecretStore } from './ports';
import type { OwnNumbersView } from '../../src-shared/ipc-contract';
import { RingCentralApi, type ExtensionInfo, type RingOutStatusAnswer } from './ringcentral/api';
import type { ServerConfig } from './ringcentral/rc-client';
import { RatePlanner, type PlannerState } from './ringcentral/rate-planner';
import { JsonFileInFlightStore, MemoryInFlightStore, type InFlightStore } from './ringout/in-flight-store';
import { TelephonyPush, type PushSource } from './ringout/telephony-push';
import { RingOutTracker, TrackerError, type PlaceCallInput } from './ringout/tracker';

/** How long quitting waits for a history page in flight. */
const STOP_GRACE_MS = 3000;

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
  /** How far back history sync reads, in days (null = everything RingCentral keeps), asked at each page; default 12 months. */
  historyDepthDays?: () => number | null;
}

/** How many Heavy rate-limit windows after a call left "not yet in the call log" a sync looks for its record. */
const FOLLOW_UP_SYNC_WINDOWS = 10;

/**
 * The whole product without Electron: session, rate planner, RingOut tracker, push, history
 * archive and sync, notification policy. The app, the CLI and the Chromium e2e harness all
 * drive Ringside through this one object's public methods and events: its parts stay inside.
 */
export class RingsideCore {
  /** Set when the archive file was unreadable at start and was moved aside. */
  readonly archiveRecovered: { movedTo: string; reason: string } | null;
  /** Why the archive is read-only this session (a notice for the user), or null. */
  readonly archiveReadOnly: string | null;
  private readonly session: Session;
  private readonly planner: RatePlanner;
  private readonly api: RingCentralApi;
  private readonly tracker: RingOutTracker;
  private readonly archive: Archive;
  private readonly sync: HistorySync;
  private readonly contacts: ContactsSync;
  private readonly push: PushSource | null;
  private readonly policy: NotificationPolicy;
  private readonly notified = new Emitter<CallNotification>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private pushStarted = false;
  private stopping = false;
  private startedTracking = false;
  private followUpSync: (() => void) | null = null;
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
    this.sync = new HistorySync(this.api, this.archive, this.clock, this.logger, options.historyDepthDays);
    this.contacts = new ContactsSync(this.api, this.archive, this.clock, this.logger);
    const store = options.inFlightStore ?? (memory ? new MemoryInFlightStore() : new JsonFileInFlightStore(path.join(options.dataDir, 'in-flight-calls.json')));
    this.tracker = new RingOutTracker({
      api: this.api,
      push: this.push,
      clock: this.clock,
      store,
      logger: this.logger,
      onFinal: async (call, record) => {
        this.archive.saveTracked(call, record);
        if (call.callLogPending) this.scheduleFollowUpSync();
      },
      nameFor: (number) => this.nameFor(number),
    });
    this.policy = new NotificationPolicy(
      this.clock,
      (n) => this.notified.fire(n),
      options.notificationSettings ?? (() => DEFAULT_NOTIFICATION_SETTINGS),
      options.notificationCoalesceMs,
    );
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
    if (this.options.autoSync !== false && !this.archiveReadOnly) {
      // Names first (a few requests, due at most twice a day), so synced rows show them.
      void this.contacts
        .run()
        .catch(() => undefined)
        .then(() => {
          if (!this.stopping) void this.sync.run();
        });
    }
  }

  // ── session ────────────────────────────────────────────────────────────────

  get sessionState(): SessionState {
    return this.session.state;
  }

  /** The RingCentral server this core talks to. */
  get serverUrl(): string {
    return this.session.config.server;
  }

  /** The signed-in user's extension (name and number). */
  account(): Promise<ExtensionInfo> {
    return this.api.extension();
  }

  async signInWithJwt(jwt: string): Promise<void> {
    await this.session.signInWithJwt(jwt);
    await this.signInWork;
  }

  beginBrowserSignIn(redirectUri: string): string {
    return this.session.beginBrowserSignIn(redirectUri);
  }

  /** Before opening the browser: does RingCentral take this sign-in's redirect URI? (throws the explanation if not) */
  checkBrowserSignIn(url: string, redirectUri: string): Promise<void> {
    return this.session.checkAuthorizeUrl(url, redirectUri);
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

  async ownNumbers(): Promise<OwnNumbersView> {
    const [ringMeAt, callerIds] = await Promise.all([this.api.forwardingNumbers(), this.api.callerIdNumbers()]);
    return { ringMeAt, callerIds };
  }

  /** Calls still being tracked, then the most recent finished ones, newest first. */
  calls(): TrackedCall[] {
    return this.tracker.list();
  }

  call(id: string): TrackedCall | undefined {
    return this.tracker.get(id);
  }

  placeCall(input: PlaceCallInput): Promise<TrackedCall> {
    return this.tracker.place(input);
  }

  cancelCall(id: string): Promise<TrackedCall> {
    return this.tracker.cancel(id);
  }

  /** RingCentral's own status of any RingOut by its id (null once RingCentral forgot it). */
  ringOutStatus(ringOutId: string): Promise<RingOutStatusAnswer | null> {
    return this.api.ringOutStatus(ringOutId);
  }

  /** Cancels any RingOut by its id, tracked here or not. */
  cancelRingOut(ringOutId: string): Promise<'cancelled' | 'gone'> {
    return this.api.cancelRingOut(ringOutId);
  }

  // ── history ────────────────────────────────────────────────────────────────

  history(filter: HistoryFilter) {
    return this.archive.query(filter);
  }

  historyDetail(id: string) {
    return this.archive.detail(id);
  }

  /** The current filter as CSV or JSON text, streamed row by row from the archive. */
  exportHistory(filter: HistoryFilter, format: ExportFormat, max?: number): Iterable<string> {
    const rows = this.archive.iterate({ ...filter, limit: undefined, offset: undefined }, 2000, max);
    return format === 'csv' ? toCsv(rows) : toJson(rows);
  }

  /** How many calls the local archive holds. */
  archivedCount(): number {
    return this.archive.count();
  }

  // ── names, notes, favourites, analytics ───────────────────────────────────

  /** The best name a number goes by (personal contact > directory > call log), or null. */
  nameFor(number: string): string | null {
    return this.archive.names.resolve(number).name;
  }

  /** Every name a number goes by, best first. */
  namesFor(number: string): ResolvedName {
    return this.archive.names.resolve(number);
  }

  /** Fetches contacts and the directory again if due (or now, with `force`). */
  refreshNames(force = false): Promise<ContactsSyncResult> {
    return this.contacts.run(force);
  }

  /** A history row's id for a reference: a row id as is, a placed call by its record (or its own id until confirmed). */
  private rowIdOf(ref: CallRef): string {
    if (ref.id !== undefined) return ref.id;
    const call = this.tracker.get(ref.callId!);
    return call?.recordId ?? `ringside:${ref.callId}`;
  }

  annotation(ref: CallRef): Annotation {
    return this.archive.annotations.annotation(this.rowIdOf(ref));
  }

  annotate(ref: CallRef, annotation: Annotation): Annotation {
    this.requireKnownCall(ref);
    return this.archive.annotations.annotate(this.rowIdOf(ref), annotation, this.clock.now());
  }

  /** A note goes only on a call Ringside knows (in its history, or placed and still tracked): never on a made-up id. */
  private requireKnownCall(ref: CallRef): void {
    if (ref.callId !== undefined && this.tracker.get(ref.callId)) return;
    if (this.archive.detail(this.rowIdOf(ref))) return;
    throw new TrackerError('NOT_FOUND', 'That call is not in your history, so the note was not saved.');
  }

  dispositions(): string[] {
    return this.archive.annotations.dispositions();
  }

  setDispositions(list: readonly string[]): string[] {
    return this.archive.annotations.setDispositions(list);
  }

  setFavourite(number: string, favourite: boolean): boolean {
    return this.archive.annotations.setFavourite(number, favourite, this.clock.now());
  }

  quickNumbers(): { favourites: QuickNumber[]; recents: QuickNumber[] } {
    return this.archive.annotations.quickNumbers();
  }

  analytics(request: AnalyticsRequest): AnalyticsReport {
    return analyticsReport(this.archive.database, this.archive.names, request);
  }

  exportAnalytics(request: AnalyticsRequest): Iterable<string> {
    return analyticsCsv(this.analytics(request));
  }

  syncHistory(): Promise<SyncProgress> {
    return this.sync.run();
  }

  get syncProgress(): SyncProgress {
    return this.sync.progress;
  }

  // ── events ─────────────────────────────────────────────────────────────────

  get onCallUpdated(): Event<TrackedCall> {
    return this.tracker.onUpdated;
  }

  onLegChanged(listener: (change: LegChange, call: TrackedCall) => void): Disposable {
    return this.tracker.onLegChanged(listener);
  }

  get onSessionChanged(): Event<SessionState> {
    return this.session.onChange;
  }

  get onSyncProgress(): Event<SyncProgress> {
    return this.sync.onProgress;
  }

  get onPlannerState(): Event<PlannerState> {
    return this.planner.onChange;
  }

  readonly onNotification: Event<CallNotification> = this.notified.event;

  /**
   * A call went into the archive "not yet in the call log": a history sync a few rate-limit
   * windows later brings its record (RingCentral logs some calls minutes late) and refines it.
   */
  private scheduleFollowUpSync(): void {
    if (this.followUpSync || this.options.autoSync === false || this.archiveReadOnly) return;
    this.followUpSync = this.clock.setTimeout(
      () => {
        this.followUpSync = null;
        if (this.session.state.status === 'signedIn') void this.sync.run();
      },
      this.planner.windowMs('Heavy') * FOLLOW_UP_SYNC_WINDOWS,
    );
  }

  /** After sleep or a network change: check the token, then catch up on history. */
  async resumeAfterSleep(): Promise<void> {
    await this.session.ensureFreshToken();
    if (this.session.state.status === 'signedIn' && this.options.autoSync !== false && !this.archiveReadOnly) void this.sync.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.followUpSync?.();
    this.followUpSync = null;
    await this.signInWork;
    // A sync in progress finishes its current page and stops before the archive closes; a page
    // still waiting for a Heavy slot is dropped rather than waited for (up to a rate window).
    const historyStopped = Promise.all([this.sync.stop(), this.contacts.stop()]);
    this.planner.cancelQueued('sync', new Error('Ringside is stopping'));
    // Quitting never waits long on RingCentral (a page answer, a token refresh held by the Auth
    // limit): after the grace the archive closes, and an unfinished page is fetched again next
    // time (the sync's cursor moves only with a saved page).
    let cancelGrace = (): void => undefined;
    const grace = new Promise<void>((resolve) => (cancelGrace = this.clock.setTimeout(resolve, STOP_GRACE_MS)));
    await Promise.race([historyStopped, grace]);
    cancelGrace();
    this.policy.flushAll();
    await this.tracker.stop();
    await this.push?.stop();
    this.notified.dispose();
    this.archive.close();
  }
}
