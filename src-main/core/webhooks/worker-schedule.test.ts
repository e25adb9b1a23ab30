/**
 * Issue 30: the delivery worker never forgets a waiting delivery when time moves while it looks
 * at the outbox (a slow archive write on a loaded machine, a timer fired a little early): the
 * retry still goes. Once failed "delivery after sign-out" under load.
 */
import { expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../../../test-support/fake-clock';
import { Archive } from '../history/archive';
import { silentLogger } from '../ports';
import { DeliveryWorker } from './delivery-worker';
import { Outbox } from './outbox';
import type { TransportAnswer } from './transport';

it('a retry that falls due while the worker writes to the archive is still sent', async () => {
  const clock = new FakeClock();
  const archive = Archive.open(':memory:').archive;
  const outbox = new Outbox(archive.database);
  // Each archive transaction takes 150 ms of the clock once `slow` (a loaded machine).
  let slow = false;
  const write = <T>(work: () => T): T => {
    const result = archive.transaction(work);
    if (slow) clock.elapse(150);
    return result;
  };
  const answers: TransportAnswer[] = [
    { status: 500, retryAfter: null, body: 'busy' },
    { status: 200, retryAfter: null, body: 'ok' },
  ];
  const sentAt: number[] = [];
  const worker = new DeliveryWorker({
    outbox,
    write,
    secretOf: () => Promise.resolve('secret-0123456789'),
    clock,
    transport: () => {
      sentAt.push(clock.now());
      return Promise.resolve(answers.shift()!);
    },
    logger: silentLogger,
    changed: () => undefined,
    // The first retry waits a tenth of 2 s: 200 ms, less than the two writes after the failure take.
    random: () => 0.1,
  });
  write(() => {
    outbox.addEndpoint({ id: 'wh_1', url: 'http://127.0.0.1:9/hook', label: null, events: ['call.completed'], createdMs: clock.now() });
    outbox.insert(
      {
        id: 'dlv_1',
        endpointId: 'wh_1',
        event: 'call.completed',
        eventId: 'evt_1',
        callKey: 'ringside:c1',
        ringsideCallId: 'c1',
        party: 'Ann',
        payload: '{}',
        heldUntil: null,
      },
      clock.now(),
    );
  });
  slow = true;
  worker.start();
  await clock.advanceUntil(() => sentAt.length === 2 && outbox.nextDueAt() === null, { stepMs: 100, limitMs: 10_000, what: 'the retry' });
  expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(200);
  worker.stop();
  await flushPromises();
  archive.close();
});
