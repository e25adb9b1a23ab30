/**
 * The per-call state machine, as pure functions: each input (a RingOut status answer, a
 * telephony-session party event, the end of the call, its call-log record) gives the next
 * TrackedCall and the leg changes it caused. A change is reported only when a leg's state
 * really changes; stale or repeated inputs change nothing.
 */
import type { CallLogRecord } from '../../../src-shared/call-log';
import {
  EVIDENCE_RANK,
  isInProgress,
  type EndRequest,
  type Evidence,
  type LegChange,
  type LegSource,
  type LegTrack,
  type TrackedCall,
} from '../../../src-shared/calls';
import { isLegFinal, legState, ringOutStatusState, type LegState } from '../../../src-shared/leg-state';
import { acceptsCorrection, refines } from '../../../src-shared/leg-refinement';
import { deriveLegs } from './derive-legs';
import { explainLiveLegs, explainOutcome, PROBLEM_WORDS } from './explain';
import type { TelephonyEvent, TelephonyParty } from './telephony-push';

export interface StatusInput {
  callStatus?: string | undefined;
  callerStatus?: string | undefined;
  calleeStatus?: string | undefined;
}

export interface PartyInput {
  partyId: string;
  sequence: number;
  role: 'caller' | 'callee';
  code: string;
  reason?: string | undefined;
  sessionId?: string | undefined;
  telephonySessionId?: string | undefined;
  /** The number the party's phone is (your party: `to`), to say where a moved call went. */
  phoneNumber?: string | undefined;
}

/**
 * Which leg a telephony party is, and the input it gives the machine: your party (the
 * Initiator, or one with an extension) is the caller leg, the other party the callee leg.
 * The one rule for the personal tracker and the team board.
 */
export function partyInputOf(event: Pick<TelephonyEvent, 'sequence' | 'sessionId' | 'telephonySessionId'>, party: TelephonyParty): PartyInput {
  const role = party.ringOutRole === 'Initiator' ? 'caller' : party.ringOutRole === 'Target' ? 'callee' : party.extensionId ? 'caller' : 'callee';
  return {
    partyId: party.id,
    sequence: event.sequence,
    role,
    code: party.status.code,
    reason: party.status.reason,
    sessionId: event.sessionId,
    telephonySessionId: event.telephonySessionId,
    phoneNumber: role === 'caller' ? party.to?.phoneNumber : undefined,
  };
}

/** Party status reasons that mean your side moved to another phone: the call goes on (REALITY 20). */
const MOVE_REASONS: Record<string, 'moved' | 'pickedUp'> = { CallSwitch: 'moved', Pickup: 'pickedUp' };
/** Transfers end your leg while the session goes on (REALITY 20). */
const TRANSFER_REASONS = new Set(['BlindTransfer', 'AttendedTransfer', 'Transfer', 'WarmTransfer']);

export interface Step {
  call: TrackedCall;
  changes: LegChange[];
  /** True when anything about the call changed (worth saving and pushing to windows). */
  updated: boolean;
}

type Leg = 'caller' | 'callee';

/** Calls saved before evidence was recorded: a confirmed leg came from the call log, others count as inference. */
function evidenceOf(track: LegTrack): Evidence {
  return track.evidence ?? (track.confirmed ? 'callLog' : 'local');
}

function newLeg(state: LegState, at: number): LegTrack {
  return { state, raw: null, evidence: 'local', since: at, confirmed: false, history: [{ state, raw: null, at, source: 'local' }] };
}

export function newCall(
  input: { id: string; to: string; toName?: string | null; from: string; callerId: string | null; playPrompt: boolean },
  now: number,
): TrackedCall {
  return {
    id: input.id,
    ringOutId: null,
    to: input.to,
    toName: input.toName ?? null,
    from: input.from,
    callerId: input.callerId,
    playPrompt: input.playPrompt,
    createdAt: now,
    endedAt: null,
    connectedAt: null,
    phase: 'placing',
    caller: newLeg('waiting', now),
    callee: newLeg('waiting', now),
    sessionId: null,
    telephonySessionId: null,
    recordId: null,
    explanation: null,
    problem: null,
    lastContactAt: now,
    reconcileAttempts: 0,
    partySequences: {},
    ending: null,
  };
}

class Draft {
  call: TrackedCall;
  changes: LegChange[] = [];
  updated = false;

  constructor(call: TrackedCall) {
    this.call = { ...call, caller: { ...call.caller }, callee: { ...call.callee }, partySequences: { ...call.partySequences } };
  }

  /** Records contact with RingCentral; not a change worth reporting on its own. */
  touch(at: number): void {
    this.call.lastContactAt = at;
  }

  set<K extends keyof TrackedCall>(key: K, value: TrackedCall[K]): void {
    if (this.call[key] === value) return;
    this.call[key] = value;
    this.updated = true;
  }

