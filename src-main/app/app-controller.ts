import type { TrackedCall } from '../../src-shared/calls';
import { DisposableStore } from '../../src-shared/emitter';
import { IDLE_SYNC, type ExportFormat, type HistoryFilter, type SyncProgress } from '../../src-shared/history';
import type { Annotation, AnalyticsReport, AnalyticsRequest, CallRef, QuickNumber } from '../../src-shared/annotations';
import type { AppSnapshot, OwnNumbersView, RateView, ServerChoice, SessionView, WindowKind } from '../../src-shared/ipc-contract';
import { DEFAULT_REDIRECT_URI, isAllowedServerUrl, isLoopbackRedirectUri, settingsSchema, type Settings, type SettingsPatch } from '../../src-shared/settings';
import type { DialRequest } from '../../src-shared/dial-request';
import { effectiveNotificationMode, ringMeAtProblem } from '../../src-shared/outbound-rules';
import type { CountryCode } from 'libphonenumber-js';
import type { PlannerState } from '../core/ringcentral/rate-planner';
import { PRODUCTION_SERVER, SANDBOX_SERVER, type ServerConfig } from '../core/ringcentral/rc-client';
import { RingsideCore } from '../core/ringside-core';
import { COALESCE_MS } from '../core/notify/notification-policy';
import type { AppPorts } from './app-ports';
import { startDemoServer, type DemoServer } from './demo-server';
import { assertExternalUrl } from './external-url';
import { listenForRedirect, RedirectPortTakenError, type LoopbackRedirect } from './loopback-redirect';
import { dialRequestFromLink, dialRequestFromText } from './dial-request';
import { findDialNumber } from './dial-text';
import { trayModel } from './tray-model';

