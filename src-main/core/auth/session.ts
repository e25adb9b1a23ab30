import { randomBytes } from 'node:crypto';
import type { SDK, SendOptions } from '@ringcentral/sdk';
import type { Logger, SecretStore } from '../ports';
import { createSdk, type ServerConfig } from '../ringcentral/rc-client';
import { ApiError, httpResponseOf } from '../ringcentral/api-error';
import { retryAfterMs } from '../ringcentral/rate-planner';
import { RingsideError } from '../errors';
import { Emitter, type Event } from '../../../src-shared/emitter';

export const AUTH_SECRET_KEY = 'ringcentral.auth';

export type SessionState =
  | { status: 'signedOut' }
  | { status: 'signedIn'; server: string }
  /** The refresh token is dead (expired or revoked): the user must sign in again. */
  | { status: 'needsSignIn'; server: string; reason: string };

/** What the app shows when the service ended the session (the 5-session cap, a password change, an admin). */
export const SIGNED_OUT_BY_RINGCENTRAL =
  'Signed out by RingCentral: RingCentral ended this session (another sign-in to the same app, a password change or an administrator can do that). Sign in again to continue; your calls and history are kept.';

/** The human explanation of OAU-109 / OAU-113: the exact URI to register, and where. */
export function redirectUriExplanation(errorCode: 'OAU-109' | 'OAU-113', redirectUri: string): string {
  const what =
    errorCode === 'OAU-113'
      ? 'RingCentral refused the sign-in because your RingCentral app has no OAuth redirect URI registered (OAU-113).'
      : "RingCentral refused the sign-in because Ringside's redirect URI is not registered for your RingCentral app (OAU-109: Redirect URIs do not match).";
  return `${what} In the RingCentral developer console, open the app, and under OAuth Redirect URI add exactly ${redirectUri} , then sign in again. (To use another URI, change it in Ringside's Settings and register that one.)`;
}

export type SessionErrorCode = 'SIGN_IN_FAILED' | 'PKCE_STATE_MISMATCH' | 'SIGN_IN_DENIED' | 'REDIRECT_URI_NOT_REGISTERED';

/** Signing in did not work: a RingsideError with one of the session's codes. */
export class SessionError extends RingsideError {
  declare readonly code: SessionErrorCode;
  constructor(code: SessionErrorCode, message: string) {
    super(code, message);
    this.name = 'SessionError';
  }
}

/** Refresh failures that mean the refresh token itself is no good (not a network blip). */
function isDeadRefreshToken(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  const status = (error as { response?: Response } | null)?.response?.status;
  return status === 400 || status === 401 || /Refresh token (is missing|has expired)/.test(message);
}

/**
 * The signed-in RingCentral session: JWT or authorization code + PKCE sign-in, tokens kept
 * only in the SecretStore (encrypted by the shell), automatic refresh through the SDK (one
 * at a time), and a clear "please sign in again" state when the refresh token is dead,
 * without dropping the stored session silently.
 */
export class Session {
  readonly sdk: SDK;
  private current: SessionState = { status: 'signedOut' };
  private readonly changed = new Emitter<SessionState>();
  readonly onChange: Event<SessionState> = this.changed.event;
  private pkceState: string | null = null;
  /** Set from the moment a sign-out starts: nothing but the revoke goes to RingCentral after it. */
  private signingOut = false;
  /** A refresh refused with 429: from when until when RingCentral's Auth group is penalised. */
  private authPenalty: { from: number; until: number } | null = null;

