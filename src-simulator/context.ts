import type { SimAccount, SimApp, SimExtension } from './account/demo-account';
import type { CallLogStore } from './call-log/call-log-store';
import type { SimClock } from './clock';
import type { Faults, FaultsPatch } from './faults';
import type { LoggedRequest, SimResponse } from './http/types';
import type { OAuthSession, TokenStore } from './oauth/token-store';
import type { SubscriptionStore } from './push/subscriptions';
import type { Realism } from './realism';
import type { RingOutCall, RingOutCallInit } from './ringout/ringout-call';
import type { ScenarioTable } from './ringout/scenarios';

/**
 * What the route modules need from the simulator. Routes take it as a parameter, so they
 * depend on this interface and never import the Simulator class (no import circle).
 */
export interface SimContext {
  readonly url: string;
  readonly wsUrl: string;
  readonly clock: SimClock;
  readonly tokens: TokenStore;
  readonly callLog: CallLogStore;
  readonly subscriptions: SubscriptionStore;
  readonly calls: Map<string, RingOutCall>;
  readonly account: SimAccount;
  readonly app: SimApp;
  readonly realism: Realism;
  scenarios: ScenarioTable;
  autoApprove: boolean;
  extension(id: number): SimExtension | undefined;
  resolvePath(params: Record<string, string>, session: OAuthSession): { extension: SimExtension } | { error: SimResponse };
  startCall(init: RingOutCallInit): RingOutCall;
  liveCall(id: string, extensionId: number): RingOutCall | null;
  /** The call a RingOut id names (its string form, whether the id is numeric or not). */
  callByRingOutId(id: string): RingOutCall | undefined;
  /** Incremental syncs answered so far (every Nth may be forced to FSync). */
  nextIncrementalSync(): number;
  /** How long a sync token lives, in simulated seconds (REALITY 26). */
  readonly syncTokenLifetimeSeconds: number;
  /** How many times the call log's sync state was reset (tokens issued before the last one answer `CLG-102`). */
  readonly callLogResets: number;
}

/** What the test-only control routes may do besides SimContext (all of it also in-process). */
export interface ControllableSim extends SimContext {
  faults: Faults;
  requestLog: LoggedRequest[];
  setFaults(patch: FaultsPatch): Faults;
  reset(): void;
  seedHistory(count: number, seed?: number, spanDays?: number): void;
  expireAccessTokens(): void;
  revokeAllTokens(): void;
  killWebSockets(): number;
}

/**
 * Test and benchmark controls served over HTTP. The implementation lives in a module that only
 * `src-simulator/testing.ts` imports, so a bundle built for demo mode never contains it.
 */
export interface ControlRoutes {
  /** Sent by a caller in the `X-Simulator-Token` header; random per run. */
  readonly token: string;
  /** The path prefix the controls answer under. */
  readonly prefix: string;
  /** `token` is what the request carried in the `X-Simulator-Token` header. */
  handle(sim: ControllableSim, method: string, url: URL, body: unknown, token: string | null): Promise<SimResponse>;
}
