import type { SimContext } from '../context';
import type { SimResponse } from '../http/types';

/** Where the authorize endpoint sends a browser that still has to consent. */
export const LOGIN_PATH = '/login';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The consent page the authorize endpoint redirects to (the real one is a login form). */
export function loginPage(sim: SimContext, query: URLSearchParams): SimResponse {
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
