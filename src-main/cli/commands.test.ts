import { describe, expect, it } from 'vitest';
import { runCli } from './main';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), readStdin: async () => '', env });
  return { code, out, err };
}

describe('ringside CLI commands (demo mode)', () => {
  it('call --json prints each leg change and the confirmed outcome, exit 0 when both connected', async () => {
    const { code, out } = await run(['call', '--demo', '--time-scale', '50', '--to', '+1 212 555 0100', '--json']);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.event === 'leg').map((l) => `${l.leg}:${l.state}`)).toEqual([
      'caller:ringing',
      'caller:connected',
      'callee:ringing',
      'callee:connected',
    ]);
    expect(lines.at(-1)).toMatchObject({
      event: 'final',
      phase: 'confirmed',
      caller: 'connected',
      callee: 'connected',
      explanation: 'Both phones answered and the call was connected.',
    });
    expect(code).toBe(0);
  }, 30_000);

  it('call --ring-me-at and --caller-id choose the phone rung first and what they see', async () => {
    const { code, out } = await run([
      'call',
      '--demo',
      '--time-scale',
      '50',
      '--to',
      '+1 212 555 0100',
      '--ring-me-at',
      '+1 650 555 0198',
      '--caller-id',
      '+1 (650) 555-0100',
    ]);
    expect(out[0]).toBe('Calling +1 212 555 0100: RingCentral rings your phone +1 650 555 0198 first.');
    expect(code).toBe(0);
  }, 20_000);

  it('call refuses a ring-me-at phone the rule excludes, and a caller ID that is not yours', async () => {
    const desk = await run(['call', '--demo', '--time-scale', '50', '--to', '+12125550100', '--ring-me-at', '+16505550194']);
    expect(desk).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/only on a digital line, a mobile phone, or the main number with your extension.*"Home"/)],
    });
    const callerId = await run(['call', '--demo', '--time-scale', '50', '--to', '+12125550100', '--caller-id', '+12125550199']);
    expect(callerId).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/\+12125550199 is not one of your caller IDs: \+1 650 555 0110 \(Direct number\), \+1 650 555 0100 \(Company number\)/)],
    });
    const both = await run(['call', '--demo', '--to', '+12125550100', '--ring-me-at', '+16505550198', '--from', '+16505550196']);
    expect(both.err[0]).toMatch(/--ring-me-at and --from name the same phone/);
  }, 20_000);

  it('call exits 1 with the explanation when your phone is busy', async () => {
    const { code, out } = await run(['call', '--demo', '--time-scale', '50', '--to', '+12125550105']);
    expect(out.at(-1)).toBe('Your phone was busy, so the other party was never called.');
    expect(code).toBe(1);
  }, 30_000);

  it('history --csv syncs the demo account and exports the filter', async () => {
    const { code, out } = await run(['history', '--demo', '--time-scale', '50', '--ringout', '--outcome', 'notCalled', '--csv']);
    expect(code).toBe(0);
    const lines = out.join('\n').split('\r\n');
    expect(lines[0]).toMatch(/^id,start,direction,from/);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(1).every((l) => l.includes('Not called'))).toBe(true);
  }, 30_000);

  it('status and cancel explain an id RingCentral does not know', async () => {
    const status = await run(['status', 'bm90LWEtY2FsbA', '--demo']);
    expect(status).toMatchObject({ code: 1, err: [expect.stringMatching(/no longer knows this call/)] });
    const cancel = await run(['cancel', 'bm90LWEtY2FsbA', '--demo']);
    expect(cancel).toMatchObject({ code: 1, err: [expect.stringMatching(/nothing to cancel/)] });
  }, 30_000);

  it('login reports the user; sync reports what it stored', async () => {
    expect((await run(['login', '--demo'])).out[0]).toMatch(/^Signed in as Alex Demo \(ext\. 101\)/);
    const sync = await run(['sync', '--demo', '--json']);
    expect(JSON.parse(sync.out[0]!).archived).toBeGreaterThan(0);
  }, 30_000);

  it('says what is missing, in one line, instead of failing obscurely', async () => {
    expect(await run(['call', '--to', '+12125550100'])).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/No RingCentral credentials: set RC_SERVER_URL/)],
    });
    expect((await run(['history', '--outcome', 'exploded', '--demo'])).err[0]).toMatch(/--outcome must be one of/);
    expect((await run(['call', '--demo', '--bogus'])).err[0]).toMatch(/Unknown option '--bogus'/);
    expect((await run(['call', '--demo', '--time-scale', '50', '--to', '12'])).err[0]).toMatch(/"12" is not a valid phone number/);
  }, 30_000);
});
