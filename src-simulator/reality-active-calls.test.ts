/**
 * REALITY 28 (spec/ringcentral/REALITY.md): the active-calls list lags 3-10 s behind the calls
 * and keeps an ended call about 2 minutes, both ways of the switch, with RingCentral's own
 * `@ringcentral/sdk` as the client and every answer validated against the spec subset.
 * Simulated time moves only when the test advances its fake clock, so the lag is measured
 * exactly rather than by polling a sped-up wall clock.
 */
import type { SDK } from '@ringcentral/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../test-support/fake-clock';
import { jsonOf, signedInSimulator } from '../test-support/simulator-harness';
import { SpecValidator } from '../test-support/spec-validator';
import type { Simulator, SimulatorOptions } from './simulator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const spec = new SpecValidator();
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const EXT = '/restapi/v1.0/account/~/extension/~';

async function start(options: SimulatorOptions = {}) {
  const clock = new FakeClock(Date.now());
  const started = await signedInSimulator({ timeScale: 20, clock, ...options });
  sim = started.sim;
  // The list's habits, not rate limits, are under test here (the test polls it often).
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  const answers: Array<{ operationId: string | null; status: number; body: unknown }> = [];
  sim.observers.push(({ operationId, response }) => answers.push({ operationId, status: response.status, body: response.body }));
  return { ...started, clock, answers };
}

/** Every answer the spec describes, validated; the count of those checked. */
function validateAnswers(answers: Array<{ operationId: string | null; status: number; body: unknown }>): number {
  let checked = 0;
  for (const { operationId, status, body } of answers) {
    if (!operationId) continue;
    const documented = spec.response(operationId, status);
    if (!documented?.json) continue;
    expect(spec.errors(documented.pointer, body), `${operationId} ${status}`).toEqual([]);
    checked++;
  }
  return checked;
}

const activeCalls = (sdk: SDK, query: Record<string, string> = {}) => jsonOf(sdk.platform().get(`${EXT}/active-calls`, query));
const listed = async (sdk: SDK, telephonySessionId: string, query: Record<string, string> = {}) =>
  (await activeCalls(sdk, query)).records.some((r: Json) => r.telephonySessionId === telephonySessionId);

async function placeLongCall(sdk: SDK) {
  const placed = await jsonOf(sdk.platform().post(`${EXT}/ring-out`, { from: { phoneNumber: '+16505550198' }, to: { phoneNumber: '+12125550108' } }));
  return sim!.callByRingOutId(placed.id)!;
}

describe('REALITY 28: active calls lag and linger', () => {
  it('on: a ringing call is not listed; a connected one 3-10 s late; an ended one for about 2 minutes; query parameters ignored', async () => {
    const { sdk, clock, answers } = await start();
    const simMs = (ms: number) => sim!.clock.realMs(ms);
    const call = await placeLongCall(sdk);
    expect((await activeCalls(sdk)).records).toEqual([]);
    await clock.advanceUntil(() => call.answeredAt !== null, { stepMs: simMs(100), what: 'your phone to answer' });
    await clock.advanceUntil(() => listed(sdk, call.telephonySessionId, { direction: 'Inbound', view: 'Detailed' }), {
      stepMs: simMs(100),
      what: 'the call to be listed',
    });
    const lagMs = (clock.now() - call.answeredAt!) * sim!.clock.timeScale;
    expect(lagMs).toBeGreaterThanOrEqual(3000);
    expect(lagMs).toBeLessThanOrEqual(10_000);
    expect((await activeCalls(sdk)).records[0]).toMatchObject({
      telephonySessionId: call.telephonySessionId,
      result: 'In Progress',
      direction: 'Outbound',
      to: { phoneNumber: '+12125550108' },
    });
    await sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}`);
    expect(call.endedAt).not.toBeNull();
    expect(await listed(sdk, call.telephonySessionId)).toBe(true);
    await clock.advanceUntil(async () => !(await listed(sdk, call.telephonySessionId)), { stepMs: simMs(1000), what: 'the ended call to leave the list' });
    // Gone about 2 minutes (plus its lag) after the end: 120 s + 3-10 s, to within one step.
    const goneMs = (clock.now() - call.endedAt!) * sim!.clock.timeScale;
    expect(goneMs).toBeGreaterThanOrEqual(123_000);
    expect(goneMs).toBeLessThanOrEqual(131_000);
    expect(validateAnswers(answers.filter((a) => a.operationId === 'listExtensionActiveCalls'))).toBeGreaterThan(3);
  });

  it('off: listed as soon as your phone answered, gone as soon as the call ended', async () => {
    const { sdk, clock } = await start({ realism: { activeCallsLag: false } });
    const call = await placeLongCall(sdk);
    await clock.advanceUntil(() => call.answeredAt !== null, { stepMs: sim!.clock.realMs(100), what: 'your phone to answer' });
    expect((await activeCalls(sdk)).records.map((r: Json) => r.telephonySessionId)).toEqual([call.telephonySessionId]);
    await sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}`);
    expect((await activeCalls(sdk)).records).toEqual([]);
  });
});
