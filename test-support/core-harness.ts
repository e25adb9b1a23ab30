import type { CallLogRecord } from '../src-shared/call-log';
import type { LegChange, TrackedCall } from '../src-shared/calls';
import { groupCallLogRecords } from '../src-main/core/ringout/merge-records';
import { Session } from '../src-main/core/auth/session';
import { MemorySecretStore, systemClock, type Logger } from '../src-main/core/ports';
import { RingCentralApi } from '../src-main/core/ringcentral/api';
import { RatePlanner } from '../src-main/core/ringcentral/rate-planner';
import { MemoryInFlightStore, type InFlightStore } from '../src-main/core/ringout/in-flight-store';
import { TelephonyPush } from '../src-main/core/ringout/telephony-push';
import { RingOutTracker } from '../src-main/core/ringout/tracker';
import { Simulator, type SimulatorOptions } from '../src-simulator';
import { callLogQuery } from '../src-simulator/call-log/call-log-store';
import { waitFor } from './simulator-harness';

export const quietLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface CoreRig {
  sim: Simulator;
  session: Session;
  api: RingCentralApi;
  planner: RatePlanner;
  push: TelephonyPush | null;
  tracker: RingOutTracker;
  store: InFlightStore;
  finals: TrackedCall[];
  changes: LegChange[];
  /** Builds another tracker on the same store and session (an app restart). */
  restart(): Promise<RingOutTracker>;
  close(): Promise<void>;
}

/** The real core (session, planner, API, push, tracker) against a fast simulator. */
export async function coreRig(
  options: {
    sim?: SimulatorOptions;
    push?: boolean;
    /** `extension`: your own party only (REALITY 7), as for a user who is not an admin. Default: account level. */
    pushScope?: 'account' | 'extension';
    store?: InFlightStore;
    simulator?: Simulator;
  } = {},
): Promise<CoreRig> {
  const sim = options.simulator ?? (await Simulator.start({ timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 10, ...options.sim }));
  const session = new Session(
    { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret, refreshHandicapMs: 60_000 / sim.clock.timeScale },
    new MemorySecretStore(),
    quietLogger,
  );
  await session.signInWithJwt('ringside-demo-jwt');
  const planner = new RatePlanner(systemClock);
  const api = new RingCentralApi(session.sdk, planner);
  await api.extension(); // learns the rate-limit window, as the app does at sign-in
  const push = options.push ? new TelephonyPush(session.sdk, quietLogger, { accountLevel: options.pushScope !== 'extension' }) : null;
  await push?.start();
  const store = options.store ?? new MemoryInFlightStore();
  const finals: TrackedCall[] = [];
  const changes: LegChange[] = [];
  const build = () => {
    const tracker = new RingOutTracker({ api, push, clock: systemClock, store, logger: quietLogger, onFinal: async (call) => void finals.push(call) });
    tracker.onLegChanged((change) => changes.push(change));
    return tracker;
  };
  let tracker = build();
  const rig: CoreRig = {
    sim,
    session,
    api,
    planner,
    push,
    tracker,
    store,
    finals,
    changes,
    async restart() {
      await rig.tracker.stop();
      tracker = build();
      rig.tracker = tracker;
      await tracker.resume();
      return tracker;
    },
    async close() {
      await rig.tracker.stop();
      await push?.stop();
      if (!options.simulator) await sim.close();
    },
  };
  return rig;
}

export async function finalCall(rig: CoreRig, id: string, timeoutMs = 15_000): Promise<TrackedCall> {
  return waitFor(() => rig.finals.find((c) => c.id === id), { timeoutMs, intervalMs: 20, what: `call ${id} to reach a final outcome` });
}

export function legSequence(changes: LegChange[], callId: string, leg: 'caller' | 'callee'): string[] {
  const sequence = changes.filter((c) => c.callId === callId && c.leg === leg).map((c) => c.to);
  return ['waiting', ...sequence];
}

/** The simulator's call log of the signed-in user (extension 0), newest first, as the Detailed view shows it. */
export function simulatorRecords(sim: Simulator, sinceMs = Date.now() - 90 * 86_400_000): CallLogRecord[] {
  const answer = sim.callLog.query(callLogQuery({ extensionId: sim.account.extensions[0]!.id, view: 'Detailed', dateFrom: sinceMs }));
  return answer.records as unknown as CallLogRecord[];
}

/** The ids of the calls those records are: a two-record RingOut is one call (REALITY 12), under its RingOut record's id. */
export function callIdsOf(records: readonly CallLogRecord[]): Set<string> {
  return new Set(groupCallLogRecords(records).map((group) => group.record.id));
}
