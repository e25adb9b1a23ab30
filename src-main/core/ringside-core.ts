import path from 'node:path';
import { Emitter, type Event } from '../../src-shared/emitter';
import type { TeamMember } from '../../src-shared/team-board';
import { AnalyticsFacade } from './history/analytics-facade';
import { AnnotationsFacade } from './history/annotations-facade';
import { ContactsSync } from './history/contacts-sync';
import { Session, type SessionState } from './auth/session';
import { SessionFacade } from './auth/session-facade';
import { Archive } from './history/archive';
import { HistoryFacade } from './history/history-facade';
import { HistorySync } from './history/history-sync';
import { DEFAULT_NOTIFICATION_SETTINGS, NotificationPolicy, type CallNotification, type NotificationSettings } from './notify/notification-policy';
import { silentLogger, systemClock, type Clock, type Logger, type SecretStore } from './ports';
import { RingCentralApi } from './ringcentral/api';
import type { ServerConfig } from './ringcentral/rc-client';
import { RatePlanner, type PlannerState } from './ringcentral/rate-planner';
import { CallsFacade } from './ringout/calls-facade';
import { JsonFileInFlightStore, MemoryInFlightStore, type InFlightStore } from './ringout/in-flight-store';
import { TelephonyPush, type PushSource } from './ringout/telephony-push';
import { RingOutTracker } from './ringout/tracker';
import { TeamBoard } from './team/board';
import { buildIntegrations } from './webhooks/integrations';
import type { WebhookTransport } from './webhooks/transport';
import type { WebhooksFacade } from './webhooks/webhooks-facade';
import type { WrapUpHold, WrapUpSettings } from './webhooks/wrap-up';

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
  /** The wrap-up step after each call (issue 30); off unless given. */
  wrapUpSettings?: () => WrapUpSettings;
  /** Team mode (issue 29): whether notes also go to the team archive, which archive that is now, and who sends them once queued. */
  teamSharing?: { enabled: () => boolean; archive: () => string | null; queued: () => void };
  /** How webhooks are posted (Node's fetch unless given: tests pass a recording one). */
  webhookTransport?: WebhookTransport;
  /** The webhook backoff's jitter (tests). */
  random?: () => number;
  /** The team archive's directory for the team board when team mode is on (else the board asks RingCentral). */
  teamDirectory?: () => Promise<TeamMember[] | null>;
}

/** How many Heavy rate-limit windows after a call left "not yet in the call log" a sync looks for its record. */
const FOLLOW_UP_SYNC_WINDOWS = 10;

/**
 * The whole product without Electron: session, rate planner, RingOut tracker, push, history
 * archive and sync, notification policy. The app, the CLI and the Chromium e2e harness all
 * drive Ringside through this one object, by area: `core.session`, `core.calls`,
 * `core.history`, `core.annotations`, `core.analytics` (each a small facade beside what it
 * fronts). This class only builds the parts, wires them, and starts and stops them.
 */
