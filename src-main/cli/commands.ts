import { parseArgs } from 'node:util';
import { isActive, isInProgress, type TrackedCall } from '../../src-shared/calls';
import { LEG_SHORT } from '../../src-shared/leg-labels';
import { ringOutStatusState, type LegState } from '../../src-shared/leg-state';
import type { HistoryFilter, SyncProgress } from '../../src-shared/history';
import { HISTORY_DEPTH_MAX_DAYS, HISTORY_DEPTH_MIN_DAYS } from '../../src-shared/settings';
import { historySinceWords, syncLine, type SyncWordFormats } from '../../src-shared/sync-words';
import { formatLocalDay, parseLocalDay } from '../../src-shared/local-day';
import { formatForDisplay, sameNumber, toE164 } from '../../src-shared/phone-numbers';
import { chooseRingMeAt, RING_ME_AT_RULE } from '../../src-shared/outbound-rules';
import { TrackerError } from '../core/index';
import { connect, type ConnectOptions } from './cli-context';
import { UserError } from './user-error';

export interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const COMMON = {
  demo: { type: 'boolean', default: false },
  'time-scale': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: boolean }>;
type Values = Record<string, string | boolean | undefined> & { json?: boolean };

function parse(args: readonly string[], options: OptionSpec, positionals = 0): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options: { ...COMMON, ...options }, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) throw new Error(`Unexpected argument "${parsed.positionals[positionals]}"`);
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw new UserError(`${(error as Error).message}. Run "ringside help" for the options.`);
  }
}

