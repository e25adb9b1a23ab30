/**
 * Who and why: contact names, a note and a disposition per call, favourites and recents, and
 * the per-leg analytics report. One definition each, used by the core, main and the renderer.
 */
import { z } from 'zod';
import type { LegState } from './leg-state';
// Free of zod, so the renderer's first chunk can use it without loading zod.
import { NOTE_MAX } from './note-max';

/** Where a name came from, best first: the user's own address book, the company directory, the call log. */
export const NAME_SOURCES = ['contact', 'directory', 'callLog'] as const;
export type NameSource = (typeof NAME_SOURCES)[number];

export { NOTE_MAX };
export const DISPOSITION_MAX = 40;
export const DISPOSITIONS_MAX = 20;
export const DEFAULT_DISPOSITIONS: readonly string[] = ['Reached', 'Left voicemail', 'Wrong number', 'Call back'];

const disposition = z.string().trim().min(1).max(DISPOSITION_MAX);

/** The user's list of dispositions, in the order they are offered. */
export const dispositionListSchema = z
  .array(disposition)
  .max(DISPOSITIONS_MAX)
  .refine((list) => new Set(list.map((d) => d.toLowerCase())).size === list.length, 'Each disposition may appear only once.');

/** A call's note and disposition (null clears it). */
export const annotationSchema = z.object({
  note: z.string().max(NOTE_MAX).nullable(),
  disposition: disposition.nullable(),
});
export type Annotation = z.infer<typeof annotationSchema>;

/**
 * Which call: `id` is a history row's id; `callId` a call placed from Ringside, before or after
 * the call log confirmed it (its note follows it to the confirmed record).
 */
export const callRefSchema = z
  .object({ id: z.string().min(1).max(200).optional(), callId: z.string().min(1).max(200).optional() })
  .strict()
  .refine((r) => (r.id === undefined) !== (r.callId === undefined), 'Give either id or callId.');
export type CallRef = z.infer<typeof callRefSchema>;

/** A number offered for a quick call: a favourite or a recent one, with how its last call ended. */
export interface QuickNumber {
  number: string;
  name: string | null;
  favourite: boolean;
  last: { startTime: string; ringOut: boolean; callerState: LegState | null; calleeState: LegState | null; result: string | null } | null;
}

/** How the other side's leg (or your phone's) ended, in the analytics' buckets (stacked in this order). */
export const ANALYTICS_OUTCOMES = ['answered', 'busy', 'noAnswer', 'declined', 'voicemail', 'notCalled', 'other'] as const;
export type AnalyticsOutcome = (typeof ANALYTICS_OUTCOMES)[number];
export type OutcomeCounts = Record<AnalyticsOutcome, number>;

export const analyticsRequestSchema = z
  .object({
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
    /** The viewer's offset from UTC (minutes east), so days and hours are the viewer's own. */
    utcOffsetMinutes: z
      .number()
      .int()
      .min(-14 * 60)
      .max(14 * 60),
  })
  .strict()
  .refine((r) => r.to >= r.from, 'The period ends before it starts.');
export type AnalyticsRequest = z.infer<typeof analyticsRequestSchema>;

export interface AnalyticsBucket {
  /**
   * A day (YYYY-MM-DD, the viewer's calendar), a week (the YYYY-MM-DD of its Monday), a month
   * (YYYY-MM) or an hour of day ("00".."23").
   */
  key: string;
  calls: number;
  yours: OutcomeCounts;
  theirs: OutcomeCounts;
}

export interface AnalyticsReport {
  from: number;
  to: number;
  /** RingOut calls in the period (the only calls with both legs). */
  calls: number;
  yours: OutcomeCounts;
  theirs: OutcomeCounts;
  byDay: AnalyticsBucket[];
  /** The same days by calendar week (Monday first) and by month, for long periods. */
  byWeek: AnalyticsBucket[];
  byMonth: AnalyticsBucket[];
  byHour: AnalyticsBucket[];
  /** Numbers whose callee leg failed most often (busy, no answer, rejected, blocked…). */
  topFailed: Array<{ number: string; name: string | null; failed: number; calls: number }>;
  /** How long each query took in the archive, ms (shown in the bench, useful in bug reports). */
  timings: Record<'byDay' | 'byHour' | 'topFailed', number>;
}

export const emptyCounts = (): OutcomeCounts => ({ answered: 0, busy: 0, noAnswer: 0, declined: 0, voicemail: 0, notCalled: 0, other: 0 });
