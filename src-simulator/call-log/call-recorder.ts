import type { SimAccount, SimExtension } from '../account/demo-account';
import type { SimClock } from '../clock';
import type { Faults } from '../faults';
import * as ids from '../ids';
import type { Realism } from '../realism';
import type { RingOutCall } from '../ringout/ringout-call';
import type { CallLogStore } from './call-log-store';
import { buildOrdinaryRecord, buildRingOutRecord } from './record-builder';

export interface RecorderContext {
  readonly url: string;
  readonly clock: SimClock;
  readonly realism: Realism;
  readonly account: SimAccount;
  readonly callLog: CallLogStore;
  /** Read when the call ends: tests withhold or delay records while calls run. */
  readonly faults: Faults;
  readonly callLogDelaySeconds: number;
  /** How long after a record appears the service modifies it (simulated seconds). */
  readonly lateChangeSeconds: number;
  extension(id: number): SimExtension | undefined;
}

/** The account's own numbers: a RingOut to ring one of them is logged twice (REALITY 12). */
export function ownNumbers(account: SimAccount): Set<string> {
  const numbers = new Set([account.mainNumber]);
  for (const extension of account.extensions) {
    numbers.add(extension.directNumber);
    for (const f of extension.forwardingNumbers) if (f.type === 'PhoneLine') numbers.add(f.phoneNumber);
  }
  return numbers;
}

/** Logs an ended RingOut the way the service does: late, maybe in two halves, maybe changed later. */
export function recordCall(sim: RecorderContext, call: RingOutCall): void {
  // A call connected for under half a second is not logged (REALITY 27).
  if (sim.realism.shortCallsNotLogged && call.connected && call.talkSimMs < 500) return;
  const extension = sim.extension(call.init.extensionId)!;
  const withheld = sim.faults.callLog.withhold;
  const delaySeconds = sim.callLogDelaySeconds + sim.faults.callLog.extraDelaySeconds;
  const visibleFrom = withheld ? Number.POSITIVE_INFINITY : sim.clock.now() + sim.clock.realMs(delaySeconds * 1000);
  const lastModifiedTime = new Date(Number.isFinite(visibleFrom) ? visibleFrom : sim.clock.now()).toISOString();
  const { callerLeg, calleeLeg } = call.legs();
  const user = { phoneNumber: call.init.ringMeAt, name: extension.name };
  const other = { phoneNumber: call.init.to, name: call.init.scenario.calleeName };
  const context = { baseUrl: sim.url, accountId: sim.account.id, extensionId: extension.id };
  const twoRecords = sim.realism.twoRecordRingOut && ownNumbers(sim.account).has(call.init.ringMeAt);
  const full = buildRingOutRecord({
    ...context,
    id: ids.callRecordId(Math.random),
    sessionId: call.sessionId,
    telephonySessionId: call.telephonySessionId,
    flavour: call.init.flavour,
    // Logged in two halves, the RingOut record has its from and to swapped (REALITY 12).
    user: twoRecords ? other : user,
    other: twoRecords ? user : other,
    callerLeg,
    calleeLeg,
    lastModifiedTime,
  });
  const meta = { extensionId: extension.id, telephonySessionId: call.telephonySessionId, visibleFrom };
  if (sim.realism.lateRecordChanges && calleeLeg && Number.isFinite(visibleFrom)) {
    // First shown with the caller leg only; the subscriber leg is filled in later (REALITY 14).
    const legs = full['legs'] as Array<Record<string, unknown>>;
    sim.callLog.upsert({ ...full, legs: legs.filter((l) => l['master'] === true) }, meta);
    const changeAt = visibleFrom - sim.clock.now() + sim.clock.realMs(sim.lateChangeSeconds * 1000);
    sim.clock.after(changeAt * sim.clock.timeScale, () => sim.callLog.touch(String(full['id']), (record) => (record['legs'] = legs)));
  } else {
    sim.callLog.upsert(full, meta);
  }
  if (twoRecords) {
    // The caller leg as its own inbound call to your RingCentral phone, from the other party.
    const inbound = buildOrdinaryRecord({
      ...context,
      id: ids.callRecordId(Math.random),
      sessionId: String(Number(call.sessionId) + 1000 + Math.floor(Math.random() * 3000)),
      direction: 'Inbound',
      action: 'Phone Call',
      result: call.callerAnswered ? 'Accepted' : 'Missed',
      startTime: callerLeg.startTime,
      duration: callerLeg.duration,
      from: other,
      to: user,
      lastModifiedTime,
    });
    sim.callLog.upsert(inbound, { ...meta, telephonySessionId: null });
  }
}