  constructor(
    readonly config: ServerConfig,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
  ) {
    this.sdk = createSdk(config);
    const platform = this.sdk.platform();
    // Every authenticated request (and the SDK's own retry after a 401, which refreshes the
    // token first) passes here: once signed out, or signing out, it fails on this machine
    // instead of asking RingCentral for a token again and again (issue 26, item 14).
    const ensureLoggedIn = platform.ensureLoggedIn.bind(platform);
    platform.ensureLoggedIn = async () => {
      if (this.signingOut || this.current.status !== 'signedIn') {
        throw new ApiError('unauthorized', 'You are signed out of RingCentral: sign in to continue.', null, null);
      }
      return ensureLoggedIn();
    };
    refreshOnceForUnauthorized(this.sdk);
    // After a refresh refused with 429, any request that finds no valid access token (in the
    // planner's other groups, push) would ask for a token again during the penalty, and each
    // such request starts the penalty again (REALITY 11): its own retry and every other one then
    // meets a 429 too, until their retries run out (5 minutes at RingCentral's 60 s). Until the
    // penalty is over, a refresh is refused here with the same answer and the time left, so the
    // planner holds the request to the penalty's end; the first refresh after it learns the verdict.
    const refresh = platform.refresh.bind(platform);
    platform.refresh = async () => {
      const refusal = this.refusalDuringAuthPenalty();
      if (refusal) throw refusal;
      try {
        return await refresh();
      } catch (error) {
        const response = httpResponseOf(error);
        if (response?.status === 429) {
          const now = Date.now();
          this.authPenalty = { from: now, until: now + retryAfterMs(response, AUTH_PENALTY_FALLBACK_MS) };
        }
        throw error;
      }
    };
    // A refresh answered after the sign-out finished must not bring the session back either.
    platform.on(platform.events.refreshSuccess, () => {
      if (this.current.status !== 'signedOut') void this.persist();
    });
    platform.on(platform.events.refreshError, (error: unknown) => {
      if (isDeadRefreshToken(error)) {
        if (this.current.status === 'needsSignIn') return;
        this.logger.warn('RingCentral refresh token rejected; sign-in needed');
        // Forget the dead tokens in memory, so later requests fail here instead of asking
        // RingCentral again and again; the stored copy stays for inspection.
        void platform.auth().setData({ access_token: '', refresh_token: '', expire_time: 1, refresh_token_expire_time: 1 });
        this.setState({ status: 'needsSignIn', server: this.config.server, reason: SIGNED_OUT_BY_RINGCENTRAL });
      } else {
        this.logger.warn('RingCentral token refresh failed; will retry', { error: (error as Error)?.message });
      }
    });
  }

  get state(): SessionState {
    return this.current;
  }

  /** While the Auth group's penalty runs: the 429 a refresh would get, without sending it. */
  private refusalDuringAuthPenalty(): Error | null {
    const now = Date.now();
    const penalty = this.authPenalty;
    // A clock set back (before the penalty started) must not hold refreshes for that long.
    if (!penalty || now < penalty.from || now >= penalty.until) {
      this.authPenalty = null;
      return null;
    }
    const headers = { 'Retry-After': String((penalty.until - now) / 1000), 'X-Rate-Limit-Group': 'Auth' };
    return Object.assign(new Error('Token refresh held: RingCentral is limiting token requests (Auth group)'), {
      response: new Response(null, { status: 429, headers }),
    });
  }

  /** Ends this session at RingCentral if there is one, keeping nothing (another sign-in follows). */
  async revokeIfSignedIn(): Promise<void> {
    if (this.current.status === 'signedOut') return;
    await this.signOut();
  }

  private setState(state: SessionState): void {
    this.current = state;
    this.changed.fire(state);
  }

  /** Restores a session saved by an earlier run; a stale access token is refreshed on first use. */
  async restore(): Promise<SessionState> {
    const saved = await this.secrets.get(AUTH_SECRET_KEY);
    if (!saved) return this.current;
    try {
      const data = JSON.parse(saved) as { server?: string; auth?: Record<string, unknown> };
      if (data.server !== this.config.server || !data.auth) return this.current;
      await this.sdk.platform().auth().setData(data.auth);
      const refreshAlive = await this.sdk.platform().auth().refreshTokenValid();
      this.setState(
        refreshAlive
          ? { status: 'signedIn', server: this.config.server }
          : { status: 'needsSignIn', server: this.config.server, reason: 'Your RingCentral session has expired. Please sign in again.' },
      );
    } catch {
      // An unreadable saved session is left in place for inspection and treated as signed out.
      this.logger.warn('Saved RingCentral session could not be read');
    }
    return this.current;
  }