  /**
   * Sets a leg from one piece of evidence, by the one rule of src-shared/leg-refinement.ts: a
   * shown state changes only when the new one refines it (whatever the source), or when the
   * call log corrects it (never to something vaguer, never back to a state already shown).
   * Evidence strength only decides what stands behind an unchanged state. A stale "still
   * ringing" never undoes an outcome. A change after the call ended is marked as an update,
   * said once.
   */
  leg(leg: Leg, state: LegState, raw: string | null, evidence: Evidence, source: LegSource, at: number): void {
    const current = this.call[leg];
    const currentRank = EVIDENCE_RANK[evidenceOf(current)];
    const stronger = EVIDENCE_RANK[evidence] > currentRank;
    if (state === current.state) {
      const confirm = evidence === 'callLog' && (!current.confirmed || current.raw !== raw);
      if (stronger || confirm || (EVIDENCE_RANK[evidence] === currentRank && raw && current.raw !== raw)) {
        this.call[leg] = {
          ...current,
          raw: raw ?? current.raw,
          evidence: stronger ? evidence : evidenceOf(current),
          confirmed: current.confirmed || evidence === 'callLog',
        };
        this.updated = true;
      }
      return;
    }
    const corrected =
      evidence === 'callLog' &&
      !current.confirmed &&
      acceptsCorrection(
        current.state,
        state,
        current.history.map((h) => h.state),
      );
    if (!refines(current.state, state) && !corrected) return;
    const over = this.call.phase !== 'placing' && this.call.phase !== 'live';
    const update = over && isLegFinal(current.state);
    this.call[leg] = {
      state,
      raw,
      evidence,
      since: at,
      confirmed: evidence === 'callLog',
      history: [...current.history, { state, raw, at, source, ...(update ? { update } : {}) }],
    };
    this.changes.push({ callId: this.call.id, leg, from: current.state, to: state, at, source, ...(update ? { update } : {}) });
    // The talk begins when the other party (or their voicemail) answers, as seen live.
    if (leg === 'callee' && (state === 'connected' || state === 'voicemail') && this.call.connectedAt == null && isInProgress(this.call)) {
      this.call.connectedAt = at;
    }
    this.updated = true;
  }

  /** Your phone failed, so the other party will never be dialled. */
  inferNotCalled(at: number, source: LegSource): void {
    const caller = this.call.caller.state;
    if (isLegFinal(caller) && caller !== 'connected' && caller !== 'voicemail' && this.call.callee.state === 'waiting') {
      this.leg('callee', 'notCalled', null, 'local', source, at);
    }
  }

  end(at: number): void {
    if (isInProgress(this.call)) {
      this.set('phase', 'ended');
      this.set('endedAt', at);
    }
    if (this.call.ending) this.set('ending', null);
  }

  done(): Step {
    const updated = this.updated || this.changes.length > 0;
    if (updated) this.call.revision = (this.call.revision ?? 0) + 1;
    return { call: this.call, changes: this.changes, updated };
  }
}

/** POST ring-out answered: the call exists at RingCentral. */
export function placed(call: TrackedCall, ringOutId: string, status: StatusInput, now: number): Step {
  const draft = new Draft(call);
  draft.set('ringOutId', ringOutId);
  if (draft.call.phase === 'placing') draft.set('phase', 'live');
  const step = applyStatus(draft.done().call, status, now);
  return { ...step, updated: true };
}

export function placementFailed(call: TrackedCall, problem: string, now: number): Step {
  const draft = new Draft(call);
  draft.set('phase', 'failed');
  draft.set('endedAt', now);
  draft.set('problem', problem);
  return draft.done();
}

/** A RingOut status answer (polling). */
export function applyStatus(call: TrackedCall, status: StatusInput, now: number): Step {
  const draft = new Draft(call);
  draft.touch(now);
  const callerRaw = status.callerStatus ?? null;
  const calleeRaw = status.calleeStatus ?? null;
  // "NoSessionFound": the session is gone, which says only that the leg stopped (hung up
  // when the user asked to end it). A leg not dialled yet learns nothing from it.
  const stateOf = (raw: string) => (raw === 'NoSessionFound' ? (draft.call.ending ? 'hungUp' : 'ended') : ringOutStatusState(raw));
  const gone = (leg: Leg, raw: string | null) => raw === 'NoSessionFound' && draft.call[leg].state === 'waiting';
  if (callerRaw && !gone('caller', callerRaw)) draft.leg('caller', stateOf(callerRaw), callerRaw, 'status', 'status', now);
  if (calleeRaw && !gone('callee', calleeRaw)) {
    const callee = stateOf(calleeRaw);
    // "InProgress" for the other party means ringing only once your phone has answered, by this
    // same answer's word (a push "Answered" may be your voicemail, which RingOut reads as
    // NoAnsweringMachine: the other party is then never dialled).
    const callerAnswered = callerRaw ? ringOutStatusState(callerRaw) === 'connected' : draft.call.caller.state === 'connected';
    const state = callee === 'ringing' && !callerAnswered ? 'waiting' : callee;
    draft.leg('callee', state, calleeRaw, 'status', 'status', now);
  }
  draft.inferNotCalled(now, 'status');
  const overall = ringOutStatusState(status.callStatus ?? null);
  // A failed call is over; a connected one ("Success") lasts until RingCentral forgets it.
  if (isLegFinal(overall) && overall !== 'connected' && overall !== 'voicemail') draft.end(now);
  return draft.done();
}

