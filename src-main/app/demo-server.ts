import { Simulator } from '../../src-simulator';
import type { ServerConfig } from '../core/ringcentral/rc-client';

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
export async function startDemoServer(options: { timeScale?: number; seedHistory?: number; seedSpanDays?: number; callLogDelaySeconds?: number } = {}): Promise<DemoServer> {
  const simulator = await Simulator.start({ timeScale: options.timeScale ?? 1, seedHistory: options.seedHistory ?? 2000, seedSpanDays: options.seedSpanDays, autoApprove: true });
  if (options.callLogDelaySeconds !== undefined) simulator.callLogDelaySeconds = options.callLogDelaySeconds;
  return {
    config: { server: simulator.url, clientId: simulator.app.clientId, clientSecret: simulator.app.clientSecret, refreshHandicapMs: 60_000 / simulator.clock.timeScale },
    jwt: Object.keys(simulator.app.jwts)[0]!,
    simulator,
    stop: () => simulator.close(),
  };
}
