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

export interface HistoryRow {
  id: string;
  startTime: string;
  direction: string | null;
  action: string | null;
  result: string | null;
  fromNumber: string | null;
  fromName: string | null;
  toNumber: string | null;
  toName: string | null;
  duration: number | null;
  ringOut: boolean;
  callerStatus: string | null;
  calleeStatus: string | null;
  callerState: LegState | null;
  calleeState: LegState | null;
  explanation: string | null;
  /** Placed from Ringside (it has a live timeline), or only known from the call log. */
  tracked: boolean;
}
