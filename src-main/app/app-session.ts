import { DisposableStore } from '../../src-shared/emitter';
import { IDLE_SYNC, type SyncProgress } from '../../src-shared/history';
import type { OwnNumbersView, RateView, ServerChoice, SessionView } from '../../src-shared/ipc-contract';
import { effectiveRedirectUri, isAllowedServerUrl, isLoopbackRedirectUri, type Settings } from '../../src-shared/settings';
import { effectiveNotificationMode } from '../../src-shared/outbound-rules';
import { COALESCE_MS, PRODUCTION_SERVER, RingsideCore, SANDBOX_SERVER, type PlannerState, type ServerConfig } from '../core/index';
import type { AppPorts } from './app-ports';
import { AppError } from './app-error';
import { startDemoServer, type DemoServer } from './demo-server';
import { assertExternalUrl } from './external-url';
import { listenForRedirect, RedirectPortTakenError, type LoopbackRedirect } from './loopback-redirect';
import { WrapUpNotices } from './wrap-up-notice';
import type { TeamMember } from '../../src-shared/team-board';

const SIGNED_OUT: SessionView = { status: 'signedOut', demo: false };

/** What the sign-in part asks of the application around it. */
export interface SessionHost {
  addNotice(message: string): void;
  refreshTray(): void;
  /** Secondary writes never turn a done action into an error (a retry would repeat it). */
  saveSettingsBestEffort(next: Settings, what: string): void;
  /** The team archive's directory for the team board (null: team mode is off). */
  teamDirectory(): Promise<TeamMember[] | null>;
  /** Team mode: notes shared with the team archive (app-team.ts). */
  teamSharing?: { enabled: () => boolean; archive: () => string | null; queued: () => void };
}

/**
 * Which RingCentral (real or demo) Ringside talks to, and the sign-in to it: the core for
 * that server, the session the windows show, the sync and rate state the core reports.
 */
export class AppSession {
  core: RingsideCore | null = null;
  demo: DemoServer | null = null;
  session: SessionView = SIGNED_OUT;
  user: { name: string | null; extensionNumber: string | null } = { name: null, extensionNumber: null };
  sync: SyncProgress = { ...IDLE_SYNC };
  rate: RateView = { queued: { user: 0, live: 0, sync: 0 }, waitingUntil: null };
  private pendingRedirect: LoopbackRedirect | null = null;
  private readonly coreSubscriptions = new DisposableStore();
  ownNumbersCache: Promise<OwnNumbersView> | null = null;

  constructor(
    private readonly ports: AppPorts,
    private readonly host: SessionHost,
  ) {}

  // ── servers and sign-in ───────────────────────────────────────────────────

  /**
   * The server and app credentials for a choice. The environment's client ID and secret go
   * only to the server the environment names: a server chosen in a window never gets them.
   */
  configFor(choice: ServerChoice, clientSecret?: string): ServerConfig | null {
    const server = choice.kind === 'production' ? PRODUCTION_SERVER : choice.kind === 'sandbox' ? SANDBOX_SERVER : choice.customUrl;
    if (!server) return null;
    if (!isAllowedServerUrl(server)) throw new AppError('INVALID_REQUEST', 'The server address must start with https:// (http:// only for this computer).');
    const envServer = this.ports.env['RC_SERVER_URL'];
    const envMatches = !!envServer && sameServer(envServer, server);
    const clientId = choice.clientId ?? (envMatches ? this.ports.env['RC_CLIENT_ID'] : undefined);
    if (!clientId) return null;
    const envSecret = envMatches && clientId === this.ports.env['RC_CLIENT_ID'] ? this.ports.env['RC_CLIENT_SECRET'] : undefined;
    return { server, clientId, clientSecret: clientSecret ?? envSecret };
  }

  /**
   * The redirect URI browser sign-in uses (and the sign-in screen shows to register):
   * RC_REDIRECT_URI, else the one chosen in Settings, else Ringside's fixed default.
   */
  get redirectUri(): string {
    return effectiveRedirectUri(this.envRedirectUri, this.ports.settings.get());
  }

