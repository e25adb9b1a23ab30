/**
 * The team board (issue 29): every user's live RingOut calls, from the account-level
 * telephony push the personal tracker already holds (one subscription per connection,
 * REALITY 22: the board listens to that same push, never a second one). Each session's legs
 * go through the personal tracker's own state machine (call-machine.ts: `partyInputOf`,
 * `applyParty`), so the board shows the popover's states, one-party deltas are merged by party
 * and sequence (REALITY 19), a shown leg is only ever refined, and a call ends at once when
 * your party leaves. While push is down the calls it knows are read by their session status
 * (rate-planned, like the tracker's polls), and all of them once when push comes back.
 * Who may see it is what RingCentral says: the account-level filter is refused (403 CMN-408)
 * to anyone but admins and the users an admin gave the permission (the leads).
 */
import { Emitter, type Event } from '../../../src-shared/emitter';
import type { TrackedCall } from '../../../src-shared/calls';
import type { BoardAccess, BoardCall, BoardSnapshot, BoardUpdate, TeamMember } from '../../../src-shared/team-board';
import type { Clock, Logger } from '../ports';
import type { RingCentralApi } from '../ringcentral/api';
import * as machine from '../ringout/call-machine';
import { pollIntervalMs } from '../ringout/poll-plan';
import { isPermissionError, type PushScope, type PushSource, type TelephonyEvent, type TelephonyParty } from '../ringout/telephony-push';

/** How long an ended call stays on the board (long enough to read "busy" or "no answer" at a glance). */
export const BOARD_ENDED_LINGER_MS = 30_000;
/** How long before trying again when push could not be had for a reason other than permission. */
export const BOARD_RETRY_MS = 30_000;
/** How many ended sessions the board remembers, so a late event does not bring one back. */
const OVER_REMEMBERED = 10_000;

/** Why the board has nothing to show when push is turned off (the CLI, some tests). */
export const PUSH_OFF = 'Live calls come by push, which is turned off here.';

export interface BoardDeps {
  /** The push the personal tracker holds (null when push is turned off). */
  push: (PushSource & { readonly scope?: PushScope | null }) | null;
  api: Pick<RingCentralApi, 'callSession' | 'planner'> & { teamDirectory(): Promise<TeamMember[]> };
  /** The team archive's directory when one is configured (null: none, or it is empty); RingCentral's otherwise. */
  archiveDirectory?: () => Promise<TeamMember[] | null>;
  clock: Clock;
  logger: Logger;
  lingerMs?: number;
}

interface BoardSession {
  call: TrackedCall;
  extensionId: string | null;
  from: string | null;
  to: string | null;
  /** Your party ended without moving to another phone: the call is over (REALITY 20). */
  removeTimer: (() => void) | null;
}

export class TeamBoard {
  private readonly updates = new Emitter<BoardUpdate>();
  /** Every change the board shows: one update per event that changed a call, the newest state of everything. */
  readonly onUpdate: Event<BoardUpdate> = this.updates.event;
  private readonly sessions = new Map<string, BoardSession>();
  /** Sessions already over and gone from the board: a late event never brings one back (REALITY 19). */
  private readonly over = new Set<string>();
  private members: TeamMember[] = [];
  private access: BoardAccess = { kind: 'signedOut' };
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  private fallbackTimer: (() => void) | null = null;
  private retryTimer: (() => void) | null = null;
  private opening: Promise<void> | null = null;
  private stopped = false;
  /** Someone opened the board: it opens again after the next sign-in. */
  wanted = false;

  constructor(private readonly deps: BoardDeps) {
    if (deps.push) this.subscriptions.push(deps.push.onEvent((event) => this.onEvent(event)));
    if (deps.push?.onReconnected) this.subscriptions.push(deps.push.onReconnected(() => void this.readLiveSessions()));
  }

  snapshot(): BoardSnapshot {
    return {
      access: this.access,
      members: this.members,
      calls: [...this.sessions.values()].flatMap((s) => (s.extensionId ? [this.boardCall(s)] : [])),
      live: this.access.kind === 'allowed' && Boolean(this.deps.push?.connected),
    };
  }

