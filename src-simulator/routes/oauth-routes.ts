import { oauthError } from '../http/errors';
import type { Route } from '../http/router';
import type { SimRequest, SimResponse } from '../http/types';
import { s256 } from '../oauth/token-store';
import type { SimContext } from '../context';
import { LOGIN_PATH } from './login-page';

type Form = Record<string, string | undefined>;

/** Client authentication as the SDK sends it: HTTP Basic, or client_id alone for public clients. */
function authenticateClient(sim: SimContext, req: SimRequest, form: Form): { clientId: string; confidential: boolean } | { error: SimResponse } {
  const basic = /^basic\s+(.+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString();
    const colon = decoded.indexOf(':');
    const [id, secret] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if (id !== sim.app.clientId || secret !== sim.app.clientSecret) {
      return { error: oauthError('invalid_client', 'OAU-153', 'Invalid client credentials', 401) };
    }
    return { clientId: id, confidential: true };
  }
  if (form['client_id'] === sim.app.clientId) return { clientId: sim.app.clientId, confidential: false };
  return { error: oauthError('invalid_client', 'OAU-123', 'Client authentication is required', 401) };
}

/**
 * REALITY 1: a redirect URI must equal a registered one exactly (scheme, host, port, path);
 * an app with none registered gets OAU-113. With the habit off, any loopback URI will do.
 */
export function redirectUriError(sim: SimContext, redirectUri: string | undefined): SimResponse | null {
  if (!sim.realism.registeredRedirectUris) {
    return isLoopbackRedirect(redirectUri) ? null : oauthError('invalid_request', 'OAU-102', 'redirect_uri must be a registered loopback URI');
  }
  if (sim.app.redirectUris.length === 0) return oauthError('invalid_grant', 'OAU-113', 'Redirect URI is not registered for the application');
  if (redirectUri === undefined || !sim.app.redirectUris.includes(redirectUri)) return oauthError('invalid_grant', 'OAU-109', 'Redirect URIs do not match');
  return null;
}

/** Loopback redirect URIs only, as a desktop app registers them. */
export function isLoopbackRedirect(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
  } catch {
    return false;
  }
}

export function oauthRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/restapi/oauth/token',
      operationId: 'getToken',
      group: 'Auth',
      auth: 'client',
      handle: ({ req }) => {
        if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return { status: 415 };
        const form = (req.body ?? {}) as Form;
        const client = authenticateClient(sim, req, form);
        if ('error' in client) return client.error;
        switch (form['grant_type']) {
          case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
            if (!client.confidential) return oauthError('unauthorized_client', 'OAU-251', 'JWT grant requires client authentication');
            const extensionId = form['assertion'] ? sim.app.jwts[form['assertion']] : undefined;
            if (!extensionId) return oauthError('invalid_grant', 'OAU-132', 'Invalid JWT token');
            return { status: 200, body: sim.tokens.issue(client.clientId, extensionId) };
          }
          case 'authorization_code': {
            const code = sim.tokens.takeCode(form['code']);
            if (!code || code.clientId !== client.clientId) return oauthError('invalid_grant', 'OAU-109', 'Authorization code is invalid or expired');
            const unregistered = redirectUriError(sim, form['redirect_uri']);
            if (unregistered) return unregistered;
            if (form['redirect_uri'] !== code.redirectUri) return oauthError('invalid_grant', 'OAU-109', 'Redirect URIs do not match');
            if (code.codeChallenge) {
              if (!form['code_verifier'] || s256(form['code_verifier']) !== code.codeChallenge) {
                return oauthError('invalid_grant', 'OAU-113', 'Invalid code_verifier');
              }
            } else if (!client.confidential) {
              return oauthError('invalid_request', 'OAU-114', 'PKCE code_verifier is required for public clients');
            }
            return { status: 200, body: sim.tokens.issue(client.clientId, code.extensionId) };
          }
          case 'refresh_token': {
            const result = sim.tokens.useRefresh(form['refresh_token'], client.clientId);
            if (!result.ok) {
              const message = result.reason === 'expired' ? 'Token expired' : result.reason === 'revoked' ? 'Token is revoked' : 'Invalid token';
              return oauthError('invalid_grant', 'OAU-211', message);
            }
            return { status: 200, body: result.tokens };
          }
          default:
            return oauthError('unsupported_grant_type', 'OAU-250', `Unsupported grant type: ${form['grant_type'] ?? '(none)'}`);
        }
      },
    },
    {
      method: 'POST',
      path: '/restapi/oauth/revoke',
      operationId: 'revokeToken',
      group: 'Auth',
      auth: 'client',
      handle: ({ req }) => {
        const form = (req.body ?? {}) as Form;
        const client = authenticateClient(sim, req, form);
        if ('error' in client) return client.error;
        // RFC 7009: an unknown token is not an error.
        sim.tokens.revoke(form['token'] ?? req.query.get('token') ?? undefined);
        return { status: 200 };
      },
    },
    {
      method: 'GET',
      path: '/restapi/oauth/authorize',
      operationId: 'authorize',
      group: 'Auth',
      auth: 'none',
      handle: ({ req }) => {
        const q = req.query;
        if (q.get('client_id') !== sim.app.clientId) return oauthError('invalid_client', 'OAU-153', 'Unknown client_id');
        if (q.get('response_type') !== 'code') return oauthError('unsupported_response_type', 'OAU-101', 'Only response_type=code is supported');
        const redirectUri = q.get('redirect_uri') ?? undefined;
        const unregistered = redirectUriError(sim, redirectUri);
        if (unregistered) return unregistered;
        const challenge = q.get('code_challenge');
        if (challenge && q.get('code_challenge_method') !== 'S256') {
          return oauthError('invalid_request', 'OAU-103', 'code_challenge_method must be S256');
        }
        const decision = q.get('decision') ?? (sim.autoApprove ? 'approve' : null);
        if (decision === null) {
          // The real service redirects to its login form; ours is a one-button consent page.
          return { status: 302, headers: { Location: `${sim.url}${LOGIN_PATH}?${q.toString()}` } };
        }
        const target = new URL(redirectUri!);
        if (decision === 'approve') {
          const user = sim.account.extensions[0]!;
          target.searchParams.set(
            'code',
            sim.tokens.createCode({ clientId: sim.app.clientId, extensionId: user.id, redirectUri: redirectUri!, codeChallenge: challenge }),
          );
        } else {
          target.searchParams.set('error', 'access_denied');
          target.searchParams.set('error_description', 'The user denied access');
        }
        const state = q.get('state');
        if (state !== null) target.searchParams.set('state', state);
        return { status: 302, headers: { Location: target.toString() } };
      },
    },
    {
      method: 'POST',
      path: '/restapi/oauth/wstoken',
      operationId: 'authWsToken',
      group: 'Auth',
      auth: 'bearer',
      handle: ({ session }) => {
        const { token, expiresIn } = sim.tokens.issueWsToken(session!);
        return { status: 200, body: { ws_access_token: token, uri: sim.wsUrl, expires_in: expiresIn } };
      },
    },
  ];
}
