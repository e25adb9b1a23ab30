import type { TrackedCall } from '../../../src-shared/calls';
import { isActive, isSameOrNewer, isSettled } from '../../../src-shared/call-phases';
import type { SyncProgress } from '../../../src-shared/history';
import { IDLE_SYNC } from '../../../src-shared/idle-sync';
import type { InvokeRequest, InvokeResponses, RateView, RingsideBridge, SessionView } from '../../../src-shared/ipc-contract';
import type { Settings, SettingsPatch } from '../../../src-shared/settings';
import { effectiveRedirectUri } from '../../../src-shared/redirect-uri';
import type { DialRequest } from '../../../src-shared/dial-request';
import { RingsideClient, type Answer } from '../lib/ringside-client';
import { AnnotationsState } from './annotations-state.svelte';
import { WrapUpState, type Clock } from './wrap-up-state.svelte';

/**
 * What main says about the app, kept current by main's events, and the requests about the
 * session and windows. Screens read it and call its methods; only it writes its state.
 */
export class AppState {
  session = $state<SessionView>({ status: 'signedOut', demo: false });
  calls = $state<TrackedCall[]>([]);
  sync = $state<SyncProgress>({ ...IDLE_SYNC });
  rate = $state<RateView>({ queued: { user: 0, live: 0, sync: 0 }, waitingUntil: null });
  settings = $state<Settings | null>(null);
  notice = $state<string | null>(null);
  /** RC_REDIRECT_URI, which wins over the setting. */
  envRedirectUri = $state<string | null>(null);
  loaded = $state(false);
  prefill = $state<{ number: string; at: number } | null>(null);
  focusCallId = $state<string | null>(null);
  /** A number from the dial hotkey or a link, waiting for Enter (call) or Esc (cancel). */
  dial = $state<(DialRequest & { at: number }) | null>(null);
  /** The call whose notification was clicked: the popover shows it. */
  showCall = $state<{ callId: string; at: number } | null>(null);
  dialHotkeyProblem = $state<string | null>(null);
  private unsubscribe: Array<() => void> = [];

  /** The one way to main (see lib/ringside-client.ts). */
  readonly client: RingsideClient;
  /** Notes, dispositions, favourites and quick numbers. */
  readonly annotations: AnnotationsState;
  /** The wrap-up step after a call (issue 30). */
  readonly wrapUp: WrapUpState;

  constructor(bridge: RingsideBridge, clock?: Clock) {
    this.client = new RingsideClient(bridge);
    this.annotations = new AnnotationsState(this.client);
    this.wrapUp = new WrapUpState(this.client, clock);
  }

  async start(): Promise<void> {
    const on = this.client.on.bind(this.client);
    // A wrap-up list heard before the snapshot answered is the newer one.
    let wrapUpHeard = false;
    this.unsubscribe.push(
      on('call.updated', (call) => this.upsert(call)),
      on('session.changed', (session) => (this.session = session)),
      on('sync.progress', (sync) => (this.sync = sync)),
      on('rate.changed', (rate) => (this.rate = rate)),
      on('settings.changed', (settings) => (this.settings = settings)),
      on('notice', ({ message }) => (this.notice = message)),
      on('popover.prefill', ({ number }) => (this.prefill = { number, at: Date.now() })),
      on('history.focus', ({ callId }) => (this.focusCallId = callId)),
      on('dial.request', (request) => (this.dial = { ...request, at: Date.now() })),
      on('dialHotkey.status', ({ problem }) => (this.dialHotkeyProblem = problem)),
      on('popover.showCall', ({ callId }) => (this.showCall = { callId, at: Date.now() })),
      on('wrapUp.changed', (views) => ((wrapUpHeard = true), this.wrapUp.set(views))),
    );
    const snapshot = await this.client.ask('app.snapshot', {});
    if (snapshot.ok) {
      this.session = snapshot.value.session;
      // Events may have come before the snapshot: a call they brought newer stays as they said.
      const byEvent = this.calls;
      this.calls = snapshot.value.calls;
      for (const call of byEvent) this.upsert(call);
      this.sync = snapshot.value.sync;
      this.rate = snapshot.value.rate;
      this.settings = snapshot.value.settings;
      this.notice = snapshot.value.notice;
      const { dial, showCallId, dialHotkeyProblem } = snapshot.value;
      // An event may have come first (a link clicked while the window opened): it is newer.
      if (dial && !this.dial) this.dial = { ...dial, at: Date.now() };
      if (showCallId && !this.showCall) this.showCall = { callId: showCallId, at: Date.now() };
      this.dialHotkeyProblem = dialHotkeyProblem ?? null;
      this.envRedirectUri = snapshot.value.envRedirectUri;
      if (!wrapUpHeard) this.wrapUp.set(snapshot.value.wrapUps ?? []);
    } else {
      this.notice = snapshot.error.message;
    }
    this.loaded = true;
  }