  /** After sign-in (push started or refused): learn whether this user may see the board, then the team. */
  open(): Promise<void> {
    this.wanted = true;
    this.opening ??= this.openNow().finally(() => (this.opening = null));
    return this.opening;
  }

  private async openNow(): Promise<void> {
    if (this.stopped) return;
    const push = this.deps.push;
    if (!push) {
      this.setAccess({ kind: 'unavailable', problem: PUSH_OFF });
      return;
    }
    this.setAccess({ kind: 'starting' });
    try {
      await push.start();
    } catch (error) {
      if (isPermissionError(error)) this.setAccess({ kind: 'askAdmin' });
      else this.unavailable((error as Error).message);
      return;
    }
    // The push falls back to your own extension when the account level is refused: not an admin or lead.
    if (push.scope === 'extension') {
      this.setAccess({ kind: 'askAdmin' });
      return;
    }
    try {
      const people = (await this.archivePeople()) ?? (await this.deps.api.teamDirectory());
      this.members = people.map(({ extensionId, name, extensionNumber, department }) => ({ extensionId, name, extensionNumber, department }));
    } catch (error) {
      if (isPermissionError(error)) this.setAccess({ kind: 'askAdmin' });
      else this.unavailable((error as Error).message);
      return;
    }
    this.setAccess({ kind: 'allowed' });
    this.scheduleFallback();
  }

  /** The people as the team archive keeps them, or null to ask RingCentral (no archive, nothing in it yet, or it did not answer). */
  private async archivePeople(): Promise<TeamMember[] | null> {
    try {
      const people = (await this.deps.archiveDirectory?.()) ?? null;
      return people && people.length > 0 ? people : null;
    } catch (error) {
      this.deps.logger.warn('The team archive’s directory could not be read; asking RingCentral', { error: (error as Error).message });
      return null;
    }
  }

