import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main';
import { RINGCENTRAL_DIR } from '../../test-support/spec-files';

const example = (name: string) => path.join(RINGCENTRAL_DIR, 'examples', name);

async function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), readStdin: async () => stdin, env: {} });
  return { code, out, err };
}

describe('ringside derive', () => {
  it('prints one JSON line per record with both legs and an explanation', async () => {
    const { code, out } = await run(['derive', example('call-log-ringout-busy-one-leg.json')]);
    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line))).toEqual([
      {
        id: 'M7JcDO7uC2ozEVB',
        ringOut: true,
        callerStatus: 'Busy',
        calleeStatus: 'Not called',
        explanation: 'Your phone was busy, so the other party was never called.',
      },
    ]);
  });

  it('reads a call-log page from standard input', async () => {
    const page = { records: [{ id: 'a', startTime: '2026-01-01T00:00:00Z', action: 'VoIP Call' }, { id: 'b', startTime: '2026-01-01T00:00:00Z', action: 'RingOut Web' }] };
    const { code, out } = await run(['derive', '-'], JSON.stringify(page));
    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line).id)).toEqual(['a', 'b']);
    expect(JSON.parse(out[0]!).ringOut).toBe(false);
  });

  it('explains bad input in one line and exits non-zero', async () => {
    const notJson = await run(['derive', '-'], '{oops');
    expect(notJson.code).toBe(2);
    expect(notJson.err).toHaveLength(1);
    expect(notJson.err[0]).toMatch(/^ringside: The input is not valid JSON/);
    const missing = await run(['derive', '/no/such/file.json']);
    expect(missing.err).toEqual(['ringside: No such file: /no/such/file.json']);
    const unknown = await run(['dance']);
    expect(unknown.code).toBe(2);
  });

  it('runs as `npm run ringside` straight from the sources (tsx, no build)', async () => {
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'ringside', '--', 'derive', example('call-log-ringout-two-legs.json')],
      { cwd: path.resolve(import.meta.dirname, '../..') },
    );
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: 'L6HbCN6tB1nyDUA', callerStatus: 'Call connected', calleeStatus: 'Call connected' });
  }, 30_000);
});
