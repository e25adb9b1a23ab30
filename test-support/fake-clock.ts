import type { Clock } from '../src-main/core/ports';

/** A clock that moves only when told to, running due timers in order. */
export class FakeClock implements Clock {
  private current: number;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;

  constructor(start = Date.UTC(2026, 10, 24, 12, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.current + Math.max(0, ms), fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  /** Time that passed while code ran without yielding (a slow write): no timer runs until the next `advance`. */
  elapse(ms: number): void {
    this.current += ms;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, running each due timer at its own time and letting promises settle. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushPromises();
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = target;
    await flushPromises();
  }

  /**
   * Moves time forward in `stepMs` steps until `probe` gives something (a call ended, a record
   * shown) and returns it; fails once `limitMs` of fake time passed without it.
   */
  async advanceUntil<T>(probe: () => T | Promise<T>, { stepMs = 50, limitMs = 600_000, what = 'condition' } = {}): Promise<NonNullable<T>> {
    for (let moved = 0; ; moved += stepMs) {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      if (moved >= limitMs) throw new Error(`No ${what} after ${limitMs} ms of fake time`);
      await this.advance(stepMs);
    }
  }
}

/**
 * Real time that counts the timers set on it and not yet run or cancelled: a test proves
 * "nothing more will happen" by finding none left, instead of sleeping to see.
 */
export function watchedSystemClock(): Clock & { readonly pendingTimers: number } {
  const pending = new Set<() => void>();
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const timer = setTimeout(() => {
        pending.delete(cancel);
        fn();
      }, ms);
      const cancel = () => {
        clearTimeout(timer);
        pending.delete(cancel);
      };
      pending.add(cancel);
      return cancel;
    },
    get pendingTimers() {
      return pending.size;
    },
  };
}

export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