  private unavailable(problem: string): void {
    this.deps.logger.warn('The team board cannot follow calls now; trying again', { error: problem });
    this.setAccess({ kind: 'unavailable', problem });
    this.retryTimer?.();
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, BOARD_RETRY_MS);
  }

  /** Signed out: nothing of the team stays. */
  close(): void {
    this.retryTimer?.();
    this.retryTimer = null;
    this.fallbackTimer?.();
    this.fallbackTimer = null;
    for (const session of this.sessions.values()) session.removeTimer?.();
    this.sessions.clear();
    this.over.clear();
    this.members = [];
    this.setAccess({ kind: 'signedOut' });
  }

  stop(): void {
    this.stopped = true;
    this.close();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.updates.dispose();
  }

  private setAccess(access: BoardAccess): void {
    this.access = access;
    this.updates.fire({ kind: 'snapshot', snapshot: this.snapshot() });
  }

  private boardCall(session: BoardSession): BoardCall {
    const { call } = session;
    return {
      telephonySessionId: call.id,
      extensionId: session.extensionId ?? '',
      from: session.from,
      to: session.to,
      caller: { state: call.caller.state, since: call.caller.since },
      callee: { state: call.callee.state, since: call.callee.since },
      startedAt: call.createdAt,
      endedAt: call.endedAt,
      revision: call.revision ?? 0,
    };
  }

  private onEvent(event: TelephonyEvent): void {
    if (this.access.kind !== 'allowed' || this.stopped) return;
    if (event.origin?.type && event.origin.type !== 'RingOut') return;
    this.apply(event.telephonySessionId, event, event.parties);
  }

  /** Applies parties (of a push event, or of a session read) to a session, and tells the windows. */
  private apply(id: string, event: Pick<TelephonyEvent, 'sequence' | 'sessionId' | 'telephonySessionId'>, parties: readonly TelephonyParty[]): void {
    if (this.over.has(id)) return;
    let session = this.sessions.get(id);
    if (!session) {
      // A session first seen by its end (a lone Disconnected, REALITY 19) is not a call to show.
      if (parties.every((p) => p.status.code === 'Disconnected')) return;
      const now = this.deps.clock.now();
      const fresh = machine.newCall({ id, to: '', from: '', callerId: null, playPrompt: false }, now);
      session = { call: { ...fresh, phase: 'live' }, extensionId: null, from: null, to: null, removeTimer: null };
      this.sessions.set(id, session);
    }
    const before = session.call.revision ?? 0;
    const hadOwner = session.extensionId !== null;
    for (const party of parties) {
      const input = machine.partyInputOf(event, party);
      if (input.role === 'caller') {
        // REALITY 9: your party's `to` is your phone, its `from` the other party.
        session.extensionId ??= party.extensionId ?? null;
        session.from ??= party.to?.phoneNumber ?? null;
        session.to ??= party.from?.phoneNumber ?? null;
      } else {
        session.to ??= party.to?.phoneNumber ?? null;
      }
      session.call = machine.applyParty(session.call, input, this.deps.clock.now()).call;
      const moved = input.reason === 'CallSwitch' || input.reason === 'Pickup';
      if (
        input.role === 'caller' &&
        input.code === 'Disconnected' &&
        !moved &&
        session.call.endedAt === null &&
        session.call.handoff?.fromParty !== input.partyId
      ) {
        // Your party left: the RingOut is over, shown so at once (the other party's end may never come).
        session.call = machine.ended(session.call, this.deps.clock.now()).call;
      }
    }
    if ((session.call.revision ?? 0) === before && hadOwner === (session.extensionId !== null)) return;
    if (session.call.endedAt !== null && !session.removeTimer) this.scheduleRemoval(id, session);
    if (session.extensionId) this.updates.fire({ kind: 'call', call: this.boardCall(session) });
  }

  private scheduleRemoval(id: string, session: BoardSession): void {
    session.removeTimer = this.deps.clock.setTimeout(() => {
      this.sessions.delete(id);
      this.over.add(id);
      // Late events come within minutes: the oldest ended sessions need not be remembered forever.
      if (this.over.size > OVER_REMEMBERED) this.over.delete(this.over.values().next().value!);
      this.updates.fire({ kind: 'removed', telephonySessionId: id });
    }, this.deps.lingerMs ?? BOARD_ENDED_LINGER_MS);
  }

  private liveSessions(): string[] {
    return [...this.sessions.entries()].filter(([, s]) => s.call.endedAt === null).map(([id]) => id);
  }

  /** While push is down, reads the live calls' sessions at the tracker's polling pace (the Light budget shared). */
  private scheduleFallback(): void {
    this.fallbackTimer?.();
    if (this.stopped || this.access.kind !== 'allowed') return;
    const planner = this.deps.api.planner;
    const delay = pollIntervalMs({
      windowMs: planner.windowMs('Light'),
      limit: planner.limit('Light'),
      remaining: planner.remaining('Light'),
      liveCalls: this.liveSessions().length,
      settled: false,
    });
    this.fallbackTimer = this.deps.clock.setTimeout(() => {
      this.fallbackTimer = null;
      const work = this.deps.push?.connected ? Promise.resolve() : this.readLiveSessions();
      void work.finally(() => this.scheduleFallback());
    }, delay);
  }

  /** Reads every live session now (push came back, or is down): what the gap may have lost. */
  private async readLiveSessions(): Promise<void> {
    if (this.access.kind !== 'allowed') return;
    await Promise.all(this.liveSessions().map((id) => this.readSession(id)));
  }

  private async readSession(id: string): Promise<void> {
    let answer: Awaited<ReturnType<BoardDeps['api']['callSession']>>;
    try {
      answer = await this.deps.api.callSession(id);
    } catch (error) {
      this.deps.logger.warn('A team call’s session could not be read', { error: (error as Error).message });
      return;
    }
    const session = this.sessions.get(id);
    if (!session || session.call.endedAt !== null) return;
    if (answer === null) {
      // RingCentral no longer knows the session: the call is over.
      session.call = machine.ended(session.call, this.deps.clock.now()).call;
      this.scheduleRemoval(id, session);
      if (session.extensionId) this.updates.fire({ kind: 'call', call: this.boardCall(session) });
      return;
    }
    // A read is newer than every event seen of each party and older than any still to come:
    // its sequence goes halfway to the next whole number.
    for (const party of answer.parties) {
      const seen = session.call.partySequences[party.id] ?? 0;
      this.apply(id, { sequence: seen + (Math.floor(seen) + 1 - seen) / 2, sessionId: undefined, telephonySessionId: id }, [party]);
    }
  }
}