  get envRedirectUri(): string | null {
    return this.ports.env['RC_REDIRECT_URI'] || null;
  }

  /**
   * Ends the current RingCentral session at the service before another sign-in replaces it:
   * RingCentral keeps at most 5 sessions per user and app, and a forgotten one pushes out a
   * live one later (REALITY 2). Best-effort: a failed revoke never blocks the new sign-in.
   */
  private async revokeCurrentSession(): Promise<void> {
    try {
      if (this.core && this.core.session.state.status !== 'signedOut') await this.core.session.signOut();
    } catch (error) {
      this.ports.logger.warn('Could not end the previous RingCentral session', { error: (error as Error).message });
    }
  }

  async stopCore(): Promise<void> {
    this.coreSubscriptions.dispose();
    this.ownNumbersCache = null;
    await this.core?.stop();
    this.core = null;
    await this.demo?.stop();
    this.demo = null;
  }

  async useServer(config: ServerConfig, demo: boolean): Promise<void> {
    const core = await RingsideCore.start({
      server: config,
      secrets: this.ports.secrets,
      dataDir: demo ? ':memory:' : this.ports.dataDir,
      logger: this.ports.logger,
      notificationSettings: () => {
        const settings = this.ports.settings.get();
        return { ...settings.notifications, mode: effectiveNotificationMode(settings), persistentFailures: settings.persistentFailureAlert };
      },
      historyDepthDays: () => this.ports.settings.get().historyDepthDays,
      wrapUpSettings: () => {
        const settings = this.ports.settings.get();
        return { mode: settings.wrapUp, seconds: settings.wrapUpSeconds };
      },
      // A sped-up demo simulator also speeds up what counts as a burst of changes.
      notificationCoalesceMs: demo ? COALESCE_MS / (this.ports.demo?.timeScale ?? 1) : COALESCE_MS,
      teamDirectory: () => this.host.teamDirectory(),
      teamSharing: this.host.teamSharing,
    });
    this.core = core;
    // Notes saved while the team archive did not answer (last run too) go now.
    this.host.teamSharing?.queued();
    // Where the archive is complete from is known before any sync runs ("History since" at once).
    this.sync = core.history.progress;
    if (core.archiveRecovered) {
      this.host.addNotice(
        `Your call history file could not be read, so it was set aside (${core.archiveRecovered.movedTo}) and history is being downloaded again from RingCentral.`,
      );
    }
    if (core.archiveReadOnly) this.host.addNotice(core.archiveReadOnly);
    const wrapUpNotices = new WrapUpNotices(
      this.ports.notifier,
      (callId) => core.calls.get(callId),
      () => this.ports.settings.get().notifications.muted,
    );
    for (const subscription of [
      core.calls.onUpdated((call) => {
        this.ports.events.send('call.updated', call);
        this.host.refreshTray();
      }),
      core.session.onChanged(() => void this.updateSession()),
      core.history.onProgress((progress) => {
        this.sync = progress;
        this.ports.events.send('sync.progress', progress);
        // The tray (and the browser edition's strip) never says "Ready" while RingCentral is out of
        // reach, and its sync line follows each page (a page is about every 6 s at most).
        this.host.refreshTray();
      }),
      core.onPlannerState((state) => this.onPlanner(state)),
      core.onNotification((n) => this.ports.notifier.show(n)),
      core.webhooks.onChanged((view) => this.ports.events.send('webhooks.changed', view)),
      core.teamBoard.onUpdate((update) => this.ports.events.send('teamBoard.changed', update)),
      core.wrapUp.onChanged((wrapUps) => {
        this.ports.events.send('wrapUp.changed', wrapUps);
        wrapUpNotices.changed(wrapUps);
      }),
    ]) {
      this.coreSubscriptions.add(subscription);
    }
    this.session = { status: 'signedOut', demo: false };
    await this.updateSession(demo);
  }

