import { z } from 'zod';
import { LEG_STATES, type LegState } from './leg-state';

/** Where a tracked call is in its life. */
export type CallPhase =
  /** Ringside is asking RingCentral to place it. */
  | 'placing'
  /** RingCentral is ringing or connecting the legs. */
  | 'live'
  /** The call is over; Ringside waits for the call log to confirm each leg. */
  | 'ended'
  /** The call log agrees: both legs' outcomes are final. */
  | 'confirmed'
  /** The call log never showed the call; the outcome stays as last seen, with the reason. */
  | 'unknown'
  /** RingCentral refused to place it. */
  | 'failed';

export type LegSource = 'status' | 'push' | 'callLog' | 'local';

/**
 * How much a leg's outcome can be trusted, weakest first: Ringside's own inference, a push
 * event without a reason, one with a reason, the RingOut status, the call log's legs[].
 * Weaker evidence never overrides stronger; stronger always refines weaker.
 */
export type Evidence = 'local' | 'push' | 'pushReason' | 'status' | 'callLog';
export const EVIDENCE_RANK: Record<Evidence, number> = { local: 0, push: 1, pushReason: 2, status: 3, callLog: 4 };

/** The user asked to end the call; Ringside keeps tracking until RingCentral confirms the end. */
export interface EndRequest {
  at: number;
  /** `cancel` (DELETE ring-out, before your phone answered) or `hangUp` (Call Control). */
  method: 'cancel' | 'hangUp';
}

export interface LegChangeEntry {
  state: LegState;
  /** RingCentral's own word for it (RingOut status, party status or call-log result). */
  raw: string | null;
  at: number;
  source: LegSource;
  /** True when better evidence changed a leg after the call had ended (say it once, as an update). */
  update?: boolean;
}

export interface LegTrack {
  state: LegState;
  raw: string | null;
  /** The strength of the evidence behind `state` (absent in calls saved by older versions: local). */
  evidence?: Evidence;
  since: number;
  /** True once the call log has confirmed this leg. */
  confirmed: boolean;
  history: LegChangeEntry[];
}

/**
 * Your side of the call left the phone Ringside rang (REALITY 20): moved to another of your
 * phones (`CallSwitch`), picked up elsewhere (`Pickup`), or transferred away (`BlindTransfer`
 * and other transfers, which end your leg while the session goes on). Words are derived at
 * display time (src-shared/leg-labels.ts `handoffSentence`).
 */
export interface Handoff {
  kind: 'moved' | 'pickedUp' | 'transferred';
  at: number;
  /** The phone your side went to, once its party answered (E.164 as RingCentral sent it), or null. */
  to: string | null;
  /** The party of yours that left (its later events change nothing). */
  fromParty?: string;
}

export interface TrackedCall {
  /** Ringside's own id (the RingOut id is unknown while placing). */
  id: string;
  ringOutId: string | null;
  /** The other party, E.164. */
  to: string;
  toName: string | null;
  /** The user's phone rung first ("ring me at"), E.164. */
  from: string;
  callerId: string | null;
  playPrompt: boolean;
  createdAt: number;
  /** When Ringside learnt the call was over (set at once, before the call log confirms the legs). */
  endedAt: number | null;
  /**
   * When the other party answered (or their voicemail did): the talk began. With `endedAt`,
   * the talk time an ended call shows at once. Absent in calls saved by older versions.
   */
  connectedAt?: number | null;
  phase: CallPhase;
  caller: LegTrack;
  callee: LegTrack;
  sessionId: string | null;
  telephonySessionId: string | null;
  recordId: string | null;
  /** Plain-language outcome, once the call is over. */
  explanation: string | null;
  /** Why the call failed or its outcome is unknown. */
  problem: string | null;
  lastContactAt: number;
  reconcileAttempts: number;
  /**
   * Counts the changes of this call (one more with each): a window that receives an older copy
   * (an answer to "call" or "cancel" that crossed newer events) keeps the newer one. Absent in
   * calls saved by older versions (0).
   */
  revision?: number;
  /** Highest telephony-session sequence seen per party id (push events can repeat or reorder). */
  partySequences: Record<string, number>;
  /** Set while an end (cancel or hang-up) is requested but not yet confirmed; absent or null otherwise. */
  ending?: EndRequest | null;
  /**
   * True when the call ended but RingCentral's call log had not (completely) shown it when
   * Ringside stopped checking: the outcome is what was seen live, and the next history sync
   * refines it from the record. Absent in calls saved by older versions.
   */
  callLogPending?: boolean;
  /** Where your side of the call went when it left the phone Ringside rang (REALITY 20); absent otherwise. */
  handoff?: Handoff | null;
}

export interface LegChange {
  callId: string;
  leg: 'caller' | 'callee';
  from: LegState;
  to: LegState;
  at: number;
  source: LegSource;
  /** True when better evidence changed a leg after the call had ended (say it once, as an update). */
  update?: boolean;
}

// The call's phase rules, kept free of zod so the renderer's first chunk does not load it.
export { isActive, isInProgress, isSettled, isOver, talkSeconds, isSameOrNewer } from './call-phases';

const legChangeEntrySchema = z.looseObject({
  state: z.enum(LEG_STATES),
  raw: z.string().nullable(),
  at: z.number(),
  source: z.enum(['status', 'push', 'callLog', 'local']),
  update: z.boolean().optional(),
});

const legTrackSchema = z.looseObject({
  state: z.enum(LEG_STATES),
  raw: z.string().nullable(),
  evidence: z.enum(['local', 'push', 'pushReason', 'status', 'callLog']).optional(),
  since: z.number(),
  confirmed: z.boolean(),
  history: z.array(legChangeEntrySchema),
});

/**
 * A tracked call as saved on disk (calls in flight survive a restart): checked when read back,
 * so a damaged or foreign file is reported, not trusted. Loose: a field a newer version added is kept.
 */
export const trackedCallSchema = z.looseObject({
  id: z.string().min(1),
  ringOutId: z.string().nullable(),
  to: z.string(),
  toName: z.string().nullable(),
  from: z.string(),
  callerId: z.string().nullable(),
  playPrompt: z.boolean(),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
  connectedAt: z.number().nullable().optional(),
  phase: z.enum(['placing', 'live', 'ended', 'confirmed', 'unknown', 'failed']),
  caller: legTrackSchema,
  callee: legTrackSchema,
  sessionId: z.string().nullable(),
  telephonySessionId: z.string().nullable(),
  recordId: z.string().nullable(),
  explanation: z.string().nullable(),
  problem: z.string().nullable(),
  lastContactAt: z.number(),
  reconcileAttempts: z.number(),
  revision: z.number().optional(),
  partySequences: z.record(z.string(), z.number()),
  ending: z
    .looseObject({ at: z.number(), method: z.enum(['cancel', 'hangUp']) })
    .nullable()
    .optional(),
  callLogPending: z.boolean().optional(),
  handoff: z
    .looseObject({ kind: z.enum(['moved', 'pickedUp', 'transferred']), at: z.number(), to: z.string().nullable(), fromParty: z.string().optional() })
    .nullable()
    .optional(),
}) satisfies z.ZodType<TrackedCall>;
