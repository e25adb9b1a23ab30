/**
 * When Ringside looks for an update, when it installs one, and what it says: the decisions,
 * Electron-free. The shell supplies an UpdateSource (electron-updater in the packaged app);
 * the tests drive the same source against a feed served from 127.0.0.1.
 *
 * The rules: check a minute after start and every 4 hours; download a newer version in the
 * background; install only when the user says so and never during a live call (a restart
 * asked for mid-call waits for the call to end); a download that fails its checksum is
 * refused and said so; an unreachable feed is retried an hour later without a word. Failures
 * in a row double the wait (at most a day), so a download that always fails is not fetched hourly.
 */
import { Emitter, type Event } from '../../../src-shared/emitter';
import type { Clock } from '../../core/ports';
import { RingsideError } from '../../core/index';

/** Why a check or download did not give a usable update. */
export type UpdateFailureKind = 'unreachable' | 'tampered' | 'other';

export class UpdateFailure extends RingsideError {
  constructor(
    readonly kind: UpdateFailureKind,
    message: string,
  ) {
    super('UPDATE_FAILED', message);
    this.name = 'UpdateFailure';
  }
}

/** The port the shell implements (electron-updater in the packaged app). */
export interface UpdateSource {
  /** The newer version on the feed, or null when this one is the newest. Rejects with UpdateFailure. */
  check(): Promise<{ version: string } | null>;
  /** Downloads and verifies the update found by the last check. Rejects with UpdateFailure ('tampered' on a checksum mismatch). */
  download(onProgress: (percent: number) => void): Promise<void>;
  /** Quits Ringside, installs the verified update and starts the new version. */
  install(): void;
}

export type UpdateStatus =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'upToDate'; checkedAt: number }
  | { state: 'downloading'; version: string; percent: number }
  /** Downloaded and verified; `waitingForCall` once the user asked to restart during a live call. */
  | { state: 'ready'; version: string; waitingForCall: boolean }
  | { state: 'failed'; kind: UpdateFailureKind; at: number; retryAt: number };

export interface UpdatePolicy {
  firstCheckAfterMs: number;
  checkEveryMs: number;
  /** The wait after a first failure; it doubles with each failure in a row, up to a day. */
  retryAfterFailureMs: number;
}

/** The longest wait between tries after failures in a row (an unsigned macOS build fails every time). */
const MAX_RETRY_MS = 24 * 60 * 60_000;

export const DEFAULT_UPDATE_POLICY: UpdatePolicy = {
  firstCheckAfterMs: 60_000,
  checkEveryMs: 4 * 60 * 60_000,
  retryAfterFailureMs: 60 * 60_000,
};

export interface UpdateControllerOptions {
  source: UpdateSource;
  clock: Clock;
  /** True while any call is placing, ringing or connected. */
  isCallLive(): boolean;
  policy?: Partial<UpdatePolicy>;
}

/** What the user chose to do with a ready update, and what happened. */
export type RestartOutcome = 'restarting' | 'afterCall' | 'nothingToInstall';

export class UpdateController {
  private readonly changed = new Emitter<UpdateStatus>();
  /** Every status change, for the tray and notifications. */
  readonly onChanged: Event<UpdateStatus> = this.changed.event;
  private current: UpdateStatus = { state: 'idle' };
  private readonly policy: UpdatePolicy;
  private cancelTimer: (() => void) | null = null;
  private running: Promise<UpdateStatus> | null = null;
  private stopped = false;
  private failuresInARow = 0;

  constructor(private readonly options: UpdateControllerOptions) {
    this.policy = { ...DEFAULT_UPDATE_POLICY, ...options.policy };
  }

  get status(): UpdateStatus {
    return this.current;
  }

  start(): void {
    this.schedule(this.policy.firstCheckAfterMs);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** Checks now (the user asked, or the timer fired); a check already under way is joined, not repeated. */
  checkNow(): Promise<UpdateStatus> {
    if (this.current.state === 'ready' || this.current.state === 'downloading') return Promise.resolve(this.current);
    this.running ??= this.checkAndDownload().finally(() => (this.running = null));
    return this.running;
  }

  /** The user chose "Restart to update". Never during a live call: then it installs when the call ends. */
  restartToUpdate(): RestartOutcome {
    if (this.current.state !== 'ready') return 'nothingToInstall';
    if (this.options.isCallLive()) {
      this.set({ ...this.current, waitingForCall: true });
      return 'afterCall';
    }
    this.options.source.install();
    return 'restarting';
  }

  /** Tell the controller the calls changed: a restart the user asked for during a call goes ahead once none is live. */
  callsChanged(): void {
    if (this.current.state === 'ready' && this.current.waitingForCall && !this.options.isCallLive()) this.options.source.install();
  }

  private async checkAndDownload(): Promise<UpdateStatus> {
    this.set({ state: 'checking' });
    try {
      const found = await this.options.source.check();
      if (!found) {
        this.failuresInARow = 0;
        this.set({ state: 'upToDate', checkedAt: this.options.clock.now() });
        this.schedule(this.policy.checkEveryMs);
        return this.current;
      }
      this.set({ state: 'downloading', version: found.version, percent: 0 });
      await this.options.source.download((percent) => {
        if (this.current.state === 'downloading') this.set({ ...this.current, percent: Math.max(this.current.percent, Math.round(percent)) });
      });
      this.failuresInARow = 0;
      this.set({ state: 'ready', version: found.version, waitingForCall: false });
    } catch (error) {
      const kind = error instanceof UpdateFailure ? error.kind : 'other';
      const at = this.options.clock.now();
      // Doubling, so a download that always fails is not fetched again every hour.
      const wait = Math.min(this.policy.retryAfterFailureMs * 2 ** this.failuresInARow, MAX_RETRY_MS);
      this.failuresInARow++;
      this.set({ state: 'failed', kind, at, retryAt: at + wait });
      this.schedule(wait);
    }
    return this.current;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = this.options.clock.setTimeout(() => {
      this.cancelTimer = null;
      void this.checkNow();
    }, ms);
  }

  private set(next: UpdateStatus): void {
    this.current = next;
    this.changed.fire(next);
  }
}