  private onPlanner(state: PlannerState): void {
    const next: RateView = { queued: state.queued, waitingUntil: state.waitingUntil };
    if (JSON.stringify(next) === JSON.stringify(this.rate)) return;
    this.rate = next;
    this.ports.events.send('rate.changed', next);
  }

  private async updateSession(demo = this.demo !== null): Promise<void> {
    const core = this.core;
    const state = core?.session.state ?? { status: 'signedOut' as const };
    let view: SessionView;
    if (!core || state.status === 'signedOut') view = demo ? { status: 'signingIn', demo, server: core?.session.serverUrl ?? '' } : SIGNED_OUT;
    else if (state.status === 'needsSignIn') view = { status: 'needsSignIn', demo, server: state.server, reason: state.reason };
    else {
      if (!this.user.name) {
        const extension = await core.session.account().catch(() => null);
        if (extension) this.user = { name: extension.name ?? null, extensionNumber: extension.extensionNumber ?? null };
      }
      view = { status: 'signedIn', demo, server: state.server, userName: this.user.name, extensionNumber: this.user.extensionNumber };
    }
    if (JSON.stringify(view) === JSON.stringify(this.session)) return;
    this.session = view;
    this.ports.events.send('session.changed', view);
    this.host.refreshTray();
  }

  async signIn(work: () => Promise<void>): Promise<SessionView> {
    try {
      await work();
    } catch (error) {
      throw new AppError('SIGN_IN_FAILED', (error as Error).message);
    }
    await this.updateSession();
    return this.session;
  }

  /** Demo mode: the built-in simulator with a demo account and history. */
  async useDemo(): Promise<SessionView> {
    await this.revokeCurrentSession();
    await this.stopCore();
    this.user = { name: null, extensionNumber: null };
    const demoOptions = this.ports.demo ?? {};
    this.demo = await startDemoServer({
      timeScale: demoOptions.timeScale ?? 1,
      seedHistory: demoOptions.seedHistory ?? (demoOptions.team ? 200 : 2000),
      seedSpanDays: demoOptions.seedSpanDays,
      callLogDelaySeconds: demoOptions.callLogDelaySeconds,
      ...(demoOptions.team ? { team: true } : {}),
    });
    await this.useServer(this.demo.config, true);
    await this.signIn(() => this.core!.session.signInWithJwt(this.demo!.jwt));
    this.saveServer({ kind: 'demo', customUrl: null, clientId: null });
    return this.session;
  }

  async signInWithJwt(choice: ServerChoice, jwt: string, clientSecret?: string): Promise<SessionView> {
    const config = this.configFor(choice, clientSecret);
    if (!config) throw new AppError('INVALID_REQUEST', "Enter the RingCentral app's client ID (and the server address for a custom server).");
    await this.revokeCurrentSession();
    await this.stopCore();
    this.user = { name: null, extensionNumber: null };
    await this.useServer(config, false);
    const view = await this.signIn(() => this.core!.session.signInWithJwt(jwt));
    this.saveServer({ kind: choice.kind, customUrl: choice.customUrl ?? null, clientId: config.clientId });
    return view;
  }

  /** Opens the system browser at RingCentral's sign-in page; the loopback listener finishes it. */
  async signInWithBrowser(choice: ServerChoice): Promise<{ opened: string }> {
    const config = this.configFor(choice);
    if (!config) throw new AppError('INVALID_REQUEST', "Enter the RingCentral app's client ID (and the server address for a custom server).");
    // The port first: if it is taken, the current session stays as it is.
    const redirect = await this.listen();
    await this.revokeCurrentSession();
    await this.stopCore();
    this.user = { name: null, extensionNumber: null };
    await this.useServer({ ...config, redirectUri: redirect.redirectUri }, false);
    return this.browserSignIn(this.core!, redirect, () =>
      this.saveServer({ kind: choice.kind, customUrl: choice.customUrl ?? null, clientId: config.clientId }),
    );
  }

