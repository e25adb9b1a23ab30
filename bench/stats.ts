export interface BenchFigure {
  name: string;
  unit: string;
  samples: number;
  median: number;
  p95: number;
  max: number;
  budget: { p95: number };
}

/** Nearest-rank percentile of already collected samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(samples: readonly number[]): Pick<BenchFigure, 'samples' | 'median' | 'p95' | 'max'> {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), max: percentile(sorted, 100) };
}
