import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_APP, RINGSIDE_REDIRECT_URI, Simulator } from '../../../src-simulator';
import { DEFAULT_REDIRECT_URI } from '../../../src-shared/settings';
import { MemorySecretStore, type Logger } from '../ports';
import { AUTH_SECRET_KEY, Session, SessionError, SIGNED_OUT_BY_RINGCENTRAL } from './session';

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
    expect(session.state).toMatchObject({ status: 'needsSignIn', reason: SIGNED_OUT_BY_RINGCENTRAL });
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

  it('uses the redirect URI the simulator registers for Ringside', () => {
    expect(DEFAULT_REDIRECT_URI).toBe(RINGSIDE_REDIRECT_URI);
  });

  it('signs in in the browser with PKCE and checks the state', async () => {
    const { session } = await setup();
    const redirectUri = DEFAULT_REDIRECT_URI;
    const url = session.beginBrowserSignIn(redirectUri);
    const answer = await fetch(url, { redirect: 'manual' });
    await session.completeBrowserSignIn(answer.headers.get('location')!, redirectUri);
    expect(session.state.status).toBe('signedIn');
    expect(await extensionName(session)).toBe('Alex Demo');
  });

  it('refuses a browser answer that belongs to another attempt, and reports a denial', async () => {
    const { session } = await setup();
    const redirectUri = DEFAULT_REDIRECT_URI;
    session.beginBrowserSignIn(redirectUri);
    await expect(session.completeBrowserSignIn(`${redirectUri}?code=abc&state=forged`, redirectUri)).rejects.toMatchObject({ code: 'PKCE_STATE_MISMATCH' });
    // A denial without this attempt's state is someone else's text: refused as a mismatch (finding 13).
    session.beginBrowserSignIn(redirectUri);
    await expect(session.completeBrowserSignIn(`${redirectUri}?error=access_denied&error_description=Call+1-900-SCAM`, redirectUri)).rejects.toMatchObject({
      code: 'PKCE_STATE_MISMATCH',
    });
    const state = new URL(session.beginBrowserSignIn(redirectUri)).searchParams.get('state');
    await expect(
      session.completeBrowserSignIn(`${redirectUri}?error=access_denied&error_description=The+user+denied+access&state=${state}`, redirectUri),
    ).rejects.toMatchObject({
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

  it('explains an unregistered redirect URI (OAU-109) with the exact URI to register, before the browser opens', async () => {
    const { session } = await setup({ autoApprove: false });
    const other = 'http://127.0.0.1:45111/callback';
    const url = session.beginBrowserSignIn(other);
    const error = await session.checkAuthorizeUrl(url, other).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REDIRECT_URI_NOT_REGISTERED' });
    expect((error as Error).message).toContain('OAU-109');
    expect((error as Error).message).toContain(`add exactly ${other} `);
    // The registered one passes the check (the consent page follows).
    await expect(session.checkAuthorizeUrl(session.beginBrowserSignIn(DEFAULT_REDIRECT_URI), DEFAULT_REDIRECT_URI)).resolves.toBeUndefined();
  });

  it('explains an app with no redirect URI at all (OAU-113)', async () => {
    sim = await Simulator.start({ timeScale: 50, app: { ...DEMO_APP, redirectUris: [] } });
    const session = new Session({ server: sim.url, clientId: sim.app.clientId }, new MemorySecretStore(), recordingLogger());
    const error = await session.checkAuthorizeUrl(session.beginBrowserSignIn(DEFAULT_REDIRECT_URI), DEFAULT_REDIRECT_URI).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no OAuth redirect URI registered \(OAU-113\).*add exactly http:\/\/127\.0\.0\.1:37219\/callback /);
  });

  it('ended by RingCentral (a sixth sign-in): "Signed out by RingCentral", and no request loop afterwards', async () => {
    const { session, sim } = await setup();
    await session.signInWithJwt('ringside-demo-jwt');
    // Five more sessions of the same user and app: RingCentral ends the oldest, ours (REALITY 2).
    for (let i = 0; i < 5; i++) {
      const other = new Session(
        { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
        new MemorySecretStore(),
        recordingLogger(),
      );
      await other.signInWithJwt('ringside-demo-jwt');
    }
    await expect(extensionName(session)).rejects.toThrow();
    expect(session.state).toEqual({ status: 'needsSignIn', server: sim.url, reason: SIGNED_OUT_BY_RINGCENTRAL });
    const sent = sim.requestLog.length;
    for (let i = 0; i < 5; i++) await expect(extensionName(session)).rejects.toThrow();
    expect(sim.requestLog.length).toBe(sent);
  });
});
