/**
 * Where the simulator's time comes from: the wall clock, or a clock a test moves by hand
 * (test-support/fake-clock.ts). The same shape as the core's `Clock` port
 * (src-main/core/ports.ts), which the simulator may not import, so one fake clock can drive both.
 */
export interface TimeSource {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void;
}

/** The wall clock. Its timers never keep the process alive: a simulator left running must not block an exit. */
export const wallClock: TimeSource = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/**
 * The simulator's notion of time. Simulated durations (how long a phone rings, how long a
 * record takes to appear, token lifetimes) run `timeScale` times faster than real time, so
 * a 60 s RingOut expiry takes 3 s at 20x. Timestamps stay on the wall clock: a record's
 * startTime is when the call really started, its `duration` is in simulated seconds.
 * Durations sent over the wire that a client acts on in real time (expires_in,
 * Retry-After, X-Rate-Limit-Window) are scaled to real seconds.
 */
export class SimClock {
  private readonly pending = new Set<() => void>();
  private readonly source: TimeSource;

  /**
   * `source` is the time source (default the wall clock); a bare function gives the time only
   * (its timers run on the wall clock). `offsetMs` puts the service's clock ahead (or behind).
   */
  constructor(
    readonly timeScale = 1,
    source: TimeSource | (() => number) = wallClock,
    private readonly offsetMs = 0,
  ) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`time scale must be a positive number, got ${timeScale}`);
    this.source = typeof source === 'function' ? { now: source, setTimeout: wallClock.setTimeout } : source;
  }

  now(): number {
    return this.source.now() + this.offsetMs;
  }

  iso(at = this.now()): string {
    return new Date(at).toISOString();
  }

  /** Real milliseconds that a simulated duration takes. */
  realMs(simMs: number): number {
    return simMs / this.timeScale;
  }

  /** Real seconds for a simulated duration, as sent on the wire (at least 1 when non-zero). */
  wireSeconds(simSeconds: number): number {
    if (simSeconds <= 0) return 0;
    return Math.max(1, Math.round(simSeconds / this.timeScale));
  }

  /**
   * A wait sent over the wire (Retry-After) in real seconds, rounded up: a client that waits
   * exactly that long must not come back before the wait is over (at 50x, 60 s is 1.2 s: 2, not 1).
   */
  wireWaitSeconds(simSeconds: number): number {
    if (simSeconds <= 0) return 0;
    return Math.max(1, Math.ceil(simSeconds / this.timeScale));
  }

  /** Runs `fn` after a simulated duration. */
  after(simMs: number, fn: () => void): () => void {
    const cancel = this.source.setTimeout(() => {
      this.pending.delete(cancel);
      fn();
    }, this.realMs(simMs));
    this.pending.add(cancel);
    return () => {
      cancel();
      this.pending.delete(cancel);
    };
  }

  /** Resolves after a simulated duration (a slow answer, say). */
  sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.after(simMs, resolve));
  }

  cancelAll(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}