const str = (values: Values, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

function connectOptions(values: Values, io: CommandIo): ConnectOptions {
  const timeScale = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
  if (timeScale !== undefined && !(timeScale > 0)) throw new UserError('--time-scale must be a positive number.');
  // Tests (and anyone curious) can seed the demo account with more history.
  const seedHistory = Number(io.env['RINGSIDE_DEMO_HISTORY']) || undefined;
  const seedSpanDays = Number(io.env['RINGSIDE_DEMO_HISTORY_DAYS']) || undefined;
  return { demo: values['demo'] === true, timeScale, seedHistory, seedSpanDays, dataDir: values['data-dir'] as string | undefined, env: io.env };
}

const LEG_OUTCOMES = Object.keys(LEG_SHORT) as LegState[];

/** How long after a first Ctrl-C during a live call a second one ends it (then Ringside stops following). */
export const SECOND_INTERRUPT_MS = 5000;

/**
 * What Ctrl-C does while `call` follows a call; the entry point asks it before exiting
 * (`interruptCall`): true when it took the interrupt, false to exit at once.
 */
let followInterrupts: (() => boolean) | null = null;

/** Ctrl-C: the call command decides first (a live call goes on unless the user says to end it). */
export function interruptCall(): boolean {
  return followInterrupts?.() ?? false;
}

/**
 * Ctrl-C during a call never ends it by surprise, nor leaves it silently: the first press says
 * the call goes on and how to end it; a second within SECOND_INTERRUPT_MS ends it (cancel, or
 * hang up once answered) and waits for RingCentral to confirm; otherwise Ringside stops
 * following. A call already over (waiting for the call log) is left at once.
 */
function callInterrupts(options: {
  io: CommandIo;
  call: () => TrackedCall;
  end: () => Promise<TrackedCall>;
  ended: Promise<void>;
  stop: () => void;
}): () => boolean {
  let presses = 0;
  let timer: NodeJS.Timeout | null = null;
  return () => {
    const call = options.call();
    presses += 1;
    if (!isInProgress(call) || presses > 2) return false;
    const id = call.ringOutId ? ` (RingOut ${call.ringOutId})` : '';
    if (presses === 1) {
      const answered = call.caller.state === 'connected' || call.caller.state === 'voicemail';
      options.io.stderr(
        `The call${id} goes on at RingCentral. Press Ctrl-C again within ${SECOND_INTERRUPT_MS / 1000} s to ${answered ? 'hang up' : 'cancel it'}; otherwise Ringside stops following it${answered ? ' (hang up on your phone to end it)' : call.ringOutId ? ` (cancel it later with: ringside cancel ${call.ringOutId})` : ''}.`,
      );
      timer = setTimeout(() => {
        options.io.stderr('Stopped following the call; it goes on at RingCentral.');
        options.stop();
      }, SECOND_INTERRUPT_MS);
      // Over by itself meanwhile: the command ends as usual, no one waits for the timer.
      void options.ended.then(() => timer && clearTimeout(timer));
      return true;
    }
    if (timer) clearTimeout(timer);
    options.io.stderr('Ending the call…');
    options
      .end()
      .then(
        () => Promise.race([options.ended, new Promise((resolve) => setTimeout(resolve, SECOND_INTERRUPT_MS * 2))]),
        (error: Error) => options.io.stderr(`ringside: ${error.message}`),
      )
      .then(() => {
        if (!isInProgress(options.call())) options.io.stderr('The call has ended.');
        options.stop();
      });
    return true;
  };
}

export async function callCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parse(args, {
    to: { type: 'string' },
    from: { type: 'string' },
    'ring-me-at': { type: 'string' },
    'caller-id': { type: 'string' },
    prompt: { type: 'boolean', default: false },
  });
  const toInput = str(values, 'to');
  if (!toInput) throw new UserError('call needs --to <number>.');
  const ringMeAt = str(values, 'ring-me-at');
  const fromFlag = str(values, 'from');
  if (ringMeAt && fromFlag && ringMeAt !== fromFlag) throw new UserError('--ring-me-at and --from name the same phone; give one of them.');
  // Numbers are checked before anything is said or signed in: never "Calling…" a number that cannot be called.
  const checked = toE164(toInput);
  if (!checked.ok) throw new UserError(checked.message);
  const to = formatForDisplay(checked.e164);
  for (const [flag, value] of [
    ['--ring-me-at', ringMeAt ?? fromFlag],
    ['--caller-id', str(values, 'caller-id')],
  ] as const) {
    const number = value === undefined ? null : toE164(value);
    if (number && !number.ok) throw new UserError(`${flag}: ${number.message}`);
  }
  const connection = await connect({ ...connectOptions(values, io), push: true });
  try {
    const { core } = connection;
    const numbers = await core.calls.ownNumbers();
    const { number: from, problem } = chooseRingMeAt(numbers.ringMeAt, ringMeAt ?? fromFlag);
    if (!from) throw new UserError(`Your account has no phone to ring first; pass --ring-me-at <your number>. ${RING_ME_AT_RULE}`);
    if (problem) throw new UserError(problem);
    const callerId = str(values, 'caller-id');
    if (callerId && !numbers.callerIds.some((n) => sameNumber(n.phoneNumber, callerId))) {
      throw new UserError(
        `${callerId} is not one of your caller IDs: ${numbers.callerIds.map((n) => `${formatForDisplay(n.phoneNumber)} (${n.label})`).join(', ') || 'none'}.`,
      );
    }
    let current: TrackedCall | null = null;
    const done = new Promise<TrackedCall>((resolve) => {
      core.calls.onUpdated((call) => {
        if (current && call.id !== current.id) return;
        current = call;
        if (!isActive(call)) resolve(call);
      });
    });
    core.calls.onLegChanged((change) => {
      const leg = change.leg === 'caller' ? 'You' : 'Them';
      if (values.json)
        io.stdout(JSON.stringify({ event: 'leg', leg: change.leg, state: change.to, at: new Date(change.at).toISOString(), source: change.source }));
      else io.stdout(`${leg}: ${LEG_SHORT[change.to]}${change.source === 'callLog' ? ' (confirmed by the call log)' : ''}`);
    });
    if (!values.json) io.stdout(`Calling ${to}: RingCentral rings your phone ${formatForDisplay(from)} first.`);
    let placed: TrackedCall;
    try {
      placed = await core.calls.place({ to: checked.e164, from, callerId: callerId ?? null, playPrompt: values['prompt'] === true });
    } catch (error) {
      if (error instanceof TrackerError) throw new UserError(error.message);
      throw error;
    }
    current ??= placed;
    // The RingOut id, so the call can be looked at (status) or cancelled from another terminal.
    if (values.json) io.stdout(JSON.stringify({ event: 'placed', ringOutId: placed.ringOutId }));
    else if (placed.ringOutId)
      io.stdout(`RingOut ${placed.ringOutId}: "ringside status ${placed.ringOutId}" shows it from another terminal; Ctrl-C stops following it.`);
    const interrupted = new Promise<'interrupted'>((resolve) => {
      followInterrupts = callInterrupts({
        io,
        call: () => current ?? placed,
        end: () => core.calls.cancel(placed.id),
        ended: done.then(() => undefined),
        stop: () => resolve('interrupted'),
      });
    });
    const outcome = await Promise.race([done, interrupted]);
    if (outcome === 'interrupted') return 130;
    const call = outcome;
    if (values.json) {
      io.stdout(
        JSON.stringify({
          event: 'final',
          phase: call.phase,
          ringOutId: call.ringOutId,
          callerStatus: call.caller.raw,
          calleeStatus: call.callee.raw,
          caller: call.caller.state,
          callee: call.callee.state,
          explanation: call.explanation,
          problem: call.problem,
        }),
      );
    } else {
      io.stdout(call.explanation ?? call.problem ?? `Call ${call.phase}.`);
      if (call.phase === 'unknown' && call.problem) io.stdout(call.problem);
    }
    return call.caller.state === 'connected' && call.callee.state === 'connected' ? 0 : 1;
  } finally {
    followInterrupts = null;
    await connection.close();
  }
}

