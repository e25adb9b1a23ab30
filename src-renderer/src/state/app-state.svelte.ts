import { isActive, isSameOrNewer, type TrackedCall } from '../../../src-shared/calls';
import { IDLE_SYNC, type SyncProgress } from '../../../src-shared/history';
import type { RateView, RingsideBridge, SessionView } from '../../../src-shared/ipc-contract';
import { effectiveRedirectUri, type Settings } from '../../../src-shared/settings';
import type { DialRequest } from '../../../src-shared/dial-request';

/**
 * What main says about the app, kept current by bridge events. Screens read it; only the
 * bridge writes it.
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

  constructor(readonly bridge: RingsideBridge) {}

  async start(): Promise<void> {
    const on = this.bridge.on.bind(this.bridge);
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
    );
    const snapshot = await this.bridge.invoke('app.snapshot', {});
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
    } else {
      this.notice = snapshot.error.message;
    }
    this.loaded = true;
  }

  stop(): void {
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

  /** Esc in the confirmation: main forgets the number too. */
  dismissDial(): void {
    if (!this.dial) return;
    this.dial = null;
    void this.bridge.invoke('dial.dismiss', {});
  }

  /** The redirect URI browser sign-in uses: the one to register in the RingCentral app. */
  get redirectUri(): string {
    return effectiveRedirectUri(this.envRedirectUri, this.settings);
  }

  get signedIn(): boolean {
    return this.session.status === 'signedIn';
  }
}