function partyState(input: PartyInput, current: LegState): LegState | null {
  switch (input.code) {
    case 'Setup':
    case 'Proceeding':
      return 'ringing';
    case 'Answered':
      return 'connected';
    case 'VoiceMail':
      return 'voicemail';
    case 'Disconnected':
      switch (input.reason) {
        case 'TargetBusy':
          return 'busy';
        case 'NoAnswer':
        case 'Timeout':
          return 'noAnswer';
        case 'Rejected':
          return 'rejected';
        case 'InternationalDisabled':
        case 'DestinationBlocked':
        case 'NotEnoughFunds':
          return 'blocked';
        case 'InvalidNumber':
        case 'NoSuchUser':
          return 'wrongNumber';
        case 'InternalError':
          return 'failed';
        case undefined:
        case '':
          // No reason at all (common in reality, whether busy, unanswered or declined): the leg
          // stopped, and a status poll or the call log will say why.
          return current === 'connected' || current === 'voicemail' ? null : 'ended';
        default:
          // Hung up or finished: a ringing leg was stopped; one that already ended (answered, or
          // stopped without a reason) keeps what it showed: "finished" says nothing more.
          return isLegFinal(current) ? null : 'hungUp';
      }
    default:
      return null;
  }
}

/** A telephony-session party event (push). Older or repeated sequences are ignored. */
export function applyParty(call: TrackedCall, input: PartyInput, now: number): Step {
  const draft = new Draft(call);
  const last = draft.call.partySequences[input.partyId] ?? -1;
  if (input.sequence <= last) return draft.done();
  draft.call.partySequences[input.partyId] = input.sequence;
  draft.touch(now);
  if (input.sessionId && !draft.call.sessionId) draft.set('sessionId', input.sessionId);
  if (input.telephonySessionId && !draft.call.telephonySessionId) draft.set('telephonySessionId', input.telephonySessionId);
  if (input.role === 'caller' && followHandoff(draft, input, now)) return draft.done();
  const state = partyState(input, draft.call[input.role].state);
  if (state) draft.leg(input.role, state, input.reason ? `${input.code} (${input.reason})` : input.code, input.reason ? 'pushReason' : 'push', 'push', now);
  draft.inferNotCalled(now, 'push');
  const callerOver = input.role === 'caller' && input.code === 'Disconnected';
  if (callerOver && (draft.call.callee.state === 'notCalled' || isLegFinal(draft.call.callee.state))) draft.end(now);
  if (input.role === 'callee' && input.code === 'Disconnected' && isLegFinal(draft.call.caller.state)) draft.end(now);
  return draft.done();
}

/**
 * REALITY 20: your party's `Disconnected` with `CallSwitch` or `Pickup` is not the end: the
 * session goes on under a new party of yours, whose answer says which phone it went to.
 * True when the event was such a move (nothing else to do with it).
 */
function followHandoff(draft: Draft, input: PartyInput, now: number): boolean {
  const handoff = draft.call.handoff;
  // The party that left says nothing more about the call (a repeat, a late event).
  if (handoff?.fromParty === input.partyId) return true;
  const moved = input.code === 'Disconnected' && input.reason ? MOVE_REASONS[input.reason] : undefined;
  if (moved) {
    draft.set('handoff', { kind: moved, at: now, to: null, fromParty: input.partyId });
    return true;
  }
  if (handoff && handoff.kind !== 'transferred' && input.code === 'Answered' && input.phoneNumber && handoff.to === null) {
    // Your new party answered: that is the phone the call went to.
    draft.set('handoff', { ...handoff, to: input.phoneNumber });
  }
  if (input.code === 'Disconnected' && input.reason && TRANSFER_REASONS.has(input.reason)) {
    draft.set('handoff', { kind: 'transferred', at: now, to: null, fromParty: input.partyId });
  }
  return false;
}

/** The user asked to end the call (cancel or hang up); tracking goes on until RingCentral confirms. */
export function endRequested(call: TrackedCall, method: EndRequest['method'], now: number): Step {
  const draft = new Draft(call);
  draft.set('ending', { at: now, method });
  draft.set('problem', null);
  return draft.done();
}

