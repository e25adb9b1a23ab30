import { afterEach, describe, expect, it } from 'vitest';
import { RINGSIDE_REDIRECT_URI } from '../account/demo-account';
import { Simulator } from '../simulator';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const authorizeQuery = (redirect = RINGSIDE_REDIRECT_URI) =>
  new URLSearchParams({
    client_id: 'ringside-demo',
    response_type: 'code',
    redirect_uri: redirect,
    state: 's1',
    code_challenge: 'abc',
    code_challenge_method: 'S256',
  });

describe('authorize endpoint', () => {
  it('redirects to a consent page whose Allow link returns a code to the loopback URI', async () => {
    sim = await Simulator.start();
    const first = await fetch(`${sim.url}/restapi/oauth/authorize?${authorizeQuery()}`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const page = await fetch(first.headers.get('location')!);
    const html = await page.text();
    expect(html).toContain('Alex Demo');
    const allow = /id="approve" href="([^"]+)"/.exec(html)![1]!.replaceAll('&#38;', '&');
    const approved = await fetch(allow, { redirect: 'manual' });
    const target = new URL(approved.headers.get('location')!);
    expect(target.origin + target.pathname).toBe(RINGSIDE_REDIRECT_URI);
    expect(target.searchParams.get('state')).toBe('s1');
    expect(target.searchParams.get('code')).toMatch(/^SIMCODE-/);
  });

  it('reports a denial to the app', async () => {
    sim = await Simulator.start();
    const query = authorizeQuery();
    query.set('decision', 'deny');
    const denied = await fetch(`${sim.url}/restapi/oauth/authorize?${query}`, { redirect: 'manual' });
    expect(new URL(denied.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('serves the consent page outside any control prefix (demo mode has no control routes)', async () => {
    sim = await Simulator.start();
    expect(sim.controlToken).toBeNull();
    const first = await fetch(`${sim.url}/restapi/oauth/authorize?${authorizeQuery()}`, { redirect: 'manual' });
    expect(new URL(first.headers.get('location')!).pathname).toBe('/login');
    expect((await fetch(`${sim.url}/_simulator/faults`)).status).toBe(404);
  });

  it('with registered redirect URIs off, refuses redirect URIs that are not loopback, and plain PKCE', async () => {
    // The kind behaviour of old: any loopback URI, so the check of the rest stays focused.
    sim = await Simulator.start({ autoApprove: true, realism: { registeredRedirectUris: false } });
    const anyLoopback = await fetch(`${sim.url}/restapi/oauth/authorize?${authorizeQuery('http://127.0.0.1:4567/callback')}`, { redirect: 'manual' });
    expect(anyLoopback.status).toBe(302);
    const remote = await fetch(`${sim.url}/restapi/oauth/authorize?${authorizeQuery('https://evil.example.com/cb')}`, { redirect: 'manual' });
    expect(remote.status).toBe(400);
    expect(await remote.json()).toMatchObject({ error: 'invalid_request' });
    const plain = authorizeQuery();
    plain.set('code_challenge_method', 'plain');
    expect((await fetch(`${sim.url}/restapi/oauth/authorize?${plain}`, { redirect: 'manual' })).status).toBe(400);
  });
});
