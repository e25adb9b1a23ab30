import type { SimClock } from '../clock';
import type { Random } from '../ids';
import * as ids from '../ids';
import type { LegInput, Party, RingOutFlavour } from '../call-log/record-builder';
import { callerOutcomeView, OUTCOMES, REASONLESS_FAILURES } from './outcomes';
import type { Scenario } from './scenarios';

export type PartyCode = 'Setup' | 'Proceeding' | 'Answered' | 'Disconnected' | 'VoiceMail';

/** One party of the RingOut's telephony session: your phone (Initiator) or theirs (Target). */
export interface PartyState {
  id: string;
  ringOutRole: 'Initiator' | 'Target';
  direction: 'Outbound';
  from: Party;
  to: Party;
  status: { code: PartyCode; reason?: string | undefined };
  /** Your party after you moved the call to another phone (REALITY 20): a new id, no `ringOutRole`. */
  moved?: true;
}

export interface RingOutStatus {
  callStatus: string;
  callerStatus: string;
  calleeStatus: string;
}

export interface RingOutCallInit {
  accountId: number;
  extensionId: number;
  userName: string;
  ringMeAt: string;
  to: string;
  callerId: string;
  playPrompt: boolean;
  scenario: Scenario;
  flavour: RingOutFlavour;
  /** Where a scenario's `switch` or `pickup` moves your side of the call (another of your phones). */
  switchTo?: string | undefined;
}

/** The live-service habits a call follows (see realism.ts). */
export interface CallHabits {
  cancelOnlyBeforeAnswer: boolean;
  disconnectedWithoutReason: boolean;
  answeredNotAccepted: boolean;
  /** Legacy accounts spell the status `NoSuchUser` (REALITY 6). */
  legacyRingOut: boolean;
  /** A scenario's handoff (move to another phone, blind transfer) happens (REALITY 20). */
  callSwitch?: boolean;
}

export const KIND_HABITS: CallHabits = { cancelOnlyBeforeAnswer: false, disconnectedWithoutReason: false, answeredNotAccepted: false, legacyRingOut: false };

/** The party status reasons a handoff ends your party with. */
export const HANDOFF_REASONS = { switch: 'CallSwitch', pickup: 'Pickup', blindTransfer: 'BlindTransfer' } as const;

/** What a DELETE ring-out did: ended the call, answered 204 while the call goes on, or found it over. */
export type CancelResult = 'ended' | 'ignored' | 'finished';

export interface RingOutCallEvents {
  partyChanged(call: RingOutCall, party: PartyState): void;
  ended(call: RingOutCall): void;
}

/** Small gaps between the steps a real switch takes (setup → ringing, answer → dial). */
const STEP_MS = 500;

/**
 * One simulated RingOut: your phone rings first; only if you answer is the other party
 * dialled. Runs on the simulator clock from its scenario and reports every party change.
 */
