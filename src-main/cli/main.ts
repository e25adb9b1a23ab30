import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import { failureOf, PRIVATE_UMASK } from '../core/index';
import { closeAllConnections } from './cli-context';
import { callCommand, cancelCommand, interruptCall, historyCommand, loginCommand, logoutCommand, statusCommand, syncCommand, type CommandIo } from './commands';
import { deriveLines, recordsFromJson } from './derive-command';
import { UserError } from './user-error';
import { webhooksCommand, WEBHOOKS_USAGE } from './webhooks-command';
import { teamCommand, TEAM_USAGE } from './team-command';

const USAGE = `Usage: ringside <command> [options]

Commands:
  derive <file|->                Per-leg outcome of call-log records (one record, an array, or a page)
  call --to <n> [--ring-me-at <n>] [--caller-id <n>] [--prompt] [--json]
                                 Place a RingOut call and follow both legs until the call log confirms them
                                 (--ring-me-at: the phone rung first, also --from; --caller-id: what they see)
  status <ringOutId>             Live status of a RingOut call
  cancel <ringOutId>             Cancel a RingOut call that is not connected yet
  history [--from <iso>] [--to <iso>] [--outcome <state>] [--direction Inbound|Outbound]
          [--search <text>] [--ringout] [--limit <n>] [--json|--csv]
                                 Calls in the local archive
  sync [--since <YYYY-MM-DD> | --days <n>|all] [--json]
                                 Fetch new and changed calls from the call log into the archive; the first
                                 sync reads 12 months back, newest first (--since, --days: how far back,
                                 30 to 3660 days; all: everything RingCentral keeps, about 12 months).
                                 A deeper choice later fetches only the older part missing
  login | logout                 Check the credentials / revoke the session
${WEBHOOKS_USAGE}
${TEAM_USAGE}

Credentials come from RC_SERVER_URL, RC_CLIENT_ID, RC_CLIENT_SECRET and RC_JWT.
Add --demo to any command to use the built-in simulator instead (--time-scale <x> speeds it up).
--data-dir <dir> (or RINGSIDE_DATA_DIR) says where the archive lives.
`;

export interface CliIo extends CommandIo {
  readStdin: () => Promise<string>;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'derive': {
        const source = rest[0];
        if (!source) throw new UserError('derive needs a file name, or - to read standard input.');
        const input = source === '-' ? await io.readStdin() : await readInput(source);
        for (const line of deriveLines(recordsFromJson(input))) io.stdout(line);
        return 0;
      }
      case 'call':
        return await callCommand(rest, io);
      case 'status':
        return await statusCommand(rest, io);
      case 'cancel':
        return await cancelCommand(rest, io);
      case 'history':
        return await historyCommand(rest, io);
      case 'sync':
        return await syncCommand(rest, io);
      case 'login':
        return await loginCommand(rest, io);
      case 'logout':
        return await logoutCommand(rest, io);
      case 'webhooks':
        return await webhooksCommand(rest, io);
      case 'team':
        return await teamCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
        io.stdout(USAGE);
        return 0;
      default:
        throw new UserError(`Unknown command "${command}". Run "ringside help" for the list.`);
    }
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** Prints why a command failed, in the user's words where Ringside knows them; the exit code. */
export function reportFailure(error: unknown, io: Pick<CliIo, 'stderr'>): number {
  if (error instanceof UserError) {
    io.stderr(`ringside: ${error.message}`);
    return error.exitCode;
  }
  // The same words as the window's for every condition Ringside knows (core/errors.ts).
  const known = failureOf(error);
  if (known) {
    io.stderr(`ringside: ${known.message}`);
    return 1;
  }
  io.stderr(`ringside: unexpected error: ${(error as Error).message ?? String(error)}`);
  return 1;
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code ?? 'error'}).`);
  }
}

// Run only when started as a program, not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The archive, its WAL and the data folder are for this user only.
  process.umask(PRIVATE_UMASK);
  // A pipe takes writes asynchronously: exit only once the last one is handed to the OS,
  // or output beyond the pipe's buffer is cut off (and JSON left invalid).
  const written = (stream: NodeJS.WriteStream, line: string) => new Promise<void>((resolve) => stream.write(`${line}\n`, () => resolve()));
  let pending: Promise<unknown> = Promise.resolve();
  let exiting = false;
  /** Revokes the command's RingCentral session first, then exits (at most 5 s later, whatever happens). */
  const exitAfterClosing = (exitCode: number, flush: boolean) => {
    if (exiting) return;
    exiting = true;
    const forced = setTimeout(() => process.exit(exitCode), 5000);
    void closeAllConnections().finally(() => {
      clearTimeout(forced);
      if (flush) void pending.finally(() => process.exit(exitCode));
      else process.exit(exitCode);
    });
  };
  // Ctrl-C, a kill, or the terminal closed (SIGHUP): the session is revoked before exiting. During
  // `call`, Ctrl-C first asks the call command (the call goes on unless the user says to end it).
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      if (signal === 'SIGINT' && !exiting && interruptCall()) return;
      // The terminal is gone with SIGHUP: nothing left to write to.
      exitAfterClosing(exitCode, signal !== 'SIGHUP');
    });
  }
  // The reader went away (`ringside history | head`, a closed terminal): stop quietly, no stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'EIO') exitAfterClosing(0, false);
      else throw error;
    });
  }
  const code = await runCli(process.argv.slice(2), {
    stdout: (line) => void (pending = Promise.all([pending, written(process.stdout, line)])),
    stderr: (line) => void (pending = Promise.all([pending, written(process.stderr, line)])),
    readStdin: () => text(process.stdin),
    env: process.env,
  });
  await pending;
  process.exit(code);
}
