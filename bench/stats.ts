export interface Budget {
  /** Which number the budget applies to. */
  on: 'p95' | 'value';
  max: number;
}

export interface BenchFigure {
  name: string;
  unit: string;
  samples?: number;
  median?: number;
  p95?: number;
  max?: number;
  value?: number;
  budget?: Budget;
  /** Extra context printed after the figure (ratios, counts). */
  note?: string;
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

export function passes(figure: BenchFigure): boolean | null {
  if (!figure.budget) return null;
  const measured = figure.budget.on === 'p95' ? figure.p95 : figure.value;
  return measured !== undefined && Number.isFinite(measured) && measured <= figure.budget.max;
}

const fmt = (n: number | undefined) => (n === undefined ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

export function describe(figure: BenchFigure): string {
  const verdict = passes(figure);
  const word = verdict === null ? 'INFO' : verdict ? 'PASS' : 'FAIL';
  const measured =
    figure.p95 !== undefined
      ? `median ${fmt(figure.median)} ${figure.unit}, p95 ${fmt(figure.p95)} ${figure.unit}, max ${fmt(figure.max)} ${figure.unit} (n=${figure.samples})`
      : `${fmt(figure.value)} ${figure.unit}`;
  const budget = figure.budget ? ` — budget ${figure.budget.on === 'p95' ? 'p95 ' : ''}≤ ${figure.budget.max} ${figure.unit}` : '';
  return `${word.padEnd(4)}  ${figure.name}: ${measured}${budget}${figure.note ? ` · ${figure.note}` : ''}`;
}