export class RingOutCall {
  /** The RingOut id as a string (the key clients use in the status path). */
  readonly id: string;
  /** Legacy accounts send the id as a JSON number (REALITY 5). */
  readonly numericId: number | null;
  readonly sessionId: string;
  readonly telephonySessionId: string;
  readonly startedAt: number;
  status: RingOutStatus = { callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' };
  /** Your party: after a move to another phone (REALITY 20), the new one. */
  caller: PartyState;
  callee: PartyState | null = null;
  connected = false;
  /** When your phone answered (the call is in progress on it from then on). */
  answeredAt: number | null = null;
  /** Simulated ms after the start at which both phones were connected (null: never). */
  private connectedSim: number | null = null;
  endedAt: number | null = null;
  cancelled = false;
  /** A DELETE ring-out came while your phone's leg was up: answered 204, the call went on. */
  cancelIgnored = false;
  /** Simulated ms since start at which each leg started and ended. */
  private callerLeg: { startSim: number; endSim?: number; result?: string } = { startSim: 0 };
  private calleeLeg: { startSim: number; endSim?: number; result?: string } | null = null;
  private readonly pending = new Set<() => void>();
  private sequence = 0;

  constructor(
    readonly init: RingOutCallInit,
    private readonly clock: SimClock,
    random: Random,
    private readonly events: RingOutCallEvents,
    private readonly habits: CallHabits = KIND_HABITS,
  ) {
    this.numericId = habits.legacyRingOut ? 1000 + Math.floor(random() * 900_000) : null;
    this.id = this.numericId === null ? ids.ringOutId(random) : String(this.numericId);
    this.sessionId = ids.sessionId(random);
    this.telephonySessionId = ids.telephonySessionId(random);
    this.startedAt = clock.now();
    this.caller = {
      id: `p-${this.telephonySessionId.slice(2, 14)}-1`,
      ringOutRole: 'Initiator',
      direction: 'Outbound',
      from: { phoneNumber: init.callerId, name: init.userName },
      to: { phoneNumber: init.ringMeAt, name: init.userName },
      status: { code: 'Setup' },
    };
  }

  /** The session's next event sequence; `step` above 1 skips numbers (REALITY 19). */
  nextSequence(step = 1): number {
    this.sequence += step;
    return this.sequence;
  }

  /** Starts the scripted timeline; the first party event goes out at once. */
  start(): void {
    const { scenario } = this.init;
    this.emit(this.caller);
    this.at(STEP_MS, () => this.setParty(this.caller, 'Proceeding'));
    this.at(Math.max(scenario.caller.afterSeconds * 1000, STEP_MS * 2), () => this.callerDecides());
  }

  private callerDecides(): void {
    const { scenario } = this.init;
    const view = callerOutcomeView(scenario.caller.outcome);
    if (scenario.caller.outcome !== 'answer') {
      this.status = { ...this.status, callerStatus: view.ringOutStatus, callStatus: view.ringOutStatus };
      this.callerLeg.result = view.callLogResult;
      if (view.partyCode === 'VoiceMail' && this.init.playPrompt && this.habits.answeredNotAccepted) {
        // Your voicemail picks up, hears "press 1 to connect", and nobody presses it.
        this.callerLeg.result = 'Answered Not Accepted';
        this.setParty(this.caller, 'Answered');
        this.at(STEP_MS * 8, () => {
          this.setParty(this.caller, 'Disconnected');
          this.end();
        });
        return;
      }
      if (view.partyCode === 'VoiceMail') this.setParty(this.caller, 'VoiceMail', view.partyReason);
      this.setParty(this.caller, 'Disconnected', this.failureReason(scenario.caller.outcome, view.partyReason));
      this.end();
      return;
    }
    this.status = { ...this.status, callerStatus: 'Success' };
    this.answeredAt = this.clock.now();
    this.callerLeg.result = 'Call connected';
    this.setParty(this.caller, 'Answered');
    this.at(STEP_MS, () => this.dialCallee());
  }

  private dialCallee(): void {
    const { scenario, to, callerId, userName } = this.init;
    this.calleeLeg = { startSim: this.simNow() };
    this.callee = {
      id: `p-${this.telephonySessionId.slice(2, 14)}-2`,
      ringOutRole: 'Target',
      direction: 'Outbound',
      from: { phoneNumber: callerId, name: userName },
      to: { phoneNumber: to, name: scenario.calleeName },
      status: { code: 'Setup' },
    };
    this.emit(this.callee);
    this.at(STEP_MS, () => this.setParty(this.callee!, 'Proceeding'));
    this.at(Math.max(scenario.callee.afterSeconds * 1000, STEP_MS * 2), () => this.calleeDecides());
  }

  private calleeDecides(): void {
    const { scenario } = this.init;
    const view = OUTCOMES[scenario.callee.outcome];
    const callee = this.callee!;
    this.calleeLeg!.result = view.callLogResult;
    if (view.partyCode === 'Disconnected') {
      const calleeStatus = view.ringOutStatus === 'NosuchUser' && this.habits.legacyRingOut ? 'NoSuchUser' : view.ringOutStatus;
      this.status = { ...this.status, calleeStatus, callStatus: 'CannotReach' };
      const reason = this.failureReason(scenario.callee.outcome, view.partyReason);
      this.setParty(callee, 'Disconnected', reason);
      this.setParty(this.caller, 'Disconnected', reason === undefined ? undefined : 'CallFinished');
      this.end();
      return;
    }
    this.connected = true;
    this.connectedSim = this.simNow();
    this.status = { callStatus: 'Success', callerStatus: 'Success', calleeStatus: view.ringOutStatus };
    this.setParty(callee, view.partyCode, view.partyReason);
    const handoff = scenario.handoff;
    if (handoff && this.habits.callSwitch && handoff.afterSeconds < scenario.talkSeconds)
      this.at(handoff.afterSeconds * 1000, () => this.handOff(handoff.kind));
    this.at(scenario.talkSeconds * 1000, () => {
      this.setParty(callee, 'Disconnected', 'CallFinished');
      if (this.caller.status.code !== 'Disconnected') this.setParty(this.caller, 'Disconnected', 'CallFinished');
      this.end();
    });
  }

  /**
   * REALITY 20: a move to another of your phones ends your party with CallSwitch or Pickup and
   * the same session goes on under a new party id that answers; a blind transfer ends your
   * party while the other one talks on (to whoever you transferred to).
   */
  private handOff(kind: keyof typeof HANDOFF_REASONS): void {
    this.setParty(this.caller, 'Disconnected', HANDOFF_REASONS[kind]);
    if (kind === 'blindTransfer') return;
    const { userName, switchTo, ringMeAt } = this.init;
    this.caller = {
      id: `p-${this.telephonySessionId.slice(2, 14)}-3`,
      ringOutRole: 'Initiator',
      direction: 'Outbound',
      from: { ...this.caller.from },
      to: { phoneNumber: switchTo ?? ringMeAt, name: userName },
      status: { code: 'Setup' },
      moved: true,
    };
    this.emit(this.caller);
    this.at(STEP_MS, () => this.setParty(this.caller, 'Answered'));
  }

  /** The live service leaves out the reason of a busy, unanswered or rejected leg (REALITY 8). */
  private failureReason(outcome: string, reason: string | undefined): string | undefined {
    return this.habits.disconnectedWithoutReason && REASONLESS_FAILURES.has(outcome) ? undefined : reason;
  }

  /**
   * DELETE ring-out. On the live service it hangs up only while your phone's leg is not yet
   * established; afterwards it still answers 204 and the call goes on (REALITY 4).
   */
  cancel(): CancelResult {
    if (this.endedAt !== null) return 'finished';
    if (this.habits.cancelOnlyBeforeAnswer && this.callerAnswered) {
      this.cancelIgnored = true;
      return 'ignored';
    }
    this.cancelled = true;
    this.hangUp('Cancelled');
    return 'ended';
  }

  /** Call Control: DELETE telephony/sessions/{id} ends the whole session at any stage. */
  drop(): boolean {
    if (this.endedAt !== null) return false;
    const open = (value: string) => (value === 'InProgress' ? 'NoSessionFound' : value);
    this.status = { callStatus: open(this.status.callStatus), callerStatus: open(this.status.callerStatus), calleeStatus: open(this.status.calleeStatus) };
    this.hangUp('CallFinished');
    return true;
  }

  /** Stops the timeline without a word (simulator reset). */
  halt(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }

  private hangUp(reason: string): void {
    this.halt();
    if (!this.callerLeg.result) this.callerLeg.result = 'Hang Up';
    if (this.callee && this.calleeLeg) {
      if (!this.calleeLeg.result) this.calleeLeg.result = 'Hang Up';
      this.setParty(this.callee, 'Disconnected', reason);
    }
    if (this.caller.status.code !== 'Disconnected') this.setParty(this.caller, 'Disconnected', reason);
    this.end();
  }

  /** Simulated ms of conversation: from both phones connected to the end (or now). */
  get talkSimMs(): number {
    if (this.connectedSim === null) return 0;
    return (this.callerLeg.endSim ?? this.simNow()) - this.connectedSim;
  }

  /** Whether your phone's leg was answered (by you, or by your voicemail). */
  get callerAnswered(): boolean {
    return this.status.callerStatus === 'Success' || this.callerLeg.result === 'Answered Not Accepted';
  }

  /** Simulated ms since the call started. */
  private simNow(): number {
    return (this.clock.now() - this.startedAt) * this.clock.timeScale;
  }

  private at(simMs: number, step: () => void): void {
    const cancel = this.clock.after(simMs, () => {
      this.pending.delete(cancel);
      step();
    });
    this.pending.add(cancel);
  }

  private setParty(party: PartyState, code: PartyCode, reason?: string): void {
    party.status = reason ? { code, reason } : { code };
    this.emit(party);
  }

  private emit(party: PartyState): void {
    this.events.partyChanged(this, { ...party, status: { ...party.status } });
  }

  private end(): void {
    this.endedAt = this.clock.now();
    this.callerLeg.endSim = this.simNow();
    if (this.calleeLeg) this.calleeLeg.endSim = this.callerLeg.endSim;
    this.events.ended(this);
  }

  /** The legs as the call log will show them (simulated durations, whole seconds). */
  legs(): { callerLeg: LegInput; calleeLeg?: LegInput } {
    // Timestamps stay on the wall clock; durations are simulated seconds (see SimClock).
    const iso = (simMs: number) => new Date(this.startedAt + this.clock.realMs(simMs)).toISOString();
    const seconds = (leg: { startSim: number; endSim?: number }) => Math.max(0, Math.round(((leg.endSim ?? this.simNow()) - leg.startSim) / 1000));
    const callerLeg = { startTime: iso(this.callerLeg.startSim), duration: seconds(this.callerLeg), result: this.callerLeg.result ?? 'Unknown' };
    if (!this.calleeLeg) return { callerLeg };
    return {
      callerLeg,
      calleeLeg: { startTime: iso(this.calleeLeg.startSim), duration: seconds(this.calleeLeg), result: this.calleeLeg.result ?? 'Unknown' },
    };
  }
}
