/**
 * The simulator's notion of time. Simulated durations (how long a phone rings, how long a
 * record takes to appear, token lifetimes) run `timeScale` times faster than real time, so
 * a 60 s RingOut expiry takes 3 s at 20x. Timestamps stay on the wall clock: a record's
 * startTime is when the call really started, its `duration` is in simulated seconds.
 * Durations sent over the wire that a client acts on in real time (expires_in,
 * Retry-After, X-Rate-Limit-Window) are scaled to real seconds.
 */
export class SimClock {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    readonly timeScale = 1,
    private readonly wallNow: () => number = Date.now,
  ) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`time scale must be a positive number, got ${timeScale}`);
  }

  now(): number {
    return this.wallNow();
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

  /** Runs `fn` after a simulated duration. */
  after(simMs: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.realMs(simMs));
    timer.unref?.();
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