  async signInWithJwt(jwt: string): Promise<void> {
    try {
      await authRateLimited(() => this.sdk.platform().login({ jwt }));
    } catch (error) {
      throw new SessionError('SIGN_IN_FAILED', await describeAuthError(error, 'JWT sign-in failed'));
    }
    await this.persist();
    this.setState({ status: 'signedIn', server: this.config.server });
  }

  /** Step 1 of browser sign-in: the URL to open, with PKCE and an anti-CSRF state. */
  beginBrowserSignIn(redirectUri: string): string {
    this.pkceState = randomBytes(16).toString('base64url');
    return this.sdk.platform().loginUrl({ usePKCE: true, state: this.pkceState, redirectUri });
  }

  /**
   * Asks the authorize endpoint, without following its redirect, whether it takes this
   * request: a redirect URI RingCentral does not know (OAU-109 / OAU-113) becomes an
   * explanation in the app instead of an error page in the browser. Unreachable: no verdict.
   */
  async checkAuthorizeUrl(url: string, redirectUri: string): Promise<void> {
    let answer: Response;
    try {
      answer = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    } catch {
      return;
    }
    if (answer.status < 400) return;
    if (answer.status === 429) {
      // The browser would only show RingCentral's rate-limit error: say it here instead.
      const seconds = Number(answer.headers.get('retry-after')) || 60;
      throw new SessionError(
        'SIGN_IN_FAILED',
        `RingCentral is limiting sign-ins right now (too many in the last minute). Please try again in ${seconds} seconds.`,
      );
    }
    const text = await answer.text().catch(() => '');
    const code = /OAU-11[3]/.test(text) ? 'OAU-113' : /OAU-109/.test(text) ? 'OAU-109' : null;
    if (code) throw new SessionError('REDIRECT_URI_NOT_REGISTERED', redirectUriExplanation(code, redirectUri));
  }

  /** Step 2: the loopback redirect came back; exchange its code with the PKCE verifier. */
  async completeBrowserSignIn(callbackUrl: string, redirectUri: string): Promise<void> {
    const query = new URL(callbackUrl).searchParams;
    const expected = this.pkceState;
    this.pkceState = null;
    // The state first: an answer of another attempt (or of anyone on this machine) must not
    // abort this one or put its own text in front of the user.
    if (!expected || query.get('state') !== expected) {
      throw new SessionError('PKCE_STATE_MISMATCH', 'The sign-in answer did not match this sign-in attempt. Please try again.');
    }
    if (query.get('error')) throw new SessionError('SIGN_IN_DENIED', query.get('error_description') ?? 'Sign-in was cancelled.');
    const code = query.get('code');
    if (!code) throw new SessionError('SIGN_IN_FAILED', 'The sign-in answer had no authorization code.');
    try {
      await this.sdk.platform().login({ code, redirect_uri: redirectUri, code_verifier: this.sdk.platform().codeVerifier });
    } catch (error) {
      const code = await redirectErrorCode(error);
      if (code) throw new SessionError('REDIRECT_URI_NOT_REGISTERED', redirectUriExplanation(code, redirectUri));
      throw new SessionError('SIGN_IN_FAILED', await describeAuthError(error, 'Browser sign-in failed'));
    }
    await this.persist();
    this.setState({ status: 'signedIn', server: this.config.server });
  }

  /** After sleep or a clock jump: refresh now if the access token is no longer valid. */
  async ensureFreshToken(): Promise<void> {
    if (this.current.status !== 'signedIn') return;
    const platform = this.sdk.platform();
    if (await platform.auth().accessTokenValid()) return;
    try {
      await platform.refresh();
    } catch {
      // refreshError listener has set the state; nothing else to do here.
    }
  }

  /** Revokes the session at RingCentral, then forgets it locally even if revoke failed. */
  async signOut(): Promise<{ revoked: boolean }> {
    let revoked = false;
    this.signingOut = true;
    try {
      if (this.current.status === 'signedIn') {
        await authRateLimited(() => this.sdk.platform().logout());
        revoked = true;
      }
    } catch (error) {
      this.logger.warn('Revoke at sign-out failed; signing out locally', { error: (error as Error).message });
    }
    try {
      await this.sdk.platform().auth().cancelAccessToken();
      await this.sdk.cache().clean();
      await this.secrets.delete(AUTH_SECRET_KEY);
      this.setState({ status: 'signedOut' });
    } finally {
      this.signingOut = false;
    }
    return { revoked };
  }

