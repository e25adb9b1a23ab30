import type { SDK } from '@ringcentral/sdk';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test-support/fake-clock';
import { RingCentralApi } from './api';
import { RatePlanner } from './rate-planner';

type Call = { method: string; url: string };

/** An SDK stand-in whose platform answers each request with the given body or status. */
function fakeSdk(answer: (call: Call) => Response): { sdk: SDK; calls: Call[] } {
  const calls: Call[] = [];
  const send = (method: string) => async (url: string) => {
    const call = { method, url };
    calls.push(call);
    const response = answer(call);
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { response });
    return response;
  };
  const platform = { get: send('GET'), post: send('POST'), delete: send('DELETE') };
  return { sdk: { platform: () => platform } as unknown as SDK, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('RingCentralApi (lenient where the service is)', () => {
  it('turns a numeric RingOut id into a string', async () => {
    const { sdk } = fakeSdk(() =>
      json({ id: 1412, uri: 'https://platform.ringcentral.com/restapi/v1.0/account/1/extension/2/ring-out/2', status: { callStatus: 'InProgress' } }),
    );
    const api = new RingCentralApi(sdk, new RatePlanner(new FakeClock()));
    await expect(api.createRingOut({ from: '+16505550198', to: '+12125550100', playPrompt: false })).resolves.toMatchObject({ id: '1412' });
    await expect(api.ringOutStatus('1412')).resolves.toMatchObject({ id: '1412', status: { callStatus: 'InProgress' } });
  });

  it('ends a telephony session with Call Control, budgeted in the Light group', async () => {
    const { sdk, calls } = fakeSdk((call) => (call.url.endsWith('/gone-1') ? json({ errorCode: 'CMN-102' }, 404) : new Response(null, { status: 204 })));
    const planner = new RatePlanner(new FakeClock());
    const api = new RingCentralApi(sdk, planner);
    await expect(api.deleteCallSession('s-1')).resolves.toBe('ended');
    expect(calls).toEqual([{ method: 'DELETE', url: '/restapi/v1.0/account/~/telephony/sessions/s-1' }]);
    expect(planner.state().groups.Light.remaining).toBe(planner.limit('Light') - 1);
    await expect(api.deleteCallSession('gone-1')).resolves.toBe('gone');
  });

  it('a cancel of a RingOut that had already finished (404, or 400 RNG-101) is "gone", not a refusal', async () => {
    const { sdk } = fakeSdk((call) =>
      call.url.endsWith('/over')
        ? json({ errorCode: 'InvalidParameter', errors: [{ errorCode: 'RNG-101', message: 'RingOut call cannot be cancelled once it is finished' }] }, 400)
        : call.url.endsWith('/bad')
          ? json({ errorCode: 'InvalidParameter', errors: [{ errorCode: 'CMN-101', message: 'Parameter [ringOutId] value is invalid' }] }, 400)
          : json({ errorCode: 'CMN-102' }, 404),
    );
    const api = new RingCentralApi(sdk, new RatePlanner(new FakeClock()));
    await expect(api.cancelRingOut('over')).resolves.toBe('gone');
    await expect(api.cancelRingOut('forgotten')).resolves.toBe('gone');
    await expect(api.cancelRingOut('bad')).rejects.toMatchObject({ status: 400, errorCode: 'CMN-101' });
  });

  it('reports a refused Call Control request as an error', async () => {
    const { sdk } = fakeSdk(() =>
      json({ errorCode: 'CMN-401', message: 'In order to call this API endpoint, application needs to have [CallControl] permission' }, 403),
    );
    const api = new RingCentralApi(sdk, new RatePlanner(new FakeClock()));
    await expect(api.deleteCallSession('s-1')).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
  });
});
