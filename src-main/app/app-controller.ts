import type { TrackedCall } from '../../src-shared/calls';
import type { ExportFormat, HistoryFilter } from '../../src-shared/history';
import type { AnalyticsRequest } from '../../src-shared/annotations';
import type { AppSnapshot, OwnNumbersView, ServerChoice, SessionView, WindowKind } from '../../src-shared/ipc-contract';
import { settingsSchema, type Settings, type SettingsPatch } from '../../src-shared/settings';
import type { DialRequest } from '../../src-shared/dial-request';
import type { CountryCode } from 'libphonenumber-js';
import type { RingsideCore } from '../core/index';
import type { AppPorts } from './app-ports';
import { callDefaults, type PlaceCallRequest, rememberCall } from './app-call-defaults';
import { Dialling } from './app-dialling';
import { AppSession } from './app-session';
import { AppTeam } from './app-team';
import { trayModel } from './tray-model';

export { AppError } from './app-error';

/**
 * The application behind the windows: which RingCentral (real or demo) Ringside talks to,
 * the core for it, settings, and what the tray, notifications and windows should show.
 * Electron-free: the shell and the Chromium e2e harness both run this same object.
 * A thin composition of its parts: app-session (servers and sign-in), app-dialling (hotkey,
 * links, "call again"), app-call-defaults (ring-me-at and caller ID of a call).
 */
export class AppController {
  private notice: string | null = null;
  private readonly sessions: AppSession;
  private readonly dialling: Dialling;
  /** Team mode (issue 29): the team archive, opened on first use. */
  readonly team: AppTeam;

  private constructor(private readonly ports: AppPorts) {
    this.team = new AppTeam(ports, () => this.core);
    this.sessions = new AppSession(ports, {
      teamSharing: this.team.sharing,
      addNotice: (message) => this.addNotice(message),
      refreshTray: () => this.refreshTray(),
      saveSettingsBestEffort: (next, what) => this.saveSettingsBestEffort(next, what),
      teamDirectory: () => this.team.directory(),
    });
    this.dialling = new Dialling(ports);
  }

  /** Real credentials from RC_* variables win; else the last chosen server; else demo mode. */
  static async start(ports: AppPorts): Promise<AppController> {
    const app = new AppController(ports);
    const env = ports.env;
    if (env['RC_SERVER_URL'] && env['RC_CLIENT_ID']) {
      const config = { server: env['RC_SERVER_URL'], clientId: env['RC_CLIENT_ID'], clientSecret: env['RC_CLIENT_SECRET'] };
      await app.sessions.useServer(config, false);
      if (env['RC_JWT'] && app.session.status !== 'signedIn') await app.sessions.signIn(() => app.core!.session.signInWithJwt(env['RC_JWT']!));
    } else {
      const saved = ports.settings.get().server;
      if (saved.kind === 'demo') await app.useDemo();
      else {
        const config = app.sessions.configFor({ kind: saved.kind, customUrl: saved.customUrl ?? undefined, clientId: saved.clientId ?? undefined });
        if (config) await app.sessions.useServer(config, false);
      }
    }
    app.refreshTray();
    return app;
  }

  // ── servers and sign-in (app-session.ts) ──────────────────────────────────

  private get core(): RingsideCore | null {
    return this.sessions.core;
  }

  private get session(): SessionView {
    return this.sessions.session;
  }

  /**
   * The redirect URI browser sign-in uses (and the sign-in screen shows to register):
   * RC_REDIRECT_URI, else the one chosen in Settings, else Ringside's fixed default.
   */
  get redirectUri(): string {
    return this.sessions.redirectUri;
  }

  /** Demo mode: the built-in simulator with a demo account and history. */
  useDemo(): Promise<SessionView> {
    return this.sessions.useDemo();
  }

  /** A message every window shows (the snapshot keeps it for windows opened later). */
  addNotice(message: string): void {
    this.notice = this.notice && this.notice !== message ? `${this.notice}\n${message}` : message;
    this.ports.events.send('notice', { message });
  }

  signInWithJwt(choice: ServerChoice, jwt: string, clientSecret?: string): Promise<SessionView> {
    return this.sessions.signInWithJwt(choice, jwt, clientSecret);
  }

  /** Opens the system browser at RingCentral's sign-in page; the loopback listener finishes it. */
  signInWithBrowser(choice: ServerChoice): Promise<{ opened: string }> {
    return this.sessions.signInWithBrowser(choice);
  }

  /** "Sign in again" after RingCentral ended the session (see AppSession.signInAgain). */
  signInAgain(): Promise<SessionView | { opened: string }> {
    return this.sessions.signInAgain();
  }

  signOut(): Promise<SessionView> {
    return this.sessions.signOut();
  }

  /** Secondary writes never turn a done action into an error (a retry would repeat it). */
  private saveSettingsBestEffort(next: Settings, what: string): void {
    try {
      this.ports.settings.set(next);
    } catch (error) {
      this.ports.logger.warn(`Could not save ${what}`, { error: (error as Error).message });
    }
  }

  /** The core for reading history: the local archive stays readable while RingCentral asks for a new sign-in, so no history is lost. */
  requireArchive(): RingsideCore {
    return this.sessions.requireArchive();
  }

  /** The core while signed in; else NOT_SIGNED_IN, in words. */
  requireCore(): RingsideCore {
    return this.sessions.requireCore();
  }

  // ── what windows ask ──────────────────────────────────────────────────────

  snapshot(): AppSnapshot {
    return {
      session: this.session,
      calls: this.core?.calls.list() ?? [],
      sync: this.sessions.sync,
      rate: this.sessions.rate,
      settings: this.ports.settings.get(),
      notice: this.notice,
      dial: this.dialling.pendingDial,
      showCallId: this.dialling.shownCallId,
      dialHotkeyProblem: this.dialling.dialHotkeyProblem,
      envRedirectUri: this.sessions.envRedirectUri,
      wrapUps: this.core?.wrapUp.list() ?? [],
    };
  }

