import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer, type DemoServer } from '../app/demo-server';
import { MemorySecretStore } from '../core/ports';
import type { ServerConfig } from '../core/ringcentral/rc-client';
import { RingsideCore } from '../core/ringside-core';
import { UserError } from './user-error';

export interface Connection {
  core: RingsideCore;
  demo: DemoServer | null;
  close(): Promise<void>;
}

export interface ConnectOptions {
  demo: boolean;
  timeScale?: number;
  seedHistory?: number;
  seedSpanDays?: number | undefined;
  dataDir?: string | undefined;
  env: NodeJS.ProcessEnv;
  push?: boolean;
}

/** RC_* variables as RingCentral's own samples name them. */
export function serverFromEnv(env: NodeJS.ProcessEnv): { config: ServerConfig; jwt: string } | null {
  const server = env['RC_SERVER_URL'];
  const clientId = env['RC_CLIENT_ID'];
  const jwt = env['RC_JWT'];
  if (!server || !clientId || !jwt) return null;
  return { config: { server, clientId, clientSecret: env['RC_CLIENT_SECRET'] }, jwt };
}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return env['RINGSIDE_DATA_DIR'] ?? path.join(env['XDG_DATA_HOME'] ?? path.join(homedir(), '.local', 'share'), 'ringside-cli');
}

/**
 * Signs in for one CLI command. Tokens stay in memory for the life of the process: the CLI
 * has no encrypted store, so it never writes credentials to disk.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  let demo: DemoServer | null = null;
  let config: ServerConfig;
  let jwt: string;
  let dataDir: string;
  if (options.demo) {
    demo = await startDemoServer({ timeScale: options.timeScale ?? 10, seedHistory: options.seedHistory ?? 500, seedSpanDays: options.seedSpanDays });
    ({ config, jwt } = demo);
    dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ringside-demo-'));
  } else {
    const fromEnv = serverFromEnv(options.env);
    if (!fromEnv) {
      throw new UserError('No RingCentral credentials: set RC_SERVER_URL, RC_CLIENT_ID, RC_CLIENT_SECRET and RC_JWT, or add --demo to use the built-in simulator.');
    }
    ({ config, jwt } = fromEnv);
    dataDir = options.dataDir ?? defaultDataDir(options.env);
  }
  let core: RingsideCore;
  try {
    core = await RingsideCore.start({ server: config, secrets: new MemorySecretStore(), dataDir, push: options.push ?? false, autoSync: false });
    await core.signInWithJwt(jwt);
  } catch (error) {
    await demo?.stop();
    throw new UserError((error as Error).message);
  }
  return {
    core,
    demo,
    async close() {
      await core.stop();
      await demo?.stop();
    },
  };
}
