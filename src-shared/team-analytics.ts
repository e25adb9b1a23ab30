/**
 * Team analytics (issue 29) between main and the renderer: the request (a period and the
 * viewer's offset, validated like the personal analytics') and the report.
 */
import { z } from 'zod';
import type { LegState } from './leg-state';
import { analyticsRequestSchema, type AnalyticsBucket } from './annotations';
import type { TeamEditsElsewhere } from './team-notes';

/** The period (ms since the epoch, `to` exclusive) and the viewer's offset from UTC, as for the personal analytics. */
export const teamAnalyticsRequestSchema = analyticsRequestSchema;
export type TeamAnalyticsRequest = z.infer<typeof teamAnalyticsRequestSchema>;

/** The report's tables, each exported alone as CSV. */
export const teamAnalyticsTableSchema = z.enum(['people', 'hours', 'failed']);
export type TeamAnalyticsTable = z.infer<typeof teamAnalyticsTableSchema>;

export interface TeamPersonBucket extends AnalyticsBucket {
  /** The person's extension id (the bucket's key) and name where the team archive knows it (its directory, else the login bound to it). */
  name: string | null;
  /** From the team archive's copy of the company directory (null: not in it). */
  extensionNumber: string | null;
  department: string | null;
  /** When the person left the company directory (ms); null while listed, or not known there. */
  goneSince: number | null;
}

export interface TeamFailedNumber {
  number: string;
  /** Failed callee legs, by the leg state they ended in (busy, noAnswer, …). */
  byState: Partial<Record<LegState, number>>;
  failed: number;
  /** All the team's RingOut calls to the number in the period. */
  calls: number;
}

export interface TeamAnalyticsReport {
  from: number;
  to: number;
  /** The team's totals (everyone's calls, counts only). */
  team: AnalyticsBucket;
  /** One bucket per person the viewer may see (a member: themselves; a lead: everyone), by name (those without one last, by extension id). */
  byPerson: TeamPersonBucket[];
  /** The team's calls by hour of day "00".."23". */
  byHour: AnalyticsBucket[];
  topFailed: TeamFailedNumber[];
  /** The archive's first and last call and when the collector last wrote (null: nothing yet). */
  coverage: { firstCall: number | null; lastCall: number | null; collectedAt: number | null };
  /** Each query's time (ms), for the bench. */
  timings: { byPerson: number; byHour: number; topFailed: number; coverage: number };
}

/** Settings → Team archive: the address (no password in it) and a new password, or null to leave the saved one. */
export const teamArchiveSetSchema = z.object({ url: z.string().trim().max(500).nullable(), password: z.string().max(500).nullable() }).strict();
export type TeamArchiveSet = z.infer<typeof teamArchiveSetSchema>;

/** What the Settings section shows: never the password, only whether one is saved. */
export interface TeamArchiveView {
  url: string | null;
  hasPassword: boolean;
  /** RINGSIDE_TEAM_DATABASE_URL is set: it wins over the address in Settings. */
  fromEnvironment: boolean;
  /** After a save: the archive answered (null: not checked, e.g. team mode turned off). */
  reachable: boolean | null;
  /** Edits made here for other team archives, still waiting for them (sent when that archive is configured again). */
  waitingElsewhere: TeamEditsElsewhere[];
}
