/** `ringside sync --since|--days` (issue 27): how far back, checked before connecting, and progress lines that say where it stands. */
import { describe, expect, it } from 'vitest';
import { IDLE_SYNC } from '../../src-shared/history';
import { syncDepth, syncProgressLine } from './commands';
import { runCli } from './main';

const DAY_MS = 86_400_000;

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), readStdin: async () => '', env });
  return { code, out, err };
}

describe('ringside sync --since | --days', () => {
  it('checks how far back before anything else, with one clear line (no credentials needed to be told)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--since', '2026-01-01', '--days', '90'], /Give --since or --days, not both/],
      [['--days', '7'], /--days must be a whole number from 30 to 3660, or all/],
      [['--days', '90.5'], /--days must be a whole number/],
      [['--days', 'lots'], /--days must be a whole number/],
      [['--since', '2026-02-30'], /--since must be a date from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(30 to 3660 days back\)/],
      [['--since', 'last year'], /--since must be a date/],
      [['--since', '2999-01-01'], /--since must be a date/],
    ];
    for (const [flags, message] of cases) {
      const result = await run(['sync', ...flags]);
      expect(result.code).toBe(2);
      expect(result.err).toEqual([expect.stringMatching(message)]);
    }
  });

  it('turns a date into the days back that reach it, and takes all for everything RingCentral keeps', () => {
    const now = new Date(2026, 11, 3, 16, 0).getTime();
    const days = syncDepth({ since: '2026-06-03' }, now)!;
    // Midnight of 3 June here is inside the depth: 183 days and 16 hours back, so 184 days.
    expect(days).toBe(184);
    expect(now - days * DAY_MS).toBeLessThanOrEqual(new Date(2026, 5, 3).getTime());
    expect(syncDepth({ days: '30' }, now)).toBe(30);
    expect(syncDepth({ days: 'all' }, now)).toBeNull();
    expect(syncDepth({}, now)).toBeUndefined();
  });

  it('says where the archive is complete from, n of about m calls and the time left at the rate limit', () => {
    const since = new Date(2026, 8, 3, 12).getTime();
    const filling = { ...IDLE_SYNC, phase: 'initial' as const, fetched: 1250, total: 26_000, completeFrom: since, secondsLeft: 2100, requestsPerMinute: 10 };
    expect(syncProgressLine(filling)).toBe(
      'History since 2026-09-03 · 1,250 of about 26,000 calls · about 35 min left (RingCentral allows 10 history requests a minute)',
    );
    expect(syncProgressLine({ ...filling, completeFrom: null, total: null, secondsLeft: null })).toBe(
      'Downloading history · 1,250 calls (RingCentral allows 10 history requests a minute)',
    );
    expect(syncProgressLine({ ...filling, secondsLeft: 20 })).toMatch(/· less than a minute left/);
    expect(syncProgressLine({ ...filling, phase: 'incremental', fetched: 3 })).toBe('History since 2026-09-03 · 3 new or changed records');
    expect(syncProgressLine({ ...filling, phase: 'idle' })).toBeNull();
  });

  it('syncs the demo account as deep as asked, printing progress lines as it fills', async () => {
    const started = Date.now();
    const result = await run(['sync', '--demo', '--time-scale', '50', '--days', '60', '--json'], {
      RINGSIDE_DEMO_HISTORY: '6000',
      RINGSIDE_DEMO_HISTORY_DAYS: '200',
    });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out[0]!) as { fetched: number; archived: number; completeFrom: string };
    expect(Math.abs(Date.parse(summary.completeFrom) - (started - 60 * DAY_MS))).toBeLessThan(60_000);
    // About 1,800 of the 6,000 calls are in the last 60 days: about ten pages, more than one window of the rate limit holds.
    const lines = result.err.filter((l) => /^History since \d{4}-\d{2}-\d{2} · [\d,]+ of about [\d,]+ calls/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(
      result.err.some((l) => /(about \d+ min|about \d+ h( \d+ min)?|less than a minute) left \(RingCentral allows \d+ history requests a minute\)/.test(l)),
    ).toBe(true);
    expect(summary.archived).toBeGreaterThan(1000);
    expect(summary.archived).toBeLessThan(3000);
  }, 60_000);
});
