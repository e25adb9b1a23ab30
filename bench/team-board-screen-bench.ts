/**
 * The team board's leg change → SCREEN latency (issue 29): the whole path in Chromium through
 * the harness (e2e/harness/ringside-harness.ts), as bench/renderer-latency-bench.ts does for the
 * popover. The realistic simulator's 50-user team account (REALITY 7, 19–22 on: one-party
 * deltas, out of order, gapped sequences) → the account-level telephony push over the real
 * WebSocket → the core's TeamBoard → the IPC handlers' `teamBoard.changed` event (over the
 * harness's bridge, a WebSocket in place of Electron's IPC) → the Team board window's DOM
 * showing that leg in that state. 20 users' concurrent RingOuts, as an admin.
 *
 * Timed: a party's change at the simulator (its party observer, Date.now() in this process) →
 * the first moment the board's row for that person shows that leg in that state (a
 * MutationObserver in the page, Date.now() on the page's clock: the same machine's clock). A row
 * is found by the person's name in its row header and a leg by its badge's words ("Avery:
 * Ringing", "Them: Busy"), what a person sees; each round ends by checking that those words are
 * the leg cells' accessible names. Three kinds of change: a leg ringing, a leg answered, a leg's
 * outcome (busy, declined, ended…), and the call looking ended (the row's status column).
 *
 * Honesty: each change is also timed to the core's board event in this run; the screen can
 * never be earlier than the event it is drawn from (checked per change), and every change the
 * core's board showed must reach the screen (counted; a missing one fails the bench).
 */
import { loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { LEG_STATES, type LegState } from '../src-shared/leg-state';
import { callPresence, TEAM_BOARD_SIZE, type BoardUpdate, type PresenceKind } from '../src-shared/team-board';
import { messages } from '../src-renderer/src/lib/messages';
import { teamBoardMessages } from '../src-renderer/src/lib/team-board-messages';
import { placeColleagueCall, TEAM_ACCOUNT } from '../src-simulator/account/team-account';
import type { PartyState } from '../src-simulator/ringout/ringout-call';
import { startHarness } from '../e2e/harness/ringside-harness';
import { waitFor } from '../test-support/simulator-harness';
import { summarize, type BenchFigure } from './stats';

const CONCURRENT = 20;
/** The core figure's numbers (bench/team-board-bench.ts): connects, busy, declined, your phone busy, you decline. */
const NUMBERS = ['+12125550100', '+12125550101', '+12125550103', '+12125550105', '+12125550107'];

/** What kind of change a shown state is: the leg ringing, answered, or its outcome; null for "not dialled yet". */
type Change = 'ringing' | 'connected' | 'outcome';
const OVER: ReadonlySet<PresenceKind> = new Set(['busy', 'notAnswering', 'failed', 'ended']);

function legChange(state: LegState): Change | null {
  if (state === 'waiting') return null;
  if (state === 'ringing' || state === 'connected') return state;
  return 'outcome';
}

/** The simulator's party status as the same kinds of change (a party that moved to another phone is not an outcome). */
function partyChange(party: PartyState): Change | null {
  const code = party.status.code;
  if (code === 'Setup' || code === 'Proceeding') return 'ringing';
  if (code === 'Answered') return 'connected';
  if (code === 'Disconnected' || code === 'VoiceMail') return 'outcome';
  return null;
}

/** The words the renderer shows, read back: "Busy" → busy (the renderer's own messages, not a copy). */
const LEG_BY_WORDS = new Map<string, LegState>(LEG_STATES.map((state) => [messages.legState[state], state]));
const PRESENCE_BY_WORDS = new Map(Object.entries(teamBoardMessages.presence).map(([kind, words]) => [words, kind as PresenceKind]));

/** One change seen on the screen: a row (by the person's name), a column and its words. */
interface Seen {
  name: string;
  column: 'status' | 'caller' | 'callee';
  words: string;
  at: number;
}

/**
 * Installed in the page: on every mutation, each row's status and leg badges are read (by the
 * person's name in the row header) and a change of words is logged (a `Seen`) with Date.now().
 * A string, not a function: tsx's transform would wrap a function's inner functions in a helper
 * the page does not have.
 */
const WATCH_ROWS = `(() => {
  const last = new Map();
  const log = (window.__boardSeen = []);
  const read = () => {
    const at = Date.now();
    for (const row of document.querySelectorAll('table tbody tr')) {
      const name = row.querySelector('th[scope="row"] .name')?.textContent?.trim();
      const cells = row.querySelectorAll('td');
      if (!name || cells.length < 3) continue;
      const columns = [
        ['status', cells[0]],
        ['caller', cells[1].querySelector('[title]') ?? cells[1]],
        ['callee', cells[2].querySelector('[title]') ?? cells[2]],
      ];
      for (const [column, cell] of columns) {
        const words = (cell.textContent ?? '').replace(/\\s+/g, ' ').trim();
        const key = name + '|' + column;
        if (last.get(key) === words) continue;
        last.set(key, words);
        log.push({ name, column, words, at });
      }
    }
  };
  read();
  new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

const loadAverages = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

export async function teamBoardScreenBench(rounds: number, timeScale: number): Promise<BenchFigure> {
  const loadBefore = loadAverages();
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
  const harness = await startHarness({ team: true, timeScale, seedHistory: 0, callLogDelaySeconds: 5 });
  try {
    const sim = harness.controller.demoSimulator!;
    const board = harness.controller.requireCore().teamBoard;
    /** key = `${telephonySessionId}|${caller|callee|call}|${change}` */
    const changedAt = new Map<string, number>();
    const coreAt = new Map<string, number>();
    const screenAt = new Map<string, number>();
    sim.partyObservers.push((call, party) => {
      const change = partyChange(party);
      if (!change || party.moved) return;
      const at = Date.now();
      const leg = party.ringOutRole === 'Initiator' ? 'caller' : 'callee';
      const key = `${call.telephonySessionId}|${leg}|${change}`;
      if (!changedAt.has(key)) changedAt.set(key, at);
      // Your phone's party leaving ends the RingOut (the board shows it ended at once).
      if (leg === 'caller' && change === 'outcome' && !changedAt.has(`${call.telephonySessionId}|call|outcome`))
        changedAt.set(`${call.telephonySessionId}|call|outcome`, at);
    });
    // The core's board event, timed as main hands it to the window (`teamBoard.changed`), before
    // the frame leaves: the screen is drawn from it, so it can never come first.
    const events = harness.ports.eventSink;
    const send = events.send.bind(events);
    events.send = (channel, payload) => {
      if (channel === 'teamBoard.changed') noteCoreUpdate(payload as BoardUpdate, Date.now());
      send(channel, payload);
    };
    const noteCoreUpdate = (update: BoardUpdate, at: number) => {
      if (update.kind !== 'call') return;
      const { call } = update;
      for (const leg of ['caller', 'callee'] as const) {
        const change = legChange(call[leg].state);
        const key = `${call.telephonySessionId}|${leg}|${change}`;
        if (change && !coreAt.has(key)) coreAt.set(key, at);
      }
      const key = `${call.telephonySessionId}|call|outcome`;
      if (OVER.has(callPresence(call)) && !coreAt.has(key)) coreAt.set(key, at);
    };

    const page = await browser.newPage({ viewport: TEAM_BOARD_SIZE });
    await harness.open(page, 'team-board');
    await page.getByText(teamBoardMessages.live, { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('table').waitFor();
    if (board.snapshot().access.kind !== 'allowed') throw new Error('the board refused the admin');
    await page.evaluate(WATCH_ROWS);

    const users = TEAM_ACCOUNT.extensions.slice(2, 2 + CONCURRENT);
    const sessions = new Set<string>();
    /** Whose call a row showed when: each round's names to its sessions, from the round's start. */
    const roundsSeen: Array<{ from: number; sessionOf: Map<string, string> }> = [];
    const collect = async () => {
      const seen = await page.evaluate(() => (window as unknown as { __boardSeen: Seen[] }).__boardSeen.splice(0));
      for (const entry of seen) {
        const round = roundsSeen.findLast((r) => r.from <= entry.at);
        const session = round?.sessionOf.get(entry.name);
        const key = session ? screenKey(session, entry) : null;
        if (key && !screenAt.has(key)) screenAt.set(key, entry.at);
      }
    };
    for (let round = 0; round < rounds; round++) {
      const from = Date.now();
      const calls = users.map((user, i) => placeColleagueCall(sim, user.id, NUMBERS[(i + round) % NUMBERS.length]!));
      const ids = new Set(calls.map((c) => c.telephonySessionId));
      roundsSeen.push({ from, sessionOf: new Map(users.map((user, i) => [user.name, calls[i]!.telephonySessionId])) });
      for (const id of ids) sessions.add(id);
      await waitFor(() => calls.every((c) => c.endedAt !== null), { timeoutMs: 60_000, what: 'every call to end at the simulator' });
      const onBoard = () => new Map(board.snapshot().calls.map((c) => [c.telephonySessionId, c]));
      await waitFor(() => calls.every((c) => onBoard().get(c.telephonySessionId)?.endedAt != null), {
        timeoutMs: 15_000,
        what: 'every call ended on the core’s board',
      });
      // Every change of this round the core's board showed, on the screen (if not, the count below says what is missing).
      const shownInCore = () => [...coreAt.keys()].filter((key) => ids.has(key.split('|')[0]!));
      await waitFor(
        async () => {
          await collect();
          return shownInCore().every((key) => screenAt.has(key));
        },
        { timeoutMs: 15_000, intervalMs: 100, what: 'every change the core’s board showed to reach the screen' },
      ).catch(() => undefined);
      await checkAccessibleNames(
        page,
        users.map((u) => u.name),
      );
    }
    await collect();

    // Measured vs published: what the core's board showed of our calls, and what reached the screen.
    const ours = (key: string) => sessions.has(key.split('|')[0]!);
    const published = [...coreAt.keys()].filter((key) => ours(key) && changedAt.has(key));
    const missing = published.filter((key) => !screenAt.has(key));
    const unexpected = [...screenAt.keys()].filter((key) => !coreAt.has(key));
    if (missing.length || unexpected.length)
      throw new Error(
        `team board screen bench: ${published.length - missing.length} of ${published.length} changes the core's board showed reached the screen` +
          `${missing.length ? `; missing: ${missing.slice(0, 10).join(', ')}` : ''}${unexpected.length ? `; on the screen but never in core: ${unexpected.slice(0, 10).join(', ')}` : ''}`,
      );
    // The physical bound: the screen is drawn from the core's event, so it cannot come before it.
    const early = published.filter((key) => screenAt.get(key)! < coreAt.get(key)!);
    if (early.length)
      throw new Error(
        `team board screen bench: ${early.length} change(s) on the screen before the core's event they are drawn from (clocks?): ${early
          .slice(0, 5)
          .map((key) => `${key} screen ${screenAt.get(key)} < core ${coreAt.get(key)}`)
          .join(', ')}`,
      );
    const samples = published.map((key) => screenAt.get(key)! - changedAt.get(key)!);
    const core = summarize(published.map((key) => coreAt.get(key)! - changedAt.get(key)!));
    const stats = summarize(samples);
    const toScreen = summarize(published.map((key) => screenAt.get(key)! - coreAt.get(key)!));
    if (stats.p95! < core.p95!) throw new Error(`team board screen bench: screen p95 ${stats.p95} ms below the core's ${core.p95} ms for the same changes`);
    const kinds = (suffix: string) => published.filter((key) => key.endsWith(suffix)).length;
    const KINDS = {
      ringing: /\|(caller|callee)\|ringing$/,
      answered: /\|connected$/,
      'leg outcomes': /\|(caller|callee)\|outcome$/,
      'calls ended': /\|call\|outcome$/,
    };
    const byKind = Object.entries(KINDS)
      .map(
        ([kind, pattern]) => `${kind} ${summarize(published.filter((key) => pattern.test(key)).map((key) => screenAt.get(key)! - changedAt.get(key)!)).p95} ms`,
      )
      .join(', ');
    // The first round also warms up the page and main (their first renders and events): printed on its own too.
    const firstRound = new Set(roundsSeen[0]!.sessionOf.values());
    const first = summarize(published.filter((key) => firstRound.has(key.split('|')[0]!)).map((key) => screenAt.get(key)! - changedAt.get(key)!));
    const simulated = [...changedAt.keys()].filter(ours).length;
    return {
      name: `team board: leg change → SCREEN, ${CONCURRENT} concurrent calls (push, Chromium harness)`,
      unit: 'ms',
      ...stats,
      budget: { on: 'p95', max: 250 },
      note:
        `${rounds} round(s) of ${CONCURRENT} users' concurrent RingOuts, simulator timeScale ${timeScale}; ` +
        `${samples.length} of ${published.length} changes the core's board showed measured on the screen ` +
        `(${kinds('|ringing')} ringing, ${kinds('|connected')} answered, ${kinds('|outcome') - kinds('|call|outcome')} leg outcomes, ${kinds('|call|outcome')} calls ended; ` +
        `${simulated} party changes at the simulator); p95 by kind: ${byKind}; the first round alone: median ${first.median} ms, p95 ${first.p95} ms; the same changes to the core's board event: median ${core.median} ms, p95 ${core.p95} ms, max ${core.max} ms; ` +
        `from that event to the screen (the bridge and the renderer): median ${toScreen.median} ms, p95 ${toScreen.p95} ms, max ${toScreen.max} ms; ` +
        `load ${loadBefore} before, ${loadAverages()} after`,
    };
  } finally {
    await harness.close();
    await browser.close();
  }
}

/** The key of a change seen on the screen: the badge's words after "Name: " (or the status words). */
function screenKey(session: string, seen: Seen): string | null {
  if (seen.column === 'status') {
    const kind = PRESENCE_BY_WORDS.get(seen.words);
    return kind && OVER.has(kind) ? `${session}|call|outcome` : null;
  }
  const state = LEG_BY_WORDS.get(seen.words.slice(seen.words.indexOf(': ') + 2));
  const change = state ? legChange(state) : null;
  return change ? `${session}|${seen.column}|${change}` : null;
}

/** The words the bench read are what assistive technology reads: each leg cell's accessible name starts with them. */
async function checkAccessibleNames(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${literal(name)}`) }) });
    const [caller, callee] = await row.locator('td [title]').evaluateAll((badges) => badges.map((b) => (b.textContent ?? '').replace(/\s+/g, ' ').trim()));
    for (const words of [caller, callee]) {
      if (!words || (await row.getByRole('cell', { name: new RegExp(`^${literal(words)}`) }).count()) !== 1)
        throw new Error(`team board screen bench: ${name}'s row has no leg cell named "${words}" for assistive technology`);
    }
  }
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
