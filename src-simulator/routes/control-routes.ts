import type { FaultsPatch } from '../faults';
import type { SimResponse } from '../http/types';
import type { Simulator } from '../simulator';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The consent page the authorize endpoint redirects to (the real one is a login form). */
function loginPage(sim: Simulator, query: URLSearchParams): SimResponse {
  const user = sim.account.extensions[0]!;
  const decide = (decision: string) => {
    const q = new URLSearchParams(query);
    q.set('decision', decision);
    return escapeHtml(`${sim.url}/restapi/oauth/authorize?${q.toString()}`);
  };
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to RingCentral (simulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}a{display:inline-block;margin-right:1rem;padding:.6rem 1.2rem;border-radius:8px;text-decoration:none}
.approve{background:#0a66d8;color:#fff}.deny{border:1px solid #999;color:#333}</style></head>
<body><h1>RingCentral simulator</h1><p><strong>Ringside</strong> asks to use your account as <strong>${escapeHtml(user.name)}</strong> (ext. ${escapeHtml(user.extensionNumber)}).</p>
<p><a class="approve" id="approve" href="${decide('approve')}">Allow</a><a class="deny" id="deny" href="${decide('deny')}">Deny</a></p></body></html>`;
  return { status: 200, body, contentType: 'text/html; charset=utf-8' };
}

/**
 * Test controls, under /_simulator/ so they never collide with the API. Every one of them
 * is also a method on the in-process Simulator.
 */
export async function controlRoutes(sim: Simulator, method: string, url: URL, body: unknown): Promise<SimResponse> {
  const action = `${method} ${url.pathname}`;
  switch (action) {
    case 'GET /_simulator/login':
      return loginPage(sim, url.searchParams);
    case 'GET /_simulator/requests':
      return { status: 200, body: { requests: sim.requestLog } };
    case 'GET /_simulator/scenarios':
      return { status: 200, body: sim.scenarios };
    case 'GET /_simulator/faults':
      return { status: 200, body: sim.faults };
    case 'POST /_simulator/faults':
      return { status: 200, body: sim.setFaults((body ?? {}) as FaultsPatch) };
    case 'POST /_simulator/reset':
      sim.reset();
      return { status: 204 };
    case 'POST /_simulator/seed': {
      const count = Number((body as { count?: unknown } | undefined)?.count);
      if (!Number.isInteger(count) || count < 1 || count > 1_000_000) return { status: 400, body: { message: 'count must be an integer from 1 to 1,000,000' } };
      sim.seedHistory(count, Number((body as { seed?: unknown }).seed ?? 1));
      return { status: 200, body: { records: sim.callLog.size } };
    }
    case 'POST /_simulator/expire-tokens':
      sim.expireAccessTokens();
      return { status: 204 };
    case 'POST /_simulator/revoke-tokens':
      sim.revokeAllTokens();
      return { status: 204 };
    case 'POST /_simulator/kill-websockets':
      return { status: 200, body: { killed: sim.killWebSockets() } };
    default:
      return { status: 404, body: { message: `No simulator control at ${action}` } };
  }
}