  /** The account's numbers, asked once per session (each call checks its ring-me-at against them). */
  ownNumbers(): Promise<OwnNumbersView> {
    const core = this.requireCore();
    this.sessions.ownNumbersCache ??= core.calls.ownNumbers().catch((error: unknown) => {
      this.sessions.ownNumbersCache = null;
      throw error;
    });
    return this.sessions.ownNumbersCache;
  }

  /** Places a call, with the ring-me-at and caller ID of app-call-defaults.ts. */
  async placeCall(request: PlaceCallRequest): Promise<TrackedCall> {
    const core = this.requireCore();
    const settings = this.ports.settings.get();
    const numbers = await this.ownNumbers().catch(() => null);
    const { from, callerId } = callDefaults(request, settings, numbers);
    const call = await core.calls.place({
      to: request.to,
      from,
      callerId,
      playPrompt: request.playPrompt ?? settings.playPrompt,
      defaultCountry: settings.defaultCountry as CountryCode,
    });
    // The call is placed: nothing after this line may fail the request, or a retry would place a second call.
    this.dialling.pendingDial = null;
    try {
      this.saveSettingsBestEffort(rememberCall(this.ports.settings.get(), call, from, callerId), 'recent numbers');
      this.refreshTray();
    } catch (error) {
      this.ports.logger.warn('After placing a call', { error: (error as Error).message });
    }
    return call;
  }

  /** The tray's "End call" (window requests go to `core.calls` directly). */
  cancelCall(id: string): Promise<TrackedCall> {
    return this.requireCore().calls.cancel(id);
  }

  async exportHistory(filter: HistoryFilter, format: ExportFormat): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const core = this.requireArchive();
    const { total } = core.history.list({ ...filter, limit: 1 });
    const name = `ringside-calls-${new Date().toISOString().slice(0, 10)}.${format}`;
    const result = await this.ports.saveTarget.save(name, core.history.export(filter, format));
    return { ...result, rows: total };
  }

  // ── names, notes, favourites, analytics (issue 21) ─────────────────────────

  async exportAnalytics(request: AnalyticsRequest): Promise<{ saved: boolean; path: string | null; rows: number }> {
    const core = this.requireCore();
    const report = core.analytics.report(request);
    const name = `ringside-analytics-${new Date(request.from).toISOString().slice(0, 10)}-to-${new Date(request.to).toISOString().slice(0, 10)}.csv`;
    const result = await this.ports.saveTarget.save(name, core.analytics.csv(request));
    return { ...result, rows: report.byDay.length + report.byHour.length + report.topFailed.length };
  }

  async refreshNames(): Promise<{ refreshed: string[]; failed: string[] }> {
    const { refreshed, failed } = await this.requireCore().annotations.refreshNames(true);
    this.refreshTray();
    return { refreshed, failed };
  }

  updateSettings(patch: SettingsPatch): Settings {
    const current = this.ports.settings.get();
    const next = settingsSchema.parse({ ...current, ...patch, notifications: { ...current.notifications, ...patch.notifications } });
    // A new default in Settings is what the next call uses, not the last call's choice.
    if (patch.ringMeAt !== undefined) next.lastRingMeAt = null;
    if (patch.callerId !== undefined) next.lastCallerId = null;
    this.ports.settings.set(next);
    this.ports.events.send('settings.changed', next);
    // A deeper history is fetched now (only the part missing); a run in progress follows the new depth by itself.
    if (next.historyDepthDays !== current.historyDepthDays && this.core?.session.state.status === 'signedIn' && !this.core.archiveReadOnly)
      void this.core.history.sync();
    return next;
  }

  openWindow(kind: WindowKind, callId?: string): { opened: boolean } {
    this.ports.windows.open(kind);
    if (kind === 'history' && callId) this.ports.events.send('history.focus', { callId });
    return { opened: true };
  }

  // ── dialling (app-dialling.ts) ─────────────────────────────────────────────

  /** A tel:/callto:/rcmobile: link: the popover asks to confirm its number (never dials by itself); false when it holds none. */
  handleProtocolUrl(url: string): boolean {
    return this.dialling.handleProtocolUrl(url);
  }

  /** "Call again" from History: the popover asks to confirm, never a call by itself. */
  askToCall(number: string): { asked: boolean } {
    return this.dialling.askToCall(number);
  }

  /** The dial hotkey, with the selected text (or the clipboard) the shell read. */
  dialFromText(text: string): DialRequest {
    return this.dialling.dialFromText(text);
  }

  /** Esc in the confirmation (or a call placed another way): the number is no longer waiting. */
  dismissDial(): { dismissed: boolean } {
    return this.dialling.dismissDial();
  }

  /** The shell says whether the dial hotkey could be registered (null = it was, or there is none). */
  reportDialHotkey(problem: string | null): void {
    this.dialling.reportDialHotkey(problem);
  }

  /** A notification was clicked: the popover shows that call. */
  notificationClicked(callId: string): void {
    this.dialling.notificationClicked(callId);
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
        core?.calls.list() ?? [],
        this.ports.settings.get().recentNumbers,
        Date.now(),
        core ? (number) => core.annotations.nameFor(number) : undefined,
        this.sessions.sync,
      ),
    );
  }

  /** Demo mode's simulator (tests and the e2e harness drive its faults); null otherwise. */
  get demoSimulator() {
    return this.sessions.demo?.simulator ?? null;
  }

  get currentSession(): SessionView {
    return this.session;
  }

  async stop(): Promise<void> {
    await this.team.close();
    await this.sessions.stop();
  }
}
