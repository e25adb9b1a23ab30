import type { SimAccount, SimApp } from './account/demo-account';
import type { TimeSource } from './clock';
import type { ControlRoutes } from './context';
import type { ConnectionDetails } from './push/ws-gateway';
import type { Realism } from './realism';
import type { ScenarioTable } from './ringout/scenarios';

/** How a simulator starts: every option has the live service's (or a quiet test's) default. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. The simulator listens on 127.0.0.1 only. */
  port?: number;
  /** Simulated time runs this many times faster than real time (default 1). */
  timeScale?: number;
  scenarios?: ScenarioTable;
  scenarioFile?: string;
  /** Fill the call log with this many generated records at start. */
  seedHistory?: number;
  seed?: number;
  /** Fill every user's call history with this many generated records each (the team account: account/team-account.ts). */
  seedHistoryPerUser?: number;
  /** How many days back the seeded history reaches (default grows with the count). */
  seedSpanDays?: number;
  /** How long the RingOut status endpoint still knows a call after it ended (default 60 s). */
  statusExpirySeconds?: number;
  /** How long after a call ends its call-log record appears (default 30 s). */
  callLogDelaySeconds?: number;
  /** The authorize endpoint approves at once instead of showing the consent page. */
  autoApprove?: boolean;
  account?: SimAccount;
  app?: SimApp;
  /** Keep at most this many entries in the request log (default 10,000). */
  requestLogLimit?: number;
  /** Switches for the live service's habits (REALITY.md); each defaults to realistic. */
  realism?: Partial<Realism>;
  /** Redirect URIs registered for the app besides its own (`ringside-demo` registers RINGSIDE_REDIRECT_URI). */
  redirectUris?: string[];
  /** How long after a record appears the service modifies it (simulated seconds, default 30). */
  lateChangeSeconds?: number;
  /** How long a call-log sync token stays usable (simulated seconds, default 3600; REALITY 26). */
  syncTokenLifetimeSeconds?: number;
  /**
   * How far the service's clock is ahead of this machine's (negative: behind), as a real
   * server's can be from a badly set local clock: record times, push eventTime and the `Date`
   * header of every answer are in the service's time. Default 0.
   */
  clockOffsetMs?: number;
  /**
   * Where time comes from (default the wall clock). A test passes a fake clock
   * (test-support/fake-clock.ts) to move simulated time itself: penalties, rate windows,
   * ringing, token and record timers then run when it advances, not while it sleeps.
   */
  clock?: TimeSource;
  /** The WebSocket gateway's settings in simulated seconds (REALITY 21), e.g. a short `absoluteTimeout` for a test. */
  connectionDetails?: Partial<ConnectionDetails>;
  /**
   * HTTP control routes for tests and benchmarks, behind a per-run token. Pass the value of
   * `createControlRoutes()`, which only `src-simulator/testing.ts` imports; demo mode has none.
   */
  controls?: ControlRoutes;
}