export class AppError extends Error {
  constructor(
    readonly code: 'NOT_SIGNED_IN' | 'SIGN_IN_FAILED' | 'INVALID_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const SIGNED_OUT: SessionView = { status: 'signedOut', demo: false };

/**
 * The application behind the windows: which RingCentral (real or demo) Ringside talks to,
 * the core for it, settings, and what the tray, notifications and windows should show.
 * Electron-free: the shell and the Chromium e2e harness both run this same object.
 */
export class AppController {
  private core: RingsideCore | null = null;
  private demo: DemoServer | null = null;
  private session: SessionView = SIGNED_OUT;
  private user: { name: string | null; extensionNumber: string | null } = { name: null, extensionNumber: null };
  private sync: SyncProgress = { ...IDLE_SYNC };
  private rate: RateView = { queued: { user: 0, live: 0, sync: 0 }, waitingUntil: null };
  private notice: string | null = null;
  private pendingRedirect: LoopbackRedirect | null = null;
  private readonly coreSubscriptions = new DisposableStore();
  /** A number from the hotkey or a link, waiting in the popover for Enter or Esc. */
  private pendingDial: DialRequest | null = null;
  /** A clicked notification's call, for a popover that opens after the click. */
  private shownCallId: string | null = null;
  private dialHotkeyProblem: string | null = null;
  private ownNumbersCache: Promise<OwnNumbersView> | null = null;

  private constructor(private readonly ports: AppPorts) {}

  /** Real credentials from RC_* variables win; else the last chosen server; else demo mode. */
  static async start(ports: AppPorts): Promise<AppController> {
    const app = new AppController(ports);
    const env = ports.env;
    if (env['RC_SERVER_URL'] && env['RC_CLIENT_ID']) {
      const config = { server: env['RC_SERVER_URL'], clientId: env['RC_CLIENT_ID'], clientSecret: env['RC_CLIENT_SECRET'] };
      await app.useServer(config, false);
      if (env['RC_JWT'] && app.session.status !== 'signedIn') await app.signIn(() => app.core!.signInWithJwt(env['RC_JWT']!));
    } else {
      const saved = ports.settings.get().server;
      if (saved.kind === 'demo') await app.useDemo();
      else {
        const config = app.configFor({ kind: saved.kind, customUrl: saved.customUrl ?? undefined, clientId: saved.clientId ?? undefined });
        if (config) await app.useServer(config, false);
      }
    }
    app.refreshTray();
    return app;
  }

  // ── servers and sign-in ───────────────────────────────────────────────────

  /**
   * The server and app credentials for a choice. The environment's client ID and secret go
   * only to the server the environment names: a server chosen in a window never gets them.
   */
  private configFor(choice: ServerChoice, clientSecret?: string): ServerConfig | null {
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
    return this.envRedirectUri ?? this.ports.settings.get().redirectUri ?? DEFAULT_REDIRECT_URI;
  }

  private get envRedirectUri(): string | null {
    return this.ports.env['RC_REDIRECT_URI'] || null;
  }

  /**
   * Ends the current RingCentral session at the service before another sign-in replaces it:
   * RingCentral keeps at most 5 sessions per user and app, and a forgotten one pushes out a
   * live one later (REALITY 2). Best-effort: a failed revoke never blocks the new sign-in.
   */
  private async revokeCurrentSession(): Promise<void> {
    try {
      if (this.core && this.core.sessionState.status !== 'signedOut') await this.core.signOut();
    } catch (error) {
      this.ports.logger.warn('Could not end the previous RingCentral session', { error: (error as Error).message });
    }
  }

  private async stopCore(): Promise<void> {
    this.coreSubscriptions.dispose();
    this.ownNumbersCache = null;
    await this.core?.stop();
    this.core = null;
    await this.demo?.stop();
    this.demo = null;
  }

  private async useServer(config: ServerConfig, demo: boolean): Promise<void> {
    const core = await RingsideCore.start({
      server: config,
      secrets: this.ports.secrets,
      dataDir: demo ? ':memory:' : this.ports.dataDir,
      logger: this.ports.logger,
      notificationSettings: () => {
        const settings = this.ports.settings.get();
        return { ...settings.notifications, mode: effectiveNotificationMode(settings), persistentFailures: settings.persistentFailureAlert };
      },
      // A sped-up demo simulator also speeds up what counts as a burst of changes.
      notificationCoalesceMs: demo ? COALESCE_MS / (this.ports.demo?.timeScale ?? 1) : COALESCE_MS,
    });
    this.core = core;
    if (core.archiveRecovered) {
      this.addNotice(
        `Your call history file could not be read, so it was set aside (${core.archiveRecovered.movedTo}) and history is being downloaded again from RingCentral.`,
      );
    }
    if (core.archiveReadOnly) this.addNotice(core.archiveReadOnly);
    for (const subscription of [
      core.onCallUpdated((call) => {
        this.ports.events.send('call.updated', call);
        this.refreshTray();
      }),
      core.onSessionChanged(() => void this.updateSession()),
      core.onSyncProgress((progress) => {
        this.sync = progress;
        this.ports.events.send('sync.progress', progress);
        // The tray (and the browser edition's strip) never says "Ready" while RingCentral is out of
        // reach, and its sync line follows each page (a page is about every 6 s at most).
        this.refreshTray();
      }),
      core.onPlannerState((state) => this.onPlanner(state)),
      core.onNotification((n) => this.ports.notifier.show(n)),
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
    const state = core?.sessionState ?? { status: 'signedOut' as const };
    let view: SessionView;
    if (!core || state.status === 'signedOut') view = demo ? { status: 'signingIn', demo, server: core?.serverUrl ?? '' } : SIGNED_OUT;
    else if (state.status === 'needsSignIn') view = { status: 'needsSignIn', demo, server: state.server, reason: state.reason };
    else {
      if (!this.user.name) {
        const extension = await core.account().catch(() => null);
        if (extension) this.user = { name: extension.name ?? null, extensionNumber: extension.extensionNumber ?? null };
      }
      view = { status: 'signedIn', demo, server: state.server, userName: this.user.name, extensionNumber: this.user.extensionNumber };
    }
    if (JSON.stringify(view) === JSON.stringify(this.session)) return;
    this.session = view;
    this.ports.events.send('session.changed', view);
    this.refreshTray();
  }

  private async signIn(work: () => Promise<void>): Promise<SessionView> {
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
      seedHistory: demoOptions.seedHistory ?? 2000,
      seedSpanDays: demoOptions.seedSpanDays,
      callLogDelaySeconds: demoOptions.callLogDelaySeconds,
    });
    await this.useServer(this.demo.config, true);
    await this.signIn(() => this.core!.signInWithJwt(this.demo!.jwt));
    this.saveServer({ kind: 'demo', customUrl: null, clientId: null });
    return this.session;
  }

  /** A message every window shows (the snapshot keeps it for windows opened later). */
  addNotice(message: string): void {
    this.notice = this.notice && this.notice !== message ? `${this.notice}\n${message}` : message;
    this.ports.events.send('notice', { message });
  }

  async signInWithJwt(choice: ServerChoice, jwt: string, clientSecret?: string): Promise<SessionView> {
    const config = this.configFor(choice, clientSecret);
    if (!config) throw new AppError('INVALID_REQUEST', "Enter the RingCentral app's client ID (and the server address for a custom server).");
    await this.revokeCurrentSession();
    await this.stopCore();
    this.user = { name: null, extensionNumber: null };
    await this.useServer(config, false);
    const view = await this.signIn(() => this.core!.signInWithJwt(jwt));
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
    if (env['RC_JWT'] && env['RC_SERVER_URL'] && sameServer(env['RC_SERVER_URL'], core.serverUrl)) return this.signIn(() => core.signInWithJwt(env['RC_JWT']!));
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
    const url = core.beginBrowserSignIn(redirect.redirectUri);
    redirect.expectState(new URL(url).searchParams.get('state') ?? '');
    try {
      // An unregistered redirect URI is explained here, not as an error page in the browser.
      await core.checkBrowserSignIn(url, redirect.redirectUri);
    } catch (error) {
      redirect.close();
      throw new AppError('SIGN_IN_FAILED', (error as Error).message);
    }
    this.session = { status: 'signingIn', demo: false, server: core.serverUrl };
    this.ports.events.send('session.changed', this.session);
    void redirect.callback
      .then((callbackUrl) => core.completeBrowserSignIn(callbackUrl, redirect.redirectUri))
      .then(onSignedIn)
      .catch((error: unknown) => this.addNotice((error as Error).message))
      .finally(() => void this.updateSession());
    await this.ports.browser.open(assertExternalUrl(url));
    return { opened: url };
  }

  async signOut(): Promise<SessionView> {
    await this.core?.signOut();
    await this.stopCore();
    this.user = { name: null, extensionNumber: null };
    this.session = SIGNED_OUT;
    this.ports.events.send('session.changed', this.session);
    this.refreshTray();
    return this.session;
  }

  /** Best-effort: the sign-in worked even if the disk cannot take the choice (it is asked again next launch). */
  private saveServer(server: Settings['server']): void {
    this.saveSettingsBestEffort({ ...this.ports.settings.get(), server }, 'the server choice');
  }

  /** Secondary writes never turn a done action into an error (a retry would repeat it). */
  private saveSettingsBestEffort(next: Settings, what: string): void {
    try {
      this.ports.settings.set(next);
    } catch (error) {
      this.ports.logger.warn(`Could not save ${what}`, { error: (error as Error).message });
    }
  }

  /** The local archive stays readable while RingCentral asks for a new sign-in: no history is lost. */
  private requireArchive(): RingsideCore {
    if (this.core && this.session.status === 'needsSignIn') return this.core;
    return this.requireCore();
  }

  private requireCore(): RingsideCore {
    if (!this.core || this.session.status !== 'signedIn') {
      throw new AppError('NOT_SIGNED_IN', this.session.status === 'needsSignIn' ? this.session.reason : 'Sign in to RingCentral first (or try the demo).');
    }
    return this.core;
  }

  // ── what windows ask ──────────────────────────────────────────────────────

  snapshot(): AppSnapshot {
    return {
      session: this.session,
      calls: this.core?.calls() ?? [],
      sync: this.sync,
      rate: this.rate,
      settings: this.ports.settings.get(),
      notice: this.notice,
      dial: this.pendingDial,
      showCallId: this.shownCallId,
      dialHotkeyProblem: this.dialHotkeyProblem,
      envRedirectUri: this.envRedirectUri,
    };
  }

  /** The account's numbers, asked once per session (each call checks its ring-me-at against them). */
  ownNumbers(): Promise<OwnNumbersView> {
    const core = this.requireCore();
    this.ownNumbersCache ??= core.ownNumbers().catch((error: unknown) => {
      this.ownNumbersCache = null;
      throw error;
    });
    return this.ownNumbersCache;
  }

  /**
   * Places a call. Without an explicit choice, the phone and caller ID of the last call are
   * used (else the defaults from Settings, else the first phone allowed to ring first); an
   * explicit ring-me-at that the account lists as not allowed is refused with the rule.
   */
  async placeCall(request: { to: string; from?: string | undefined; callerId?: string | undefined; playPrompt?: boolean | undefined }): Promise<TrackedCall> {
    const core = this.requireCore();
    const settings = this.ports.settings.get();
    const numbers = await this.ownNumbers().catch(() => null);
    const firstAllowed = numbers?.ringMeAt.find((n) => ringMeAtProblem(n) === null)?.phoneNumber;
    const from = request.from ?? settings.lastRingMeAt ?? settings.ringMeAt ?? firstAllowed;
    if (!from) throw new AppError('INVALID_REQUEST', 'Choose the phone RingCentral should ring first ("ring me at").');
    const listed = numbers?.ringMeAt.find((n) => n.phoneNumber === from);
    const problem = listed ? ringMeAtProblem(listed) : null;
    if (problem) throw new AppError('INVALID_REQUEST', problem);
    // '' remembers "the account default" as a choice, so it is not replaced by the Settings default.
    const remembered = settings.lastCallerId !== null ? settings.lastCallerId || null : settings.callerId;
    const callerId = request.callerId ?? (request.from === undefined ? remembered : null);
    const call = await core.placeCall({
      to: request.to,
      from,
      callerId,
      playPrompt: request.playPrompt ?? settings.playPrompt,
      defaultCountry: settings.defaultCountry as CountryCode,
    });
    // The call is placed: nothing after this line may fail the request, or a retry would place a second call.
    this.pendingDial = null;
    try {
      const latest = this.ports.settings.get();
      const recent = [call.to, ...latest.recentNumbers.filter((n) => n !== call.to)].slice(0, 10);
      this.saveSettingsBestEffort({ ...latest, recentNumbers: recent, lastRingMeAt: from, lastCallerId: callerId ?? '' }, 'recent numbers');
      this.refreshTray();
    } catch (error) {
      this.ports.logger.warn('After placing a call', { error: (error as Error).message });
    }
    return call;
  }

  cancelCall(id: string): Promise<TrackedCall> {
    return this.requireCore().cancelCall(id);
  }

  history(filter: HistoryFilter) {
    return this.requireArchive().history(filter);
  }

  historyDetail(id: string) {
    return this.requireArchive().historyDetail(id);
  }

  async exportHistory(filter: HistoryFilter, format: ExportFormat): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const core = this.requireArchive();
    const { total } = core.history({ ...filter, limit: 1 });
    const name = `ringside-calls-${new Date().toISOString().slice(0, 10)}.${format}`;
    const result = await this.ports.saveTarget.save(name, core.exportHistory(filter, format));
    return { ...result, rows: total };
  }

  // ── names, notes, favourites, analytics (issue 21) ─────────────────────────

  annotation(ref: CallRef): Annotation {
    return this.requireCore().annotation(ref);
  }

  annotate(ref: CallRef, annotation: Annotation): Annotation {
    return this.requireCore().annotate(ref, annotation);
  }

  dispositions(): string[] {
    return this.requireCore().dispositions();
  }

  setDispositions(list: readonly string[]): string[] {
    return this.requireCore().setDispositions(list);
  }

  setFavourite(number: string, favourite: boolean): { favourite: boolean } {
    return { favourite: this.requireCore().setFavourite(number, favourite) };
  }

  quickNumbers(): { favourites: QuickNumber[]; recents: QuickNumber[] } {
    return this.requireCore().quickNumbers();
  }

  analytics(request: AnalyticsRequest): AnalyticsReport {
    return this.requireCore().analytics(request);
  }

  async exportAnalytics(request: AnalyticsRequest): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const core = this.requireCore();
    const report = core.analytics(request);
    const name = `ringside-analytics-${new Date(request.from).toISOString().slice(0, 10)}-to-${new Date(request.to).toISOString().slice(0, 10)}.csv`;
    const result = await this.ports.saveTarget.save(name, core.exportAnalytics(request));
    return { ...result, rows: report.byDay.length + report.byHour.length + report.topFailed.length };
  }