  stop(): void {
    this.wrapUp.stop();
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
  }

  /** Shows a call's newest copy; an older one (an answer that crossed newer events) never replaces it. */
  upsert(call: TrackedCall): void {
    const index = this.calls.findIndex((c) => c.id === call.id);
    if (index < 0) this.calls = [call, ...this.calls];
    else if (isSameOrNewer(this.calls[index]!, call)) this.calls[index] = call;
  }

  /** The call the popover shows: the newest one still in progress, else the newest one. */
  get currentCall(): TrackedCall | null {
    const sorted = [...this.calls].sort((a, b) => b.createdAt - a.createdAt);
    return sorted.find(isActive) ?? sorted[0] ?? null;
  }

  /** How many calls the history has settled: lists that show the history reload when it changes. */
  get settledCalls(): number {
    return this.calls.filter(isSettled).length;
  }

  /** Esc in the confirmation: main forgets the number too. */
  dismissDial(): void {
    if (!this.dial) return;
    this.dial = null;
    this.client.send('dial.dismiss', {});
  }

  /** Shows a dial request made in this window (a paste or a quick number): it waits for Enter, as a link does. */
  askToDial(request: DialRequest): void {
    this.dial = { ...request, at: Date.now() };
  }

  /** The dial request was answered (called, or the window went on without it). */
  clearDial(): void {
    this.dial = null;
  }

  showNotice(message: string | null): void {
    this.notice = message;
  }

  /** Saves a change of settings; what main saved is shown at once (before its event arrives). */
  async updateSettings(patch: SettingsPatch): Promise<Answer<Settings>> {
    const answer = await this.client.ask('settings.update', patch);
    if (answer.ok) this.settings = answer.value;
    return answer;
  }

  /** Sign-in, sign-out and the demo: the answer, with a failure's words, for the screen to show. */
  signInBrowser(request: InvokeRequest<'session.signInBrowser'>): Promise<Answer<InvokeResponses['session.signInBrowser']>> {
    return this.client.ask('session.signInBrowser', request);
  }

  signInJwt(request: InvokeRequest<'session.signInJwt'>): Promise<Answer<SessionView>> {
    return this.client.ask('session.signInJwt', request);
  }

  useDemo(): Promise<Answer<SessionView>> {
    return this.client.ask('session.useDemo', {});
  }

  async signOut(): Promise<void> {
    await this.client.ask('session.signOut', {});
  }

  /** After RingCentral signed Ringside out: a failure is shown as the notice. */
  async signInAgain(): Promise<void> {
    const answer = await this.client.ask('session.signInAgain', {});
    if (!answer.ok) this.notice = answer.error.message;
  }

  openWindow(window: InvokeRequest<'window.open'>['window']): void {
    this.client.send('window.open', { window });
  }

  /** Asks the popover to confirm a call to this number (never a call on one click). */
  askToCall(number: string): void {
    this.client.send('dial.ask', { number });
  }

  syncHistory(): void {
    this.client.send('history.sync', {});
  }

  /** The redirect URI browser sign-in uses: the one to register in the RingCentral app. */
  get redirectUri(): string {
    return effectiveRedirectUri(this.envRedirectUri, this.settings);
  }

  get signedIn(): boolean {
    return this.session.status === 'signedIn';
  }
}