  private async persist(): Promise<void> {
    // A refresh answered while signing out must not write the tokens back.
    if (this.signingOut) return;
    const auth = await this.sdk.platform().auth().data();
    await this.secrets.set(AUTH_SECRET_KEY, JSON.stringify({ server: this.config.server, auth }));
    if (this.current.status === 'needsSignIn') this.setState({ status: 'signedIn', server: this.config.server });
  }
}

/** The penalty after a 429 of the Auth group, when the answer does not say (RingCentral: 60 s). */
const AUTH_PENALTY_FALLBACK_MS = 60_000;

/**
 * The SDK answers any 401 by forgetting the current access token and refreshing. A refresh
 * rotates the tokens and the access token it replaces fails at once (REALITY 3), so requests
 * that were in flight during a refresh all come back 401: each would then refresh again,
 * retiring the token the others just got, and exhaust the Auth group (5 a minute). Here a
 * 401 refreshes only when the refused token is still the current one; when a refresh already
 * replaced it, the request is simply sent again with the new token.
 */
function refreshOnceForUnauthorized(sdk: SDK): void {
  const platform = sdk.platform();
  const send = platform.sendRequest.bind(platform);
  platform.sendRequest = async (request: Request, options: SendOptions = {}) => {
    // `retry` keeps the SDK from handling the 401 itself; the request's headers show the token it went with.
    if (options.retry || options.skipAuthCheck) return send(request, options);
    try {
      return await send(request, { ...options, retry: true });
    } catch (error) {
      if ((error as { response?: Response } | null)?.response?.status !== 401) throw error;
      if (request.headers.get('authorization') === (await platform.authHeader())) await platform.auth().cancelAccessToken();
      return send(sdk.client().createRequest(options), { ...options, retry: true });
    }
  };
}

/**
 * Sign-in and revoke share RingCentral's small Auth rate-limit group (5 a minute): on a 429,
 * wait as told (at most a minute; a plain timer, so a CLI process stays alive for it) and try
 * again, so a burst of sign-ins neither fails nor leaves a session unrevoked.
 */
async function authRateLimited<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const response = (error as { response?: Response } | null)?.response;
      if (response?.status !== 429 || attempt >= attempts) throw error;
      // Retry-After is rounded to whole seconds and a request during the penalty restarts it: wait a little longer.
      const seconds = Number(response.headers.get('retry-after'));
      const wait = (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) + attempt;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 65) * 1000));
    }
  }
}

/** OAU-109 / OAU-113 about the redirect URI (the same codes also name a bad code or verifier). */
async function redirectErrorCode(error: unknown): Promise<'OAU-109' | 'OAU-113' | null> {
  const response = (error as { response?: Response } | null)?.response;
  if (!response) return null;
  try {
    const body = (await response.clone().json()) as {
      errorCode?: string;
      errors?: Array<{ errorCode?: string }>;
      error_description?: string;
      message?: string;
    };
    const code = body.errors?.[0]?.errorCode ?? body.errorCode;
    const description = body.error_description ?? body.message ?? '';
    if ((code === 'OAU-109' || code === 'OAU-113') && /redirect/i.test(description)) return code;
  } catch {
    // not JSON: not this error
  }
  return null;
}

async function describeAuthError(error: unknown, fallback: string): Promise<string> {
  const response = (error as { response?: Response } | null)?.response;
  if (!response) return `${fallback}: RingCentral could not be reached (${(error as Error)?.message ?? 'network error'}).`;
  try {
    const body = (await response.clone().json()) as { error_description?: string; message?: string };
    return `${fallback}: ${body.error_description ?? body.message ?? `HTTP ${response.status}`}.`;
  } catch {
    return `${fallback}: HTTP ${response.status}.`;
  }
}
