/** REALITY 23: identical requests in flight at once can earn 429 CMN-304, so status reads of one call share a request. */
import type { SDK } from '@ringcentral/sdk';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test-support/fake-clock';
import { RingCentralApi } from './api';
import { RatePlanner } from './rate-planner';

describe('RingCentralApi and duplicate requests', () => {
  it('reads of the same RingOut status at once share one request; a later read sends its own', async () => {
    const pending: Array<{ id: string; resolve: (response: Response) => void }> = [];
    const get = (url: string) => new Promise<Response>((resolve) => pending.push({ id: url.split('/').at(-1)!, resolve }));
    const api = new RingCentralApi({ platform: () => ({ get }) } as unknown as SDK, new RatePlanner(new FakeClock()));
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const answerAll = () => {
      for (const { id, resolve } of pending.splice(0)) resolve(new Response(JSON.stringify({ id, status: { callStatus: 'InProgress' } })));
    };

    const reads = [api.ringOutStatus('77'), api.ringOutStatus('77'), api.ringOutStatus('78')];
    await settle();
    expect(pending.map((p) => p.id)).toEqual(['77', '78']);
    answerAll();
    const [first, second, other] = await Promise.all(reads);
    expect(first).toEqual({ id: '77', status: { callStatus: 'InProgress' } });
    expect(second).toEqual(first);
    expect(other?.id).toBe('78');

    const later = api.ringOutStatus('77');
    await settle();
    expect(pending.map((p) => p.id)).toEqual(['77']);
    answerAll();
    expect(await later).toEqual(first);
  });
});