  /**
   * "Sign in again" after RingCentral ended the session: the same server and app, on the same
   * core, so live calls keep their last known state and history stays where it is. A JWT
   * from the environment signs in at once; otherwise the browser opens.
   */
  async signInAgain(): Promise<SessionView | { opened: string }> {
    const core = this.core;
    if (!core || this.demo) throw new AppError('INVALID_REQUEST', 'Choose how to sign in first.');
    const env = this.ports.env;
    if (env['RC_JWT'] && env['RC_SERVER_URL'] && sameServer(env['RC_SERVER_URL'], core.session.serverUrl))
      return this.signIn(() => core.session.signInWithJwt(env['RC_JWT']!));
    const redirect = await this.listen();
    return this.browserSignIn(core, redirect, () => undefined);
  }

  private async listen(): Promise<LoopbackRedirect> {
    const redirectUri = this.redirectUri;
    if (!isLoopbackRedirectUri(redirectUri)) {
      throw new AppError('INVALID_REQUEST', `The redirect URI ${redirectUri} (RC_REDIRECT_URI) must look like http://127.0.0.1:<port>/<path>.`);
    }
    this.pendingRedirect?.close();
    this.pendingRedirect = null;
    try {
      this.pendingRedirect = await listenForRedirect(redirectUri);
    } catch (error) {
      if (error instanceof RedirectPortTakenError) throw new AppError('SIGN_IN_FAILED', error.message);
      throw error;
    }
    return this.pendingRedirect;
  }

  private async browserSignIn(core: RingsideCore, redirect: LoopbackRedirect, onSignedIn: () => void): Promise<{ opened: string }> {
    const url = core.session.beginBrowserSignIn(redirect.redirectUri);
    redirect.expectState(new URL(url).searchParams.get('state') ?? '');
    try {
      // An unregistered redirect URI is explained here, not as an error page in the browser.
      await core.session.checkBrowserSignIn(url, redirect.redirectUri);
    } catch (error) {
      redirect.close();
      throw new AppError('SIGN_IN_FAILED', (error as Error).message);
    }
    this.session = { status: 'signingIn', demo: false, server: core.session.serverUrl };
    this.ports.events.send('session.changed', this.session);
    void redirect.callback
      .then((callbackUrl) => core.session.completeBrowserSignIn(callbackUrl, redirect.redirectUri))
      .then(onSignedIn)
      .catch((error: unknown) => this.host.addNotice((error as Error).message))
      .finally(() => void this.updateSession());
    await this.ports.browser.open(assertExternalUrl(url));
    return { opened: url };
  }

  async signOut(): Promise<SessionView> {
    await this.core?.session.signOut();
    await this.stopCore();
    this.user = { name: null, extensionNumber: null };
    this.session = SIGNED_OUT;
    this.ports.events.send('session.changed', this.session);
    this.host.refreshTray();
    return this.session;
  }

  /** Best-effort: the sign-in worked even if the disk cannot take the choice (it is asked again next launch). */
  private saveServer(server: Settings['server']): void {
    this.host.saveSettingsBestEffort({ ...this.ports.settings.get(), server }, 'the server choice');
  }

  /** The local archive stays readable while RingCentral asks for a new sign-in: no history is lost. */
  requireArchive(): RingsideCore {
    if (this.core && this.session.status === 'needsSignIn') return this.core;
    return this.requireCore();
  }

  requireCore(): RingsideCore {
    if (!this.core || this.session.status !== 'signedIn') {
      throw new AppError('NOT_SIGNED_IN', this.session.status === 'needsSignIn' ? this.session.reason : 'Sign in to RingCentral first (or try the demo).');
    }
    return this.core;
  }

  async stop(): Promise<void> {
    this.pendingRedirect?.close();
    await this.stopCore();
  }
}

export function sameServer(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