  async refreshNames(): Promise<{ refreshed: string[]; failed: string[] }> {
    const { refreshed, failed } = await this.requireCore().refreshNames(true);
    this.refreshTray();
    return { refreshed, failed };
  }

  async syncHistory(): Promise<SyncProgress> {
    return this.requireCore().syncHistory();
  }

  updateSettings(patch: SettingsPatch): Settings {
    const current = this.ports.settings.get();
    const next = settingsSchema.parse({ ...current, ...patch, notifications: { ...current.notifications, ...patch.notifications } });
    // A new default in Settings is what the next call uses, not the last call's choice.
    if (patch.ringMeAt !== undefined) next.lastRingMeAt = null;
    if (patch.callerId !== undefined) next.lastCallerId = null;
    this.ports.settings.set(next);
    this.ports.events.send('settings.changed', next);
    return next;
  }

  openWindow(kind: WindowKind, callId?: string): { opened: boolean } {
    this.ports.windows.open(kind);
    if (kind === 'history' && callId) this.ports.events.send('history.focus', { callId });
    return { opened: true };
  }

  /** A tel:/callto:/rcmobile: link: the popover asks to confirm its number (never dials by itself); false when it holds none. */
  handleProtocolUrl(url: string): boolean {
    const request = dialRequestFromLink(url, this.ports.settings.get().defaultCountry as CountryCode);
    if (!request) return false;
    this.showDial(request);
    return request.kind === 'number';
  }

