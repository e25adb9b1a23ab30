import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SimClock } from '../clock';

export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 7 * 24 * 3600;
export const AUTH_CODE_SECONDS = 60;
export const WS_TOKEN_SECONDS = 600;
/**
 * REALITY 3: a used refresh token sent again gets the same answer until this long after the
 * new access token was first used, and the access token it replaced answers "Access token
 * corrupted" for this long before it is simply unknown.
 */
export const REFRESH_GRACE_SECONDS = 10;
/** ... and for this long after the refresh while the new access token is never used. */
export const UNUSED_REFRESH_GRACE_SECONDS = 3600;

export interface TokenPolicy {
  /** Live sessions per user and app; a new sign-in beyond it ends the oldest (null = unlimited). */
  sessionLimit: number | null;
  /** A refresh token is used up by a refresh (after a short grace); otherwise it can be reused. */
  singleUseRefresh: boolean;
}

/** One OAuth session: what a sign-in creates and a revoke ends. */
export interface OAuthSession {
  id: string;
  clientId: string;
  extensionId: number;
  revoked: boolean;
}

interface TokenEntry {
  session: OAuthSession;
  expiresAt: number;
  /** For a used refresh token: when it was used and the answer it got (repeated within the grace). */
  used?: { at: number; answer: IssuedTokens };
  /** For a refresh token: the access token issued with it (retired when it is used). */
  pairedAccess?: string;
  /** For an access token: its first successful use. */
  firstUsedAt?: number;
  /** For an access token: when a refresh replaced it (it fails from then on). */
  retiredAt?: number;
}

export type IssuedTokens = ReturnType<TokenStore['issue']>;

interface AuthCode {
  clientId: string;
  extensionId: number;
  redirectUri: string;
  codeChallenge: string | null;
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; session: OAuthSession }
  /** `corrupted`: an access token a refresh replaced moments ago (401 OAU-129 "Access token corrupted"). */
  | { ok: false; reason: 'invalid' | 'expired' | 'revoked' | 'corrupted'; session?: OAuthSession };

function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

/** PKCE S256: BASE64URL(SHA256(verifier)). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Access, refresh, WebSocket tokens and authorization codes, with scaled lifetimes. */
export class TokenStore {
  private readonly access = new Map<string, TokenEntry>();
  private readonly refresh = new Map<string, TokenEntry>();
  private readonly wsTokens = new Map<string, TokenEntry>();
  private readonly codes = new Map<string, AuthCode>();
  /** Sessions in the order they were signed in, to end the oldest past the limit. */
  private sessions: OAuthSession[] = [];

  constructor(
    private readonly clock: SimClock,
    private readonly policy: TokenPolicy = { sessionLimit: null, singleUseRefresh: true },
  ) {}

