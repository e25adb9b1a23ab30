import { Simulator, TEAM_ACCOUNT, TEAM_APP } from '../../src-simulator';
import type { ServerConfig } from '../core/index';

export interface DemoServer {
  config: ServerConfig;
  jwt: string;
  simulator: Simulator;
  stop(): Promise<void>;
}

/**
 * Demo mode: the built-in simulator in-process with a demo account and seeded history, at
 * real speed unless asked otherwise. Used when no RingCentral credentials are configured.
 * Composed here, at the composition root: the core only ever sees a server URL and
 * credentials, as it would for any RingCentral server.
 */
export interface DemoOptions {
  /** How many times faster than real time the simulator runs (1 in the app; tests speed it up). */
  timeScale?: number;
  /** How many past calls to seed, over how many days. */
  seedHistory?: number;
  seedSpanDays?: number;
  /** Seconds before a finished call appears in the call log (RingCentral takes about 30). */
  callLogDelaySeconds?: number;
  /** The 50-user team account (team mode, issue 29); `seedHistory` is then each user's count. */
  team?: boolean;
}

export async function startDemoServer(options: DemoOptions = {}): Promise<DemoServer> {
  const simulator = await Simulator.start({
    timeScale: options.timeScale ?? 1,
    ...(options.team ? { account: TEAM_ACCOUNT, app: TEAM_APP, seedHistoryPerUser: options.seedHistory ?? 200 } : { seedHistory: options.seedHistory ?? 2000 }),
    seedSpanDays: options.seedSpanDays,
    autoApprove: true,
  });
  if (options.callLogDelaySeconds !== undefined) simulator.callLogDelaySeconds = options.callLogDelaySeconds;
  return {
    config: {
      server: simulator.url,
      clientId: simulator.app.clientId,
      clientSecret: simulator.app.clientSecret,
      refreshHandicapMs: 60_000 / simulator.clock.timeScale,
    },
    jwt: Object.keys(simulator.app.jwts)[0]!,
    simulator,
    stop: () => simulator.close(),
  };
}
