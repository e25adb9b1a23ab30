import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveLegs } from '../../src-main/core/ringout/derive-legs';
import type { CallLogRecord } from '../../src-shared/call-log';
import { jsonOf, signedInSimulator, waitFor } from '../../test-support/simulator-harness';
import type { Simulator } from '../simulator';
import { DEFAULT_SCENARIOS, loadScenarioFile } from './scenarios';

type Platform = Awaited<ReturnType<typeof signedInSimulator>>['platform'];
let sim: Simulator;
let platform: Platform;
const ext = '/restapi/v1.0/account/~/extension/~';

beforeAll(async () => {
  ({ sim, platform } = await signedInSimulator({ timeScale: 50, statusExpirySeconds: 30, callLogDelaySeconds: 5 }));
  // Outcomes, not rate limits, are under test here.
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
});
afterAll(() => sim.close());

async function placeAndFinish(to: string) {
  const created = await jsonOf(platform.post(`${ext}/ring-out`, { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: to }, playPrompt: false }));
  const seen: string[] = [];
  const final = await waitFor(
    async () => {
      const ended = sim.calls.get(created.id)!.endedAt !== null;
      const status = (await jsonOf(platform.get(`${ext}/ring-out/${created.id}`))).status;
      const text = `${status.callStatus}/${status.callerStatus}/${status.calleeStatus}`;
      if (seen.at(-1) !== text) seen.push(text);
      return ended ? status : null;
    },
    { timeoutMs: 10_000, intervalMs: 5, what: `the call to ${to} to end` },
  );
  const call = sim.calls.get(created.id)!;
  // The subscriber leg is filled in after the record first appears (REALITY 14): wait for the final record.
  const legCount = call.callee ? 2 : 1;
  const record: CallLogRecord = await waitFor(
    async () => {
      const found = (await jsonOf(platform.get(`${ext}/call-log`, { view: 'Detailed', sessionId: call.sessionId }))).records[0];
      return found?.legs.length === legCount ? found : null;
    },
    { timeoutMs: 10_000, intervalMs: 30, what: 'the complete call-log record' },
  );
  return { final, seen, record };
}

describe('scripted RingOut outcomes', () => {
  it.each([
    ['+12125550100', 'Success/Success/Success', 'Call connected', 'Call connected'],
    ['+12125550101', 'CannotReach/Success/Busy', 'Call connected', 'Busy'],
    ['+12125550102', 'CannotReach/Success/NoAnswer', 'Call connected', 'No Answer'],
    ['+12125550103', 'CannotReach/Success/Rejected', 'Call connected', 'Rejected'],
    ['+12125550104', 'Success/Success/Success', 'Call connected', 'Voicemail'],
    ['+12125550105', 'Busy/Busy/InProgress', 'Busy', 'Not called'],
    ['+12125550106', 'NoAnswer/NoAnswer/InProgress', 'No Answer', 'Not called'],
    ['+12125550107', 'Rejected/Rejected/InProgress', 'Rejected', 'Not called'],
    ['+442071838750', 'CannotReach/Success/InternationalDisabled', 'Call connected', 'International Disabled'],
  ])('%s ends as %s and the call log says caller %s, callee %s', async (to, finalStatus, callerResult, calleeResult) => {
    const { final, seen, record } = await placeAndFinish(to);
    expect(`${final.callStatus}/${final.callerStatus}/${final.calleeStatus}`).toBe(finalStatus);
    expect(seen[0]).toBe('InProgress/InProgress/InProgress');
    expect(deriveLegs(record)).toEqual({ ringOut: true, callerStatus: callerResult, calleeStatus: calleeResult });
    const master = record.legs!.find((leg) => leg.master)!;
    expect(master.legType).toBe('RingOutClientToCaller');
    expect(master.to?.phoneNumber).toBe(to);
    const subscriber = record.legs!.find((leg) => leg.legType.endsWith('ToSubscriber'));
    if (subscriber) expect(subscriber.from?.phoneNumber).toBe(to);
  });

  it('never dials the callee when your phone fails (no Target party, no subscriber leg)', async () => {
    const { record } = await placeAndFinish('+12125550105');
    const call = [...sim.calls.values()].find((c) => c.sessionId === record.sessionId)!;
    expect(call.callee).toBeNull();
    expect(record.legs).toHaveLength(1);
    expect(record.result).toBe('Busy');
  });

  it('keeps the record out of the call log until the delay has passed', async () => {
    const created = await jsonOf(platform.post(`${ext}/ring-out`, { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: '+12125550105' } }));
    const call = sim.calls.get(created.id)!;
    await waitFor(() => call.endedAt !== null, { what: 'the call to end' });
    const right = await jsonOf(platform.get(`${ext}/call-log`, { sessionId: call.sessionId }));
    expect(right.records).toEqual([]);
    await waitFor(async () => (await jsonOf(platform.get(`${ext}/call-log`, { sessionId: call.sessionId }))).records.length === 1, { what: 'the record' });
  });
});

describe('scenario files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-scenarios-'));

  it('adds and overrides numbers on top of the defaults', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(
      file,
      JSON.stringify({
        numbers: { '+15551230000': { label: 'Mine', caller: { outcome: 'busy', afterSeconds: 1 }, callee: { outcome: 'answer', afterSeconds: 1 } } },
      }),
    );
    const table = loadScenarioFile(file);
    expect(table.numbers['+15551230000']).toMatchObject({ label: 'Mine', talkSeconds: 20 });
    expect(table.numbers['+12125550100']).toEqual(DEFAULT_SCENARIOS.numbers['+12125550100']);
  });

  it('explains what is wrong with a bad file', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        numbers: { '+15551230000': { label: 'x', caller: { outcome: 'explode', afterSeconds: 1 }, callee: { outcome: 'answer', afterSeconds: 1 } } },
      }),
    );
    expect(() => loadScenarioFile(file)).toThrow(/bad\.json is invalid at numbers\.\+15551230000\.caller\.outcome/);
    expect(() => loadScenarioFile(path.join(dir, 'missing.json'))).toThrow(/Cannot read scenario file/);
  });
});
