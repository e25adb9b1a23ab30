/** The history's shapes, one definition each, used by the core, the CLI, main and the renderer. */
import { z } from 'zod';
import { LEG_STATES } from './leg-state';

export const CALL_DIRECTIONS = ['Inbound', 'Outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** Which archived calls to list, count or export (the renderer's request is checked against it). */
export const historyFilterSchema = z
  .object({
    /** Start time range, epoch ms (inclusive). */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    direction: z.enum(CALL_DIRECTIONS).optional(),
    /** Calls where either leg (or an ordinary call's result) ended this way. */
    outcome: z.enum(LEG_STATES).optional(),
    ringOutOnly: z.boolean().optional(),
    /** Part of a number or a name (call log or contacts), or of a note or disposition. */
    search: z.string().max(100).optional(),
    /** Calls the user gave this disposition. */
    disposition: z.string().min(1).max(40).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export type HistoryFilter = z.infer<typeof historyFilterSchema>;

export const exportFormatSchema = z.enum(['csv', 'json']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** Where history sync is, as the core reports it and the windows show it. */
export const syncProgressSchema = z.object({
  phase: z.enum(['initial', 'incremental', 'idle', 'error']),
  /** Records stored in this run. */
  fetched: z.number().int().nonnegative(),
  /** Records the initial sync will fetch, when RingCentral says (null when unknown). */
  total: z.number().int().nonnegative().nullable(),
  /**
   * While a fill runs: the calls its records made in the archive so far (a two-record RingOut
   * is one call, REALITY 12), so the line counts calls while the pacing counts records.
   */
  calls: z.number().int().nonnegative().nullable().optional(),
  message: z.string().nullable(),
  /** The archive holds every call from this moment (epoch ms) to now: "History since <date>"; null before the first page. */
  completeFrom: z.number().int().nonnegative().nullable(),
  /** Where the chosen depth reaches back to (epoch ms); null = everything RingCentral still keeps. */
  depthFrom: z.number().int().nonnegative().nullable(),
  /** Seconds the rest of the fill takes at RingCentral's rate limit, when it can be estimated. */
  secondsLeft: z.number().nonnegative().nullable(),
  /** History (Heavy) requests RingCentral allows a minute, as the rate planner knows it; null when unknown. */
  requestsPerMinute: z.number().int().positive().nullable(),
});

export type SyncProgress = z.infer<typeof syncProgressSchema>;

export { IDLE_SYNC } from './idle-sync';