export async function statusCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, {}, 1);
  const id = positionals[0];
  if (!id) throw new UserError('status needs a RingOut id.');
  const connection = await connect(connectOptions(values, io));
  try {
    const answer = await connection.core.calls.ringOutStatus(id);
    if (!answer) throw new UserError('RingCentral no longer knows this call: it ended more than about a minute ago, or the id is wrong.', 1);
    io.stdout(
      values.json
        ? JSON.stringify({ ringOutId: answer.id, ...answer.status })
        : `Call: ${answer.status.callStatus} · You: ${answer.status.callerStatus} · Them: ${answer.status.calleeStatus}`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

export async function cancelCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, {}, 1);
  const id = positionals[0];
  if (!id) throw new UserError('cancel needs a RingOut id.');
  const connection = await connect(connectOptions(values, io));
  try {
    // Once your phone answered, DELETE ring-out answers 204 and the call goes on (REALITY 4):
    // never say "Cancelled" then.
    const status = await connection.core.calls.ringOutStatus(id).catch(() => null);
    if (status && ringOutStatusState(status.status.callerStatus) === 'connected') {
      throw new UserError('Your phone already answered, so RingOut cannot cancel this call any more: hang up your phone to end it.', 1);
    }
    const result = await connection.core.calls.cancelRingOut(id).catch((error: Error) => {
      throw new UserError(error.message);
    });
    if (result === 'gone') throw new UserError('RingCentral no longer knows this call, so there is nothing to cancel.', 1);
    io.stdout('Cancelled.');
    return 0;
  } finally {
    await connection.close();
  }
}

function parseDate(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UserError(`${name} must be a date like 2026-11-24 or 2026-11-24T09:00:00Z.`);
  return ms;
}

export async function historyCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parse(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    outcome: { type: 'string' },
    direction: { type: 'string' },
    search: { type: 'string' },
    ringout: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    limit: { type: 'string' },
  });
  if (str(values, 'outcome') && !LEG_OUTCOMES.includes(str(values, 'outcome') as LegState))
    throw new UserError(`--outcome must be one of: ${LEG_OUTCOMES.join(', ')}.`);
  if (str(values, 'direction') && str(values, 'direction') !== 'Inbound' && str(values, 'direction') !== 'Outbound')
    throw new UserError('--direction must be Inbound or Outbound.');
  const limit = str(values, 'limit') === undefined ? undefined : Number(str(values, 'limit'));
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UserError('--limit must be a whole number above 0.');
  const filter: HistoryFilter = {
    from: parseDate(str(values, 'from'), '--from'),
    to: parseDate(str(values, 'to'), '--to'),
    outcome: str(values, 'outcome') as LegState | undefined,
    direction: str(values, 'direction') as HistoryFilter['direction'],
    search: str(values, 'search'),
    ringOutOnly: values['ringout'] === true,
  };
  const connection = await connect(connectOptions(values, io));
  try {
    // A demo simulator starts empty-handed on this machine: fetch its history first.
    if (connection.demo) await connection.core.history.sync();
    if (values['csv'] === true || values.json) {
      const chunks = [...connection.core.history.export(filter, values['csv'] === true ? 'csv' : 'json', limit)];
      io.stdout(chunks.join('').trimEnd());
      return 0;
    }
    const { rows, total } = connection.core.history.list({ ...filter, limit: limit ?? 50 });
    for (const row of rows) {
      const who = row.direction === 'Inbound' ? `from ${row.fromName ?? row.fromNumber}` : `to ${row.toName ?? row.toNumber}`;
      const legs = row.ringOut ? ` · you: ${row.callerStatus ?? '?'} · them: ${row.calleeStatus ?? '?'}` : '';
      io.stdout(`${row.startTime.slice(0, 16).replace('T', ' ')}  ${row.direction ?? ''} ${who}  ${row.result ?? ''}${legs}`);
    }
    io.stdout(`${rows.length} of ${total} calls`);
    return 0;
  } finally {
    await connection.close();
  }
}

