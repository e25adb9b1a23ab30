import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../../src-simulator';
import { MemorySecretStore, type Logger } from '../ports';
import { AUTH_SECRET_KEY, Session, SessionError } from './session';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, details?: Record<string, unknown>) => lines.push(`${message} ${JSON.stringify(details ?? {})}`);
  return { lines, info: log, warn: log, error: log };
}

async function setup(options: { autoApprove?: boolean } = {}) {
  sim = await Simulator.start({ timeScale: 50, autoApprove: options.autoApprove ?? true });
  const secrets = new MemorySecretStore();
  const logger = recordingLogger();
  const config = { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret };
  const session = new Session(config, secrets, logger);
  return { sim, secrets, logger, config, session };
}

async function extensionName(session: Session): Promise<string> {
  return ((await (await session.sdk.platform().get('/restapi/v1.0/account/~/extension/~')).json()) as { name: string }).name;
}

describe('Session', () => {
  it('signs in with a JWT and keeps the tokens only in the secret store', async () => {
    const { session, secrets, logger } = await setup();
    const states: string[] = [];
    session.onChange((s) => states.push(s.status));
    await session.signInWithJwt('ringside-demo-jwt');
    expect(session.state.status).toBe('signedIn');
    expect(states).toEqual(['signedIn']);
    const saved = JSON.parse((await secrets.get(AUTH_SECRET_KEY))!);
    expect(saved.auth.access_token).toMatch(/^SIMAT-/);
    expect(logger.lines.join('\n')).not.toMatch(/SIMAT-|SIMRT-|ringside-demo-jwt/);
  });

  it('explains a refused JWT', async () => {
    const { session } = await setup();
    const error = await session.signInWithJwt('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect((error as Error).message).toBe('JWT sign-in failed: Invalid JWT token.');
    expect(session.state.status).toBe('signedOut');
  });

  it('survives a restart: the saved session is restored and refreshed when stale', async () => {
    const { session, secrets, config, logger, sim } = await setup();
    await session.signInWithJwt('ringside-demo-jwt');
    const before = await secrets.get(AUTH_SECRET_KEY);
    sim.expireAccessTokens();
    const restarted = new Session(config, secrets, logger);
    expect((await restarted.restore()).status).toBe('signedIn');
    expect(await extensionName(restarted)).toBe('Alex Demo');
    expect(await secrets.get(AUTH_SECRET_KEY)).not.toBe(before);
  });

  it('asks to sign in again when the refresh token is dead, keeping the saved session', async () => {
    const { session, secrets, sim } = await setup();
    await session.signInWithJwt('ringside-demo-jwt');
    sim.revokeAllTokens();
    await expect(extensionName(session)).rejects.toThrow();
    expect(session.state).toMatchObject({ status: 'needsSignIn', reason: expect.stringContaining('sign in again') });
    expect(await secrets.get(AUTH_SECRET_KEY)).not.toBeNull();
    await session.signInWithJwt('ringside-demo-jwt');
    expect(session.state.status).toBe('signedIn');
  });

  it('refreshes after sleep when the access token has lapsed', async () => {
    const { session, sim } = await setup();
    await session.signInWithJwt('ringside-demo-jwt');
    await session.sdk.platform().auth().cancelAccessToken();
    await session.ensureFreshToken();
    expect(await session.sdk.platform().auth().accessTokenValid()).toBe(true);
    expect(sim.requestLog.filter((r) => r.operationId === 'getToken').length).toBe(2);
  });

  it('signs in in the browser with PKCE and checks the state', async () => {
    const { session } = await setup();
    const redirectUri = 'http://127.0.0.1:45111/callback';
    const url = session.beginBrowserSignIn(redirectUri);
    const answer = await fetch(url, { redirect: 'manual' });
    await session.completeBrowserSignIn(answer.headers.get('location')!, redirectUri);
    expect(session.state.status).toBe('signedIn');
    expect(await extensionName(session)).toBe('Alex Demo');
  });

  it('refuses a browser answer that belongs to another attempt, and reports a denial', async () => {
    const { session } = await setup();
    const redirectUri = 'http://127.0.0.1:45111/callback';
    session.beginBrowserSignIn(redirectUri);
    await expect(session.completeBrowserSignIn(`${redirectUri}?code=abc&state=forged`, redirectUri)).rejects.toMatchObject({ code: 'PKCE_STATE_MISMATCH' });
    // A denial without this attempt's state is someone else's text: refused as a mismatch (finding 13).
    session.beginBrowserSignIn(redirectUri);
    await expect(session.completeBrowserSignIn(`${redirectUri}?error=access_denied&error_description=Call+1-900-SCAM`, redirectUri)).rejects.toMatchObject({ code: 'PKCE_STATE_MISMATCH' });
    const state = new URL(session.beginBrowserSignIn(redirectUri)).searchParams.get('state');
    await expect(session.completeBrowserSignIn(`${redirectUri}?error=access_denied&error_description=The+user+denied+access&state=${state}`, redirectUri)).rejects.toMatchObject({
      code: 'SIGN_IN_DENIED',
      message: 'The user denied access',
    });
  });

  it('signs out with revoke, and locally even when RingCentral is unreachable', async () => {
    const { session, secrets, sim } = await setup();
    await session.signInWithJwt('ringside-demo-jwt');
    expect(await session.signOut()).toEqual({ revoked: true });
    expect(await secrets.get(AUTH_SECRET_KEY)).toBeNull();
    expect(session.state.status).toBe('signedOut');
    await session.signInWithJwt('ringside-demo-jwt');
    sim.setFaults({ networkDown: true });
    expect(await session.signOut()).toEqual({ revoked: false });
    expect(await secrets.get(AUTH_SECRET_KEY)).toBeNull();
  });
});
