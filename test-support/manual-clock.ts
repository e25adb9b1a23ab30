import type { Clock } from '../src-renderer/src/state/wrap-up-state.svelte';

/** A clock a test moves by hand: `advance` runs each ticker whose time has come, in order. */
export class ManualClock implements Clock {
  private readonly tickers = new Set<{ every: number; next: number; tick: () => void }>();

  constructor(public at: number = Date.UTC(2026, 11, 3, 15, 0, 0)) {}

  now(): number {
    return this.at;
  }

  every(ms: number, tick: () => void): () => void {
    const ticker = { every: ms, next: this.at + ms, tick };
    this.tickers.add(ticker);
    return () => void this.tickers.delete(ticker);
  }

  get ticking(): number {
    return this.tickers.size;
  }

  advance(ms: number): void {
    const end = this.at + ms;
    for (;;) {
      const due = [...this.tickers].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.at = due.next;
      due.next += due.every;
      due.tick();
    }
    this.at = end;
  }
}