  /** "Call again" from History: the popover asks to confirm, never a call by itself. */
  askToCall(number: string): { asked: boolean } {
    const found = findDialNumber(number, this.ports.settings.get().defaultCountry as CountryCode);
    if (!found) throw new AppError('INVALID_REQUEST', `${number} is not a phone number Ringside can call.`);
    this.showDial({ kind: 'number', source: 'again', number: found.e164, extension: found.extension, text: number });
    return { asked: true };
  }

  /** The dial hotkey, with the selected text (or the clipboard) the shell read. */
  dialFromText(text: string): DialRequest {
    const request = dialRequestFromText(text, this.ports.settings.get().defaultCountry as CountryCode);
    this.showDial(request);
    return request;
  }

  private showDial(request: DialRequest): void {
    this.pendingDial = request;
    this.ports.windows.open('popover');
    this.ports.events.send('dial.request', request);
  }

  /** Esc in the confirmation (or a call placed another way): the number is no longer waiting. */
  dismissDial(): { dismissed: boolean } {
    const dismissed = this.pendingDial !== null;
    this.pendingDial = null;
    return { dismissed };
  }

  /** The shell says whether the dial hotkey could be registered (null = it was, or there is none). */
  reportDialHotkey(problem: string | null): void {
    if (problem === this.dialHotkeyProblem) return;
    this.dialHotkeyProblem = problem;
    this.ports.events.send('dialHotkey.status', { problem });
  }

  /** A notification was clicked: the popover shows that call. */
  notificationClicked(callId: string): void {
    this.shownCallId = callId;
    this.ports.windows.open('popover');
    this.ports.events.send('popover.showCall', { callId });
  }

  async resumeAfterSleep(): Promise<void> {
    await this.core?.resumeAfterSleep();
  }

  /** Re-derives the tray from the session and calls (also on a timer, so red fades). */
  refreshTray(): void {
    const core = this.core;
    this.ports.tray.update(
      trayModel(
        this.session,
        core?.calls() ?? [],
        this.ports.settings.get().recentNumbers,
        Date.now(),
        core ? (number) => core.nameFor(number) : undefined,
        this.sync.phase === 'error' ? this.sync.message : null,
        this.sync,
      ),
    );
  }

  /** Demo mode's simulator (tests and the e2e harness drive its faults); null otherwise. */
  get demoSimulator() {
    return this.demo?.simulator ?? null;
  }

  get currentSession(): SessionView {
    return this.session;
  }

  async stop(): Promise<void> {
    this.pendingRedirect?.close();
    await this.stopCore();
  }
}

function sameServer(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
