import { clientIdOf } from '../http/wire';
import { unauthorized } from '../http/errors';
import type { Route } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import type { OAuthSession, TokenStore } from './token-store';

export interface Caller {
  /** The signed-in session, or null (an app-level route, or the token failed). */
  session: OAuthSession | null;
  /** Why a bearer route is refused (missing, expired, corrupted or unknown token), or null. */
  authFailure: SimResponse | null;
  /** The rate-limit bucket the request counts in: per user and app, or per app before sign-in. */
  rateKey: string;
}

/** Who a request comes from, as the service decides before answering it. */
export function identifyCaller(tokens: TokenStore, route: Route, req: SimRequest): Caller {
  let session: OAuthSession | null = null;
  let authFailure: SimResponse | null = null;
  let rateKey: string;
  if (route.auth === 'bearer') {
    if (req.wsSession) {
      session = req.wsSession.oauth;
    } else {
      const header = req.headers['authorization'] ?? '';
      const token = /^bearer\s+(.+)$/i.exec(header)?.[1];
      const check = tokens.checkAccess(token);
      if (!token) authFailure = unauthorized.missing();
      else if (!check.ok)
        authFailure = check.reason === 'expired' ? unauthorized.expired() : check.reason === 'corrupted' ? unauthorized.corrupted() : unauthorized.invalid();
      else session = check.session;
      if (!check.ok && check.session) rateKey = `${check.session.extensionId}:${check.session.clientId}`;
    }
    rateKey ??= session ? `${session.extensionId}:${session.clientId}` : 'anonymous';
  } else {
    rateKey = `app:${clientIdOf(req) ?? 'anonymous'}`;
  }
  return { session, authFailure, rateKey };
}
