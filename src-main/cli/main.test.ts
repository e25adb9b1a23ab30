import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    const page = {
      records: [
        { id: 'a', startTime: '2026-01-01T00:00:00Z', type: 'Voice', action: 'VoIP Call' },
        { id: 'b', startTime: '2026-01-01T00:00:00Z', direction: 'Outbound', action: 'RingOut Web' },
      ],
    };
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

  it.each([
    ['a RingOut status answer', readFileSync(example('ringout-status-live.json'), 'utf8'), 'This is a RingOut status answer, not a call-log record.'],
    [
      'a RingOut status answer with a numeric id',
      JSON.stringify({ id: 1412, status: { callStatus: 'InProgress' } }),
      'This is a RingOut status answer, not a call-log record.',
    ],
    ['a telephony session', JSON.stringify({ id: 's-1', origin: { type: 'RingOut' }, parties: [] }), 'This is a telephony session, not a call-log record.'],
    [
      'a push event',
      JSON.stringify({ uuid: 'u', event: '/restapi/v1.0/account/1/telephony/sessions', body: { telephonySessionId: 's-1', parties: [] } }),
      'This is a telephony-session event (push notification), not a call-log record.',
    ],
    ['a record without startTime', JSON.stringify({ id: 'a', type: 'Voice' }), 'It has no "startTime", so it is not a call-log record.'],
    [
      'a record without type or direction',
      JSON.stringify({ id: 'a', startTime: '2026-01-01T00:00:00Z' }),
      'It has neither "type" nor "direction", so it is not a call-log record.',
    ],
  ])('refuses %s with exit 2, saying what it looks like', async (_what, input, message) => {
    const { code, out, err } = await run(['derive', '-'], input);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([`ringside: ${message}`]);
  });

  it('names the record in a list that is not a call-log record', async () => {
    const { code, err } = await run(
      ['derive', '-'],
      JSON.stringify([
        { id: 'a', startTime: '2026-01-01T00:00:00Z', type: 'Voice' },
        { id: 'x', status: { callStatus: 'Success' } },
      ]),
    );
    expect(code).toBe(2);
    expect(err).toEqual(['ringside: Record 2: this is a RingOut status answer, not a call-log record.']);
  });

  it('derives a two-record RingOut as one call with both legs', async () => {
    const ringOut = {
      id: 'RO1',
      sessionId: '575838550017',
      startTime: '2026-11-24T12:00:05.500Z',
      type: 'Voice',
      direction: 'Outbound',
      action: 'RingOut PC',
      result: 'Call connected',
      from: { phoneNumber: '+12125550111' },
      to: { phoneNumber: '+16505550101' },
      legs: [{ startTime: '2026-11-24T12:00:05.257Z', legType: 'RingOutClientToSubscriber', result: 'Busy' }],
    };
    const callerHalf = {
      id: 'IN1',
      sessionId: '575838552017',
      startTime: '2026-11-24T12:00:04.900Z',
      type: 'Voice',
      direction: 'Inbound',
      action: 'Phone Call',
      result: 'Accepted',
      from: { phoneNumber: '12125550111' },
      to: { phoneNumber: '+16505550101' },
    };
    const { code, out } = await run(['derive', '-'], JSON.stringify({ records: [callerHalf, ringOut] }));
    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line))).toEqual([
      {
        id: 'RO1',
        ringOut: true,
        callerStatus: 'Accepted',
        calleeStatus: 'Busy',
        explanation: "You answered, but the other party's line was busy.",
        callerHalfId: 'IN1',
      },
    ]);
  });

  it('runs as `npm run ringside` straight from the sources (tsx, no build)', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'ringside', '--', 'derive', example('call-log-ringout-two-legs.json')], {
      cwd: path.resolve(import.meta.dirname, '../..'),
    });
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: 'L6HbCN6tB1nyDUA', callerStatus: 'Call connected', calleeStatus: 'Call connected' });
  }, 30_000);
});
