/** Issue 25 item 15: `call` checks the number before saying anything, and prints the RingOut id. */
import { describe, expect, it } from 'vitest';
import { runCli } from './main';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), readStdin: async () => '', env });
  return { code, out, err };
}

describe('ringside call: what it says first', () => {
  it('rejects a number that cannot be called before saying "Calling" (and before signing in)', async () => {
    for (const to of ['12345', 'pizza']) {
      const result = await run(['call', '--to', to]);
      expect(result.out).toEqual([]);
      expect(result.code).toBe(2);
      // No credentials are set: the number is checked first, so that is what the user hears.
      expect(result.err).toEqual([expect.stringMatching(new RegExp(`^ringside: "${to}" (is not a valid phone number|has no digits)`))]);
    }
    const ringMeAt = await run(['call', '--to', '+12125550100', '--ring-me-at', '555']);
    expect(ringMeAt).toMatchObject({ code: 2, out: [], err: [expect.stringMatching(/^ringside: --ring-me-at: "555" is not a valid phone number/)] });
  });

  it('prints the RingOut id once placed, so status and cancel can be used from another terminal', async () => {
    const human = await run(['call', '--demo', '--time-scale', '50', '--to', '(212) 555-0100']);
    expect(human.out[0]).toBe('Calling +1 212 555 0100: RingCentral rings your phone +1 650 555 0198 first.');
    const line = human.out.find((l) => l.startsWith('RingOut '));
    const id = /^RingOut (\S+): "ringside status \1" shows it from another terminal; Ctrl-C stops following it\.$/.exec(line ?? '')?.[1];
    expect(id).toBeTruthy();
    expect(human.code).toBe(0);
    const json = await run(['call', '--demo', '--time-scale', '50', '--to', '+12125550101', '--json']);
    const lines = json.out.map((l) => JSON.parse(l) as { event: string; ringOutId?: string });
    const placed = lines.find((l) => l.event === 'placed');
    expect(placed).toEqual({ event: 'placed', ringOutId: expect.any(String) });
    expect(lines.at(-1)).toMatchObject({ event: 'final', ringOutId: placed!.ringOutId });
  }, 30_000);
});
