/** REALITY 18 in the CLI: a refused call prints its own sentence (the app's words) and exits 2. */
import { describe, expect, it } from 'vitest';
import { BLOCKED_RING_ME_AT } from '../../src-simulator/ringout/refusals';
import { ringOutRefusal } from '../core/ringcentral/ringout-refusals';
import { runCli } from './main';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), readStdin: async () => '', env: {} });
  return { code, out, err };
}

describe('ringside call, refused by RingCentral', () => {
  it.each([
    ['TEL-101', ['--to', '+1 212 555 0140']],
    ['BIL-103', ['--to', '+1 212 555 0141']],
    ['CMN-113', ['--to', '+1 212 555 0143']],
    ['TEL-102', ['--to', '+1 212 555 0100', '--ring-me-at', BLOCKED_RING_ME_AT]],
  ])(
    '%s: says what happened and what to do',
    async (code, args) => {
      const result = await run(['call', '--demo', '--time-scale', '50', ...args]);
      expect(result.err).toEqual([`ringside: ${ringOutRefusal(code)}`]);
      expect(result.code).toBe(2);
    },
    20_000,
  );
});
