import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { startDemoServer, type DemoServer } from '../app/demo-server';
import { loadTeamMode } from '../core/index';
import { closeOnExit, serverFromEnv } from './cli-context';
import { UserError } from './user-error';

/** The team archive's address comes from here (it may hold a password): never from the command line. */
export const TEAM_DATABASE_ENV = 'RINGSIDE_TEAM_DATABASE_URL';

export const TEAM_USAGE = `  team collect [--once] [--interval <s>] [--days <n>|all]
                                 Collect the company call log (a RingCentral admin's RC_JWT) into the team
                                 archive on PostgreSQL named by ${TEAM_DATABASE_ENV}; one instance collects
                                 at a time, others wait to take over. Every --interval seconds (default 60)
                                 until stopped (SIGTERM, Ctrl-C); --once: one run. --days: how far back the
                                 first collection reads (default 30; all: everything RingCentral keeps)`;

export interface TeamIo {
  stdout: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: {
        once: { type: 'boolean', default: false },
        interval: { type: 'string', default: '60' },
        days: { type: 'string', default: '30' },
        demo: { type: 'boolean', default: false },
        'time-scale': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UserError(`${(error as Error).message}. Run "ringside help" for the options.`);
  }
}

export async function teamCommand(args: readonly string[], io: TeamIo): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1 || positionals[0] !== 'collect') throw new UserError('Usage: ringside team collect [--once] [--interval <s>] [--days <n>|all]');
  const interval = Number(values.interval);
  if (!(interval >= 1)) throw new UserError('--interval must be a number of seconds, at least 1.');
  const depthDays = values.days === 'all' ? null : Number(values.days);
  if (depthDays !== null && !(Number.isInteger(depthDays) && depthDays >= 1)) throw new UserError('--days must be a whole number of days, or all.');
  const timeScale = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
  if (timeScale !== undefined && !(timeScale > 0)) throw new UserError('--time-scale must be a positive number.');
  const databaseUrl = io.env[TEAM_DATABASE_ENV];
  if (!databaseUrl) throw new UserError(`Set ${TEAM_DATABASE_ENV} to the team archive's address (postgres://user@host/database), in the environment.`);

  let demo: DemoServer | null = null;
  let server;
  let jwt: string;
  if (values.demo) {
    demo = await startDemoServer({ team: true, timeScale: timeScale ?? 10, seedHistory: Number(io.env['RINGSIDE_DEMO_HISTORY']) || 40 });
    ({ config: server, jwt } = demo);
  } else {
    const fromEnv = serverFromEnv(io.env);
    if (!fromEnv) throw new UserError('No RingCentral credentials: set RC_SERVER_URL, RC_CLIENT_ID, RC_CLIENT_SECRET and RC_JWT (an admin), or add --demo.');
    ({ config: server, jwt } = fromEnv);
  }
  const holder = `${hostname()} pid ${process.pid}`;
  const { openTeamCollector, NotAnAdminError } = await loadTeamMode();
  let service: Awaited<ReturnType<typeof openTeamCollector>>;
  try {
    service = await openTeamCollector({
      server,
      jwt,
      databaseUrl,
      holder,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      depthDays,
    });
  } catch (error) {
    await demo?.stop();
    throw new UserError((error as Error).message, 1);
  }
  // A signal (SIGTERM from systemd, Ctrl-C) stops after the page in flight and hands the lease on; the entry point then exits.
  let signalled = false;
  const close = async () => {
    await service.close();
    await demo?.stop();
  };
  const unregister = closeOnExit({
    close: async () => {
      signalled = true;
      await close();
      io.stdout('Stopped; the collector lease is free for another instance.');
    },
  });
  const { collector } = service;
  try {
    await collector.takeLease(() => io.stdout('Another Ringside instance is collecting into the team archive: this one takes over when it stops.'));
    io.stdout(`Collecting the company call log into the team archive as ${holder}.`);
    const report = (fetched: number, phase: string, message: string | null) =>
      io.stdout(phase === 'error' ? `Collection stopped (${message}); it resumes at the next run.` : `Collected: ${fetched} records read.`);
    if (values.once) {
      const progress = await collector.collect();
      report(progress.fetched, progress.phase, progress.message);
      return progress.phase === 'error' ? 1 : 0;
    }
    await collector.collectUntilStopped(interval * 1000, (progress) => report(progress.fetched, progress.phase, progress.message));
  } catch (error) {
    if (signalled) return new Promise<number>(() => {});
    if (error instanceof NotAnAdminError) throw new UserError(error.message, 1);
    throw new UserError(`The team archive stopped answering: ${(error as Error).message}`, 1);
  } finally {
    if (!signalled) {
      unregister();
      await close();
    }
  }
  // Stopped by a signal: its handler exits once everything is closed.
  return new Promise<number>(() => {});
}