const DAY_MS = 86_400_000;

/**
 * How far back `sync` reads, from --since or --days, checked before anything connects: days
 * (null = everything RingCentral keeps), or undefined for the default (12 months).
 */
export function syncDepth(values: Values, now = Date.now()): number | null | undefined {
  const since = str(values, 'since');
  const days = str(values, 'days');
  if (since !== undefined && days !== undefined) throw new UserError('Give --since or --days, not both.');
  if (days !== undefined) {
    if (days === 'all') return null;
    const n = /^\d+$/.test(days) ? Number(days) : Number.NaN;
    if (!(n >= HISTORY_DEPTH_MIN_DAYS && n <= HISTORY_DEPTH_MAX_DAYS))
      throw new UserError(`--days must be a whole number from ${HISTORY_DEPTH_MIN_DAYS} to ${HISTORY_DEPTH_MAX_DAYS}, or all (everything RingCentral keeps).`);
    return n;
  }
  if (since === undefined) return undefined;
  const start = parseLocalDay(since);
  const earliest = now - HISTORY_DEPTH_MAX_DAYS * DAY_MS;
  const latest = now - HISTORY_DEPTH_MIN_DAYS * DAY_MS;
  if (start === null || start < earliest || start > latest)
    throw new UserError(
      `--since must be a date from ${formatLocalDay(earliest)} to ${formatLocalDay(latest)} (${HISTORY_DEPTH_MIN_DAYS} to ${HISTORY_DEPTH_MAX_DAYS} days back), written like ${formatLocalDay(latest)}.`,
    );
  return Math.ceil((now - start) / DAY_MS);
}

/** One line of sync progress: how far back the archive is complete, how many records, how long the rest takes. */
/** The terminal's sync line: the window's and tray's words (src-shared/sync-words), dates as 2026-09-03. */
const CLI_SYNC_FORMATS: SyncWordFormats = { date: formatLocalDay, count: (n) => n.toLocaleString('en-US') };

export function syncProgressLine(progress: SyncProgress): string | null {
  if (progress.phase === 'incremental') {
    const since = historySinceWords(progress, CLI_SYNC_FORMATS) ?? 'History';
    return `${since} · ${CLI_SYNC_FORMATS.count(progress.fetched)} new or changed records`;
  }
  return progress.phase === 'initial' ? syncLine(progress, CLI_SYNC_FORMATS, { rateNote: true }) : null;
}

export async function syncCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parse(args, { since: { type: 'string' }, days: { type: 'string' } });
  const historyDepthDays = syncDepth(values);
  const connection = await connect({ ...connectOptions(values, io), ...(historyDepthDays === undefined ? {} : { historyDepthDays }) });
  try {
    connection.core.history.onProgress((p) => {
      const line = syncProgressLine(p);
      if (line) io.stderr(line);
    });
    const result = await connection.core.history.sync();
    if (result.phase === 'error') throw new UserError(`Sync stopped: ${result.message}`, 1);
    const since = result.completeFrom === null ? null : formatLocalDay(result.completeFrom);
    io.stdout(
      values.json
        ? JSON.stringify({
            fetched: result.fetched,
            archived: connection.core.history.count(),
            completeFrom: result.completeFrom === null ? null : new Date(result.completeFrom).toISOString(),
          })
        : `Synced ${result.fetched} records; the archive holds ${connection.core.history.count()} calls${since ? `, history since ${since}` : ''}.`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

export async function loginCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parse(args, {});
  const connection = await connect({ ...connectOptions(values, io), push: false });
  try {
    const extension = await connection.core.session.account();
    io.stdout(
      `Signed in as ${extension.name ?? 'unknown'} (ext. ${extension.extensionNumber ?? '?'}) on ${connection.core.session.serverUrl}. The CLI keeps no tokens on disk; each command signs in and ends its session when it is done.`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

export async function logoutCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parse(args, {});
  const connection = await connect({ ...connectOptions(values, io), push: false });
  try {
    const { revoked } = await connection.core.session.signOut();
    io.stdout(revoked ? 'Signed out: the session was revoked at RingCentral.' : 'Signed out locally; RingCentral could not be reached to revoke the session.');
    return 0;
  } finally {
    await connection.close();
  }
}