export class RingsideCore {
  /** Set when the archive file was unreadable at start and was moved aside. */
  readonly archiveRecovered: { movedTo: string; reason: string } | null;
  /** Why the archive is read-only this session (a notice for the user), or null. */
  readonly archiveReadOnly: string | null;
  readonly session: SessionFacade;
  readonly calls: CallsFacade;
  readonly history: HistoryFacade;
  readonly annotations: AnnotationsFacade;
  readonly analytics: AnalyticsFacade;
  /** Webhook endpoints, their outbox and failed deliveries (issue 30). */
  readonly webhooks: WebhooksFacade;
  /** The wrap-up step after a call: `call.completed` waits for it. */
  readonly wrapUp: WrapUpHold;
  /** The team board (issue 29): every user's live calls, for admins and leads. */
  readonly teamBoard: TeamBoard;
  private readonly integrations: ReturnType<typeof buildIntegrations>;
  private readonly rcSession: Session;
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
    this.rcSession = new Session(options.server, options.secrets, this.logger);
    this.planner = new RatePlanner(this.clock);
    this.api = new RingCentralApi(this.rcSession.sdk, this.planner);
    const push = options.push === false ? null : new TelephonyPush(this.rcSession.sdk, this.logger);
    this.push = push;
    this.teamBoard = new TeamBoard({ push, api: this.api, clock: this.clock, logger: this.logger, archiveDirectory: options.teamDirectory });
    const memory = options.dataDir === ':memory:';
    const opened = Archive.open(memory ? ':memory:' : path.join(options.dataDir, 'archive.sqlite'));
    this.archive = opened.archive;
    this.archiveRecovered = opened.recovered;
    this.archiveReadOnly = opened.readOnly;
    if (opened.readOnly) this.logger.warn('The call archive is read-only this session', { reason: opened.readOnly });
    if (opened.recovered) this.logger.warn('The call archive was unreadable and was set aside', { movedTo: opened.recovered.movedTo });
    this.sync = new HistorySync(this.api, this.archive, this.clock, this.logger, options.historyDepthDays);
    this.contacts = new ContactsSync(this.api, this.archive, this.clock, this.logger);
    const store =
      options.inFlightStore ??
      (memory
        ? new MemoryInFlightStore()
        : new JsonFileInFlightStore(path.join(options.dataDir, 'in-flight-calls.json'), (message) => this.logger.warn(message)));
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
      nameFor: (number) => this.annotations.nameFor(number),
    });
    this.policy = new NotificationPolicy(
      this.clock,
      (n) => this.notified.fire(n),
      options.notificationSettings ?? (() => DEFAULT_NOTIFICATION_SETTINGS),
      options.notificationCoalesceMs,
    );
    this.tracker.onLegChanged((change, call) => this.policy.onLegChanged(change, call));
    this.rcSession.onChange((state) => this.handleSessionChange(state));
    this.session = new SessionFacade(this.rcSession, this.api, {
      afterSignIn: () => this.signInWork,
      beforeSignOut: async () => {
        await this.push?.stop();
        this.pushStarted = false;
      },
    });
    this.calls = new CallsFacade(this.tracker, this.api);
    this.history = new HistoryFacade(this.archive, this.sync);
    this.annotations = new AnnotationsFacade(this.archive, this.tracker, this.contacts, this.clock);
    if (options.teamSharing) Object.assign(this.archive.teamShares, options.teamSharing);
    this.analytics = new AnalyticsFacade(this.archive);
    this.integrations = buildIntegrations({
      archive: this.archive,
      secrets: options.secrets,
      clock: this.clock,
      logger: this.logger,
      wrapUpSettings: options.wrapUpSettings,
      transport: options.webhookTransport,
      random: options.random,
      rowIdOfCall: (callId) => this.annotations.knownRowId({ callId }),
    });
    this.webhooks = this.integrations.webhooks;
    this.wrapUp = this.integrations.wrapUp;
    this.tracker.onUpdated((call) => this.integrations.callUpdated(call));
    this.tracker.onLegChanged((change, call) => this.integrations.legChanged(change, call));
    this.integrations.start();
  }

  static async start(options: CoreOptions): Promise<RingsideCore> {
    const core = new RingsideCore(options);
    await core.rcSession.restore();
    await core.signInWork;
    return core;
  }

  private handleSessionChange(state: SessionState): void {
    if (state.status === 'signedIn') this.signInWork = this.signInWork.then(() => this.afterSignIn());
    else this.teamBoard.close();
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
    if (this.teamBoard.wanted) void this.teamBoard.open();
  }

  // ── events ─────────────────────────────────────────────────────────────────

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
        if (this.rcSession.state.status === 'signedIn') void this.sync.run();
      },
      this.planner.windowMs('Heavy') * FOLLOW_UP_SYNC_WINDOWS,
    );
  }

  /** After sleep or a network change: check the token, then catch up on history. */
  async resumeAfterSleep(): Promise<void> {
    await this.rcSession.ensureFreshToken();
    if (this.rcSession.state.status === 'signedIn' && this.options.autoSync !== false && !this.archiveReadOnly) void this.sync.run();
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
    this.teamBoard.stop();
    await this.push?.stop();
    this.notified.dispose();
    // A delivery in flight stays so in the archive and goes again (same key) at the next start.
    this.integrations.stop();
    this.archive.close();
  }
}