  issue(clientId: string, extensionId: number, existing?: OAuthSession) {
    const session = existing ?? this.newSession(clientId, extensionId);
    const now = this.clock.now();
    const accessToken = token('SIMAT-');
    const refreshToken = token('SIMRT-');
    this.access.set(accessToken, { session, expiresAt: now + this.clock.realMs(ACCESS_TOKEN_SECONDS * 1000) });
    this.refresh.set(refreshToken, { session, expiresAt: now + this.clock.realMs(REFRESH_TOKEN_SECONDS * 1000), pairedAccess: accessToken });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.clock.wireSeconds(ACCESS_TOKEN_SECONDS),
      refresh_token: refreshToken,
      refresh_token_expires_in: this.clock.wireSeconds(REFRESH_TOKEN_SECONDS),
      scope: 'ReadAccounts ReadCallLog RingOut CallControl WebSocket',
      owner_id: String(extensionId),
      endpoint_id: randomBytes(16).toString('base64url'),
      session_id: session.id,
    };
  }

  /** A new sign-in: past the limit of live sessions for this user and app, the oldest one ends (REALITY 2). */
  private newSession(clientId: string, extensionId: number): OAuthSession {
    const session: OAuthSession = { id: randomUUID(), clientId, extensionId, revoked: false };
    this.sessions = this.sessions.filter((s) => !s.revoked);
    if (this.policy.sessionLimit !== null) {
      const same = this.sessions.filter((s) => s.clientId === clientId && s.extensionId === extensionId);
      for (const old of same.slice(0, Math.max(0, same.length - this.policy.sessionLimit + 1))) old.revoked = true;
      this.sessions = this.sessions.filter((s) => !s.revoked);
    }
    this.sessions.push(session);
    return session;
  }

  /** Live sessions of one user and app (what the session limit counts). */
  liveSessions(clientId: string, extensionId: number): number {
    return this.sessions.filter((s) => !s.revoked && s.clientId === clientId && s.extensionId === extensionId).length;
  }

  private check(map: Map<string, TokenEntry>, value: string | undefined): TokenCheck {
    const entry = value ? map.get(value) : undefined;
    if (!entry) return { ok: false, reason: 'invalid' };
    if (entry.session.revoked) return { ok: false, reason: 'revoked', session: entry.session };
    if (this.clock.now() >= entry.expiresAt) return { ok: false, reason: 'expired', session: entry.session };
    return { ok: true, session: entry.session };
  }

  checkAccess(value: string | undefined): TokenCheck {
    const result = this.check(this.access, value);
    if (!result.ok) return result;
    const entry = this.access.get(value!)!;
    if (entry.retiredAt !== undefined) {
      // Replaced by a refresh: "corrupted" at once, then not known at all (REALITY 3).
      const recently = this.clock.now() - entry.retiredAt < this.clock.realMs(REFRESH_GRACE_SECONDS * 1000);
      return { ok: false, reason: recently ? 'corrupted' : 'invalid', session: result.session };
    }
    entry.firstUsedAt ??= this.clock.now();
    return result;
  }

  /** Whether a used refresh token still gets its answer again: 10 s after the new access token's first use, 60 min while unused. */
  private inGrace(used: { at: number; answer: IssuedTokens }): boolean {
    const firstUse = this.access.get(used.answer.access_token)?.firstUsedAt;
    const now = this.clock.now();
    if (firstUse === undefined) return now - used.at < this.clock.realMs(UNUSED_REFRESH_GRACE_SECONDS * 1000);
    return now - firstUse < this.clock.realMs(REFRESH_GRACE_SECONDS * 1000);
  }

  /** Rotates: the refresh token is used up and a new pair is issued in the same session. */
  useRefresh(value: string | undefined, clientId: string): { ok: true; tokens: IssuedTokens } | { ok: false; reason: 'invalid' | 'expired' | 'revoked' } {
    const result = this.check(this.refresh, value);
    if (!result.ok) return { ok: false, reason: result.reason === 'corrupted' ? 'invalid' : result.reason };
    if (result.session.clientId !== clientId) return { ok: false, reason: 'invalid' };
    const entry = this.refresh.get(value!)!;
    if (entry.used) {
      // Single use: the same token again gets the same answer within the grace, then invalid_grant (REALITY 3).
      return this.inGrace(entry.used) ? { ok: true, tokens: entry.used.answer } : { ok: false, reason: 'invalid' };
    }
    const tokens = this.issue(clientId, result.session.extensionId, result.session);
    if (this.policy.singleUseRefresh) {
      entry.used = { at: this.clock.now(), answer: tokens };
      const replaced = entry.pairedAccess ? this.access.get(entry.pairedAccess) : undefined;
      if (replaced) replaced.retiredAt = this.clock.now();
    }
    return { ok: true, tokens };
  }

  /** Ends the whole OAuth session the token belongs to (RFC 7009, as RingCentral does). */
  revoke(value: string | undefined): boolean {
    const entry = (value && (this.access.get(value) ?? this.refresh.get(value))) || undefined;
    if (!entry) return false;
    entry.session.revoked = true;
    return true;
  }

  createCode(code: Omit<AuthCode, 'expiresAt'>): string {
    const value = token('SIMCODE-');
    this.codes.set(value, { ...code, expiresAt: this.clock.now() + this.clock.realMs(AUTH_CODE_SECONDS * 1000) });
    return value;
  }

  /** Codes are single use: taking one removes it whether or not the exchange succeeds. */
  takeCode(value: string | undefined): AuthCode | null {
    if (!value) return null;
    const code = this.codes.get(value);
    this.codes.delete(value);
    if (!code || this.clock.now() >= code.expiresAt) return null;
    return code;
  }

  issueWsToken(session: OAuthSession): { token: string; expiresIn: number } {
    const value = token('SIMWS-');
    this.wsTokens.set(value, { session, expiresAt: this.clock.now() + this.clock.realMs(WS_TOKEN_SECONDS * 1000) });
    return { token: value, expiresIn: this.clock.wireSeconds(WS_TOKEN_SECONDS) };
  }

  checkWsToken(value: string | undefined): TokenCheck {
    return this.check(this.wsTokens, value);
  }

  /** Fault: every access token issued so far is now expired (refresh still works). */
  expireAllAccessTokens(): void {
    const past = this.clock.now() - 1;
    for (const entry of this.access.values()) entry.expiresAt = past;
  }

  /** Fault: every session is revoked (refresh fails, the user must sign in again). */
  revokeAll(): void {
    for (const entry of [...this.access.values(), ...this.refresh.values()]) entry.session.revoked = true;
  }

  reset(): void {
    this.access.clear();
    this.refresh.clear();
    this.wsTokens.clear();
    this.codes.clear();
    this.sessions = [];
  }
}
