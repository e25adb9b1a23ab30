import type { LegState } from '../../../src-shared/leg-state';

export interface HistoryFilter {
  /** Start time range, epoch ms (inclusive). */
  from?: number | undefined;
  to?: number | undefined;
  direction?: 'Inbound' | 'Outbound' | undefined;
  /** Calls where either leg (or an ordinary call's result) ended this way. */
  outcome?: LegState | undefined;
  ringOutOnly?: boolean | undefined;
  /** Part of a number or a name. */
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export type { HistoryRow } from '../../../src-shared/history-row';
