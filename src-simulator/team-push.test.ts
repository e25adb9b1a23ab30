/**
 * The team account's live calls on the account-level telephony push (issue 29, the team
 * board's source): 20 users' concurrent RingOuts reach an admin's account-level subscription
 * with both parties (REALITY 7), as one-party deltas with concrete ids and gapped sequences
 * (REALITY 19), validated against the spec; the admin's own extension-level subscription sees
 * none of them; each call ends in its user's call log.
 */
import { Subscriptions } from '@ringcentral/subscriptions';
import type { SDK } from '@ringcentral/sdk';
import { afterEach, expect, it } from 'vitest';
import { sdkFor, waitFor } from '../test-support/simulator-harness';
import { SpecValidator } from '../test-support/spec-validator';
import { placeColleagueCall, TEAM_ACCOUNT, TEAM_APP } from './account/team-account';
import { callLogQuery } from './call-log/call-log-store';
import { Simulator } from './simulator';
import { control, startTestSimulator } from './testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const spec = new SpecValidator();
let sim: Simulator | undefined;
const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop().catch(() => undefined);
  await sim?.close();
  sim = undefined;
});

async function signedIn(): Promise<SDK> {
  const sdk = sdkFor(sim!);
  await sdk.platform().login({ jwt: 'ringside-demo-jwt' });
  return sdk;
}

/** One subscription on its own connection (the gateway keeps one per connection, REALITY 22). */
async function subscribe(filter: string): Promise<Json[]> {
  const events: Json[] = [];
  const subscription = new Subscriptions({ sdk: await signedIn() }).createSubscription();
  subscription.on(subscription.events.notification, (event: Json) => events.push(event));
  subscription.setEventFilters([filter]);
  const ws = await subscription.register();
  stops.push(() => ws.revoke());
  return events;
}

it('20 users’ concurrent calls reach the admin’s account-level subscription with both parties, one-party deltas, concrete ids; not the extension-level one', async () => {
  sim = await Simulator.start({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50, callLogDelaySeconds: 5 });
  sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
  const company = await subscribe('/restapi/v1.0/account/~/telephony/sessions');
  const own = await subscribe('/restapi/v1.0/account/~/extension/~/telephony/sessions');
  const users = TEAM_ACCOUNT.extensions.slice(2, 22);
  const calls = users.map((user) => placeColleagueCall(sim!, user.id, '+12125550100'));
  await waitFor(() => calls.every((c) => c.endedAt !== null), { timeoutMs: 20_000, what: 'every call to end' });
  const ended = (telephonySessionId: string) =>
    company.some(
      (e) =>
        e.body.telephonySessionId === telephonySessionId && e.body.parties[0].ringOutRole === 'Initiator' && e.body.parties[0].status.code === 'Disconnected',
    );
  await waitFor(() => calls.every((c) => ended(c.telephonySessionId)), { timeoutMs: 10_000, what: 'every Disconnected on the account filter' });

  const admin = TEAM_ACCOUNT.extensions[0]!.id;
  for (const [i, call] of calls.entries()) {
    const events = company.filter((e) => e.body.telephonySessionId === call.telephonySessionId);
    // Your party and the other one (the PSTN callee) both come on the account-level filter (REALITY 7).
    const initiator = events.filter((e) => e.body.parties[0].ringOutRole === 'Initiator');
    expect(initiator.length, users[i]!.name).toBeGreaterThan(0);
    expect(initiator.every((e) => e.body.parties[0].extensionId === String(users[i]!.id))).toBe(true);
    expect(events.some((e) => e.body.parties[0].ringOutRole === 'Target')).toBe(true);
    // One party per event, concrete ids in the event path, sequences starting above 1 (REALITY 19).
    expect(events.every((e) => e.body.parties.length === 1)).toBe(true);
    expect(events.every((e) => e.event === `/restapi/v1.0/account/${TEAM_ACCOUNT.id}/telephony/sessions` && e.ownerId === String(admin))).toBe(true);
    expect(Math.min(...events.map((e) => e.body.sequence))).toBeGreaterThan(1);
    for (const event of events) expect(spec.errors('/components/schemas/AccountTelephonySessionsEvent', event)).toEqual([]);
  }
  // The admin's own extension-level subscription carries none of the colleagues' calls.
  const sessions = new Set(calls.map((c) => c.telephonySessionId));
  expect(own.filter((e) => sessions.has(e.body.telephonySessionId))).toEqual([]);
  // Each call ends in its user's call log (what the collector then archives).
  await waitFor(
    () => calls.every((c) => sim!.callLog.query(callLogQuery({ extensionId: c.init.extensionId, telephonySessionId: c.telephonySessionId })).total > 0),
    { timeoutMs: 10_000, what: 'each call in its user’s call log' },
  );
}, 60_000);

it('a standalone simulator places a colleague’s call through its control route, and refuses a stranger or a bad number', async () => {
  sim = await startTestSimulator({ account: TEAM_ACCOUNT, app: TEAM_APP, timeScale: 50 });
  const colleague = TEAM_ACCOUNT.extensions[9]!;
  const placed = await control(sim, 'POST', 'colleague-call', { extensionId: colleague.id, to: '+12125550101' });
  expect(placed.status).toBe(200);
  const { telephonySessionId } = (await placed.json()) as { telephonySessionId: string };
  const call = [...sim.calls.values()].find((c) => c.telephonySessionId === telephonySessionId)!;
  expect(call.init).toMatchObject({ extensionId: colleague.id, userName: colleague.name, ringMeAt: colleague.forwardingNumbers[0]!.phoneNumber });
  expect((await control(sim, 'POST', 'colleague-call', { extensionId: 1, to: '+12125550101' })).status).toBe(400);
  expect((await control(sim, 'POST', 'colleague-call', { extensionId: colleague.id, to: 'tomorrow' })).status).toBe(400);
});
