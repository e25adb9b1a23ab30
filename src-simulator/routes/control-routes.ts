import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ControllableSim, ControlRoutes } from '../context';
import type { FaultsPatch } from '../faults';
import { placeColleagueCall } from '../account/team-account';

/** Seeding is bounded per request so one call cannot exhaust the simulator's memory. */
export const MAX_SEED_PER_REQUEST = 200_000;

export const CONTROL_TOKEN_HEADER = 'x-simulator-token';

function sameToken(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Test controls over HTTP, under their own prefix so they never collide with the API. Every
 * one is also a method on the in-process Simulator. Only `testing.ts` imports this module.
 */
export function createControlRoutes(token = randomBytes(24).toString('base64url')): ControlRoutes {
  const prefix = '/_simulator/';
  return {
    token,
    prefix,
    async handle(sim: ControllableSim, method, url, body, given) {
      if (!sameToken(token, given))
        return { status: 401, body: { message: `A simulator control needs the run's token in the ${CONTROL_TOKEN_HEADER} header` } };
      const action = `${method} ${url.pathname.slice(prefix.length)}`;
      switch (action) {
        case 'GET requests':
          return { status: 200, body: { requests: sim.requestLog } };
        case 'GET scenarios':
          return { status: 200, body: sim.scenarios };
        case 'GET faults':
          return { status: 200, body: sim.faults };
        case 'POST faults':
          return { status: 200, body: sim.setFaults((body ?? {}) as FaultsPatch) };
        case 'POST reset':
          sim.reset();
          return { status: 204 };
        case 'POST seed': {
          const count = Number((body as { count?: unknown } | undefined)?.count);
          if (!Number.isInteger(count) || count < 1 || count > MAX_SEED_PER_REQUEST) {
            return { status: 400, body: { message: `count must be an integer from 1 to ${MAX_SEED_PER_REQUEST.toLocaleString('en-US')} per request` } };
          }
          sim.seedHistory(count, Number((body as { seed?: unknown }).seed ?? 1));
          return { status: 200, body: { records: sim.callLog.size } };
        }
        case 'POST expire-tokens':
          sim.expireAccessTokens();
          return { status: 204 };
        case 'POST revoke-tokens':
          sim.revokeAllTokens();
          return { status: 204 };
        case 'POST colleague-call': {
          // A user of the account places a RingOut from their mobile (the team account's live calls, issue 29).
          const { extensionId, to } = (body ?? {}) as { extensionId?: unknown; to?: unknown };
          const extension = sim.account.extensions.find((e) => e.id === Number(extensionId));
          if (!extension || typeof to !== 'string' || !/^\+\d{6,15}$/.test(to)) {
            return { status: 400, body: { message: 'colleague-call needs the extensionId of a user of the account and an E.164 number in to' } };
          }
          const call = placeColleagueCall(sim, extension.id, to);
          return { status: 200, body: { ringOutId: call.id, telephonySessionId: call.telephonySessionId } };
        }
        case 'POST kill-websockets':
          return { status: 200, body: { killed: sim.killWebSockets() } };
        default:
          return { status: 404, body: { message: `No simulator control at ${method} ${url.pathname}` } };
      }
    },
  };
}