/** The call's telephony session, learnt without push (from the active calls, REALITY 28). */
export function sessionFound(call: TrackedCall, telephonySessionId: string): Step {
  const draft = new Draft(call);
  if (!draft.call.telephonySessionId) draft.set('telephonySessionId', telephonySessionId);
  return draft.done();
}

/** RingCentral did not end the call (refused, or it goes on): say so, and stop showing "ending". */
export function endFailed(call: TrackedCall, problem: string): Step {
  const draft = new Draft(call);
  draft.set('ending', null);
  draft.set('problem', problem);
  return draft.done();
}

/** RingCentral no longer knows the call (404), or its end was confirmed: it is over. */
export function ended(call: TrackedCall, now: number, cancelled = false): Step {
  const draft = new Draft(call);
  if (cancelled) {
    for (const leg of ['caller', 'callee'] as const) {
      const state = draft.call[leg].state;
      if (state === 'ringing') draft.leg(leg, 'hungUp', 'Cancelled', 'local', 'local', now);
    }
    // Cancelled before your phone answered: the other party was never dialled. (After it
    // answered, theirs may have been dialled between two looks: the call log tells.)
    const answered = draft.call.caller.state === 'connected' || draft.call.caller.state === 'voicemail';
    if (draft.call.callee.state === 'waiting' && !answered) draft.leg('callee', 'notCalled', 'Cancelled', 'local', 'local', now);
  }
  draft.inferNotCalled(now, 'local');
  draft.end(now);
  return draft.done();
}

/** The call's Detailed call-log record: each leg's outcome is now confirmed. */
export function confirmed(call: TrackedCall, record: CallLogRecord): Step {
  const draft = new Draft(call);
  const at = Date.parse(record.lastModifiedTime ?? record.startTime) || call.lastContactAt;
  const legs = deriveLegs(record);
  // A record without legs (or without one of them) says nothing about that leg: keep what was seen.
  if (legs.callerStatus !== null) draft.leg('caller', legState(legs.callerStatus), legs.callerStatus, 'callLog', 'callLog', at);
  if (legs.calleeStatus !== null) draft.leg('callee', legState(legs.calleeStatus), legs.calleeStatus, 'callLog', 'callLog', at);
  draft.set('recordId', record.id);
  if (record.sessionId) draft.set('sessionId', record.sessionId);
  if (record.telephonySessionId && !draft.call.telephonySessionId) draft.set('telephonySessionId', record.telephonySessionId);
  if (draft.call.ending) draft.set('ending', null);
  draft.set('phase', 'confirmed');
  if (draft.call.endedAt === null) draft.set('endedAt', at);
  draft.set('explanation', explainOutcome(legs.callerStatus, legs.calleeStatus));
  draft.set('problem', null);
  if (draft.call.callLogPending) draft.set('callLogPending', false);
  return draft.done();
}

/** What the user is told when the call log has not (completely) shown a call in time. */
export const NOT_YET_LOGGED = PROBLEM_WORDS.notYetLogged;

/**
 * The call log has not shown the whole call in the time Ringside waits: keep what was seen
 * live (and what a partial record already says about the legs it has), mark the call "not
 * yet in the call log" and let the next history sync refine it.
 */
export function notYetLogged(call: TrackedCall, partial: CallLogRecord | null, now: number): Step {
  const draft = new Draft(call);
  if (partial) {
    const legs = deriveLegs(partial);
    const at = Date.parse(partial.lastModifiedTime ?? partial.startTime) || now;
    if (legs.callerStatus !== null) draft.leg('caller', legState(legs.callerStatus), legs.callerStatus, 'callLog', 'callLog', at);
    draft.set('recordId', partial.id);
    if (partial.sessionId && !draft.call.sessionId) draft.set('sessionId', partial.sessionId);
    if (partial.telephonySessionId && !draft.call.telephonySessionId) draft.set('telephonySessionId', partial.telephonySessionId);
  }
  draft.end(now);
  draft.set('phase', 'unknown');
  draft.set('callLogPending', true);
  draft.set('problem', call.problem ?? NOT_YET_LOGGED);
  draft.set('explanation', liveExplanation(draft.call));
  return draft.done();
}

function liveExplanation(call: TrackedCall): string {
  return explainLiveLegs(call.caller, call.callee);
}

export function reconcileAttempted(call: TrackedCall): TrackedCall {
  return { ...call, reconcileAttempts: call.reconcileAttempts + 1 };
}

/** The call log never showed the call: keep what was seen live and say why it is not confirmed. */
export function outcomeUnknown(call: TrackedCall, problem: string, now: number): Step {
  const draft = new Draft(call);
  draft.end(now);
  draft.set('phase', 'unknown');
  draft.set('problem', problem);
  draft.set('callLogPending', true);
  draft.set('explanation', liveExplanation(draft.call));
  return draft.done();
}
