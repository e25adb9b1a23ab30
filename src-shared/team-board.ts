/**
 * The team board's model (issue 29), shared by the core, the IPC contract and the renderer:
 * the team's people (from the company directory) and each one's live RingOut calls, both legs
 * in the popover's own states. Words and colours are derived at display time
 * (leg-labels.ts, leg-tone.ts); nothing here is a sentence.
 */
import { z } from 'zod';
import { LEG_STATES, type LegState } from './leg-state';

/** The team board's window (its screenshots are taken at this size). */
export const TEAM_BOARD_SIZE = { width: 960, height: 640 };

export const teamMemberSchema = z.object({
  extensionId: z.string(),
  name: z.string(),
  extensionNumber: z.string().nullable(),
  department: z.string().nullable(),
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

const boardLegSchema = z.object({ state: z.enum(LEG_STATES), since: z.number() });
export type BoardLeg = z.infer<typeof boardLegSchema>;

export const boardCallSchema = z.object({
  telephonySessionId: z.string(),
  /** Whose call it is (the extension of the RingOut's Initiator party). */
  extensionId: z.string(),
  /** Your phone rung first (the caller leg) and the other party (the callee leg), as RingCentral sent them. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  caller: boardLegSchema,
  callee: boardLegSchema,
  startedAt: z.number(),
  /** Set at once when the call is seen to end; the call stays on the board a short while after. */
  endedAt: z.number().nullable(),
  revision: z.number(),
});
export type BoardCall = z.infer<typeof boardCallSchema>;

/**
 * Who may see the board is what RingCentral says: the account-level telephony events are
 * answered only for admins and users an admin gave that permission (the leads).
 */
export const boardAccessSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signedOut') }),
  z.object({ kind: z.literal('starting') }),
  z.object({ kind: z.literal('allowed') }),
  /** RingCentral refused the account-level events (403 CMN-408 and the like): not an admin or lead. */
  z.object({ kind: z.literal('askAdmin') }),
  /** Push could not be had for another reason (network, server); retried. */
  z.object({ kind: z.literal('unavailable'), problem: z.string() }),
]);
export type BoardAccess = z.infer<typeof boardAccessSchema>;

export const boardSnapshotSchema = z.object({
  access: boardAccessSchema,
  members: z.array(teamMemberSchema),
  calls: z.array(boardCallSchema),
  /** False while live events are not arriving (push down): the board polls the calls it knows. */
  live: z.boolean(),
});
export type BoardSnapshot = z.infer<typeof boardSnapshotSchema>;

/** At a glance, what a person is doing, from their calls' legs (the newest live call first). */
export type PresenceKind = 'idle' | 'ringing' | 'talking' | 'busy' | 'notAnswering' | 'failed' | 'ended';

const FAILED: ReadonlySet<LegState> = new Set(['rejected', 'blocked', 'wrongNumber', 'failed', 'voicemail']);

/** One call's presence: the caller leg decides until your phone answered, the callee leg after. */
export function callPresence(call: Pick<BoardCall, 'caller' | 'callee' | 'endedAt'>): PresenceKind {
  const { caller, callee } = call;
  if (callee.state === 'busy' || caller.state === 'busy') return 'busy';
  if (callee.state === 'noAnswer' || caller.state === 'noAnswer') return 'notAnswering';
  if (callee.state === 'connected' || callee.state === 'voicemail') return call.endedAt === null ? 'talking' : 'ended';
  if (FAILED.has(caller.state) || FAILED.has(callee.state)) return 'failed';
  if (call.endedAt !== null) return 'ended';
  if (caller.state === 'ringing' || callee.state === 'ringing' || caller.state === 'connected' || caller.state === 'waiting') return 'ringing';
  return 'ended';
}

/** A person's presence: their live call if any, else their latest call's outcome, else idle. */
export function personPresence(calls: readonly BoardCall[]): PresenceKind {
  const live = calls.filter((c) => c.endedAt === null).sort((a, b) => b.startedAt - a.startedAt);
  if (live[0]) return callPresence(live[0]);
  const latest = [...calls].sort((a, b) => b.startedAt - a.startedAt)[0];
  return latest ? callPresence(latest) : 'idle';
}

/** The board's IPC requests (spread into ipc-contract.ts). */
export const teamBoardInvokeSchemas = {
  /** Opens the board (the team directory, whether this user may see it) and answers what it shows now. */
  'teamBoard.open': z.object({}).strict(),
} as const;

export interface TeamBoardInvokeResponses {
  'teamBoard.open': BoardSnapshot;
}

/** What the board tells a window: everything at once, one call changed, or one call gone. */
export const boardUpdateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('snapshot'), snapshot: boardSnapshotSchema }),
  z.object({ kind: z.literal('call'), call: boardCallSchema }),
  z.object({ kind: z.literal('removed'), telephonySessionId: z.string() }),
]);
export type BoardUpdate = z.infer<typeof boardUpdateSchema>;

export interface TeamBoardEventPayloads {
  'teamBoard.changed': BoardUpdate;
}
