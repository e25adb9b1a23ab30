import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer, type DemoServer } from '../app/demo-server';
import { PRODUCTION_SERVER, RingsideCore, type ServerConfig } from '../core/index';
import { UserError } from './user-error';
import { CliSecretStore } from './webhook-secrets';

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
  /** How far back history sync reads, in days (null = everything RingCentral keeps); default 12 months. */
  historyDepthDays?: number | null;
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

/** Connections not yet closed: a signal (Ctrl-C, SIGTERM) closes them before the process exits. */
const open = new Set<Pick<Connection, 'close'>>();

/** Something else a signal must close before the process exits (the team collector); returns its unregister. */
export function closeOnExit(closable: Pick<Connection, 'close'>): () => void {
  open.add(closable);
  return () => void open.delete(closable);
}

/**
 * Ends every open connection (each revokes its session at RingCentral). The CLI's entry
 * point calls this on SIGINT and SIGTERM, so even an interrupted command leaves no session.
 */
export async function closeAllConnections(): Promise<void> {
  await Promise.all([...open].map((connection) => connection.close()));
}

/**
 * Signs in for one CLI command with its own session, and revokes it when the command ends,
 * on every path (success, error, a signal through closeAllConnections). RingCentral keeps at
 * most 5 sessions per user and app (REALITY 2): a CLI that left its sessions behind would,
 * after a few commands, push the desktop app's session out. The CLI never reads the app's
 * stored session, so the two never share a (single-use) refresh token. Tokens stay in memory
 * for the life of the process: the CLI has no encrypted store.
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
      throw new UserError(
        'No RingCentral credentials: set RC_SERVER_URL, RC_CLIENT_ID, RC_CLIENT_SECRET and RC_JWT, or add --demo to use the built-in simulator.',
      );
    }
    ({ config, jwt } = fromEnv);
    dataDir = options.dataDir ?? defaultDataDir(options.env);
  }
  let core: RingsideCore;
  try {
    const depth = options.historyDepthDays;
    core = await RingsideCore.start({
      server: config,
      secrets: new CliSecretStore(dataDir),
      dataDir,
      push: options.push ?? false,
      autoSync: false,
      ...(depth === undefined ? {} : { historyDepthDays: () => depth }),
    });
  } catch (error) {
    await demo?.stop();
    throw new UserError((error as Error).message);
  }
  let closing: Promise<void> | null = null;
  const signingIn = core.session.signInWithJwt(jwt);
  const connection: Connection = {
    core,
    demo,
    close() {
      closing ??= (async () => {
        // A sign-in still under way is waited for, so the session it creates is revoked too.
        await signingIn.catch(() => undefined);
        if (core.session.state.status === 'signedIn') await core.session.signOut().catch(() => undefined);
        await core.stop();
        await demo?.stop();
        open.delete(connection);
      })();
      return closing;
    },
  };
  open.add(connection);
  try {
    await signingIn;
  } catch (error) {
    await connection.close();
    throw new UserError((error as Error).message);
  }
  return connection;
}

/**
 * The CLI's archive without signing in to RingCentral: webhook endpoints and their deliveries
 * need no RingCentral session (`ringside webhooks …`). Deliveries due go while it is open.
 */
export async function openLocal(options: { dataDir?: string | undefined; env: NodeJS.ProcessEnv }): Promise<Connection> {
  const dataDir = options.dataDir ?? defaultDataDir(options.env);
  const server = serverFromEnv(options.env)?.config ?? { server: PRODUCTION_SERVER, clientId: 'ringside-cli-offline' };
  let core: RingsideCore;
  try {
    core = await RingsideCore.start({ server, secrets: new CliSecretStore(dataDir), dataDir, push: false, autoSync: false });
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  let closing: Promise<void> | null = null;
  const connection: Connection = {
    core,
    demo: null,
    close() {
      closing ??= core.stop().finally(() => void open.delete(connection));
      return closing;
    },
  };
  open.add(connection);
  return connection;
}
