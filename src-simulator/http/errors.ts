/** Error bodies exactly as RingCentral sends them (API.md "Errors", examples/). */
import type { SimResponse } from './types';

export interface ApiErrorItem {
  errorCode: string;
  message: string;
  parameterName?: string;
}

export function apiError(status: number, errorCode: string, message: string, parameterName?: string, headers?: Record<string, string>): SimResponse {
  const item: ApiErrorItem = parameterName ? { errorCode, message, parameterName } : { errorCode, message };
  return { status, headers, body: { errorCode, message, errors: [item] } };
}

/**
 * A two-layer error body (REALITY 18): a top-level `errorCode` naming the kind of failure and
 * `errors[].errorCode` with the specific code and its fields (`parameterName`,
 * `featureName`, `permissionName`...). Clients must key on the inner code.
 */
export function twoLayerError(status: number, topLevelCode: string, item: { errorCode: string; message: string } & Record<string, string>): SimResponse {
  return { status, body: { errorCode: topLevelCode, message: item.message, errors: [item] } };
}

/** CMN-102, as the RingOut status endpoint answers once the call is gone. */
export function notFound(parameterName: string): SimResponse {
  return apiError(404, 'CMN-102', `Resource for parameter [${parameterName}] is not found`, parameterName);
}

export function badParameter(parameterName: string, message?: string): SimResponse {
  return apiError(400, 'CMN-101', message ?? `Parameter [${parameterName}] value is invalid`, parameterName);
}

export function rateLimited(retryAfterSeconds: number): SimResponse {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    body: { errorCode: 'CMN-301', message: 'Request rate exceeded', errors: [{ errorCode: 'CMN-301', message: 'Request rate exceeded' }] },
  };
}

/** REALITY 23: the platform-wide limit; it comes without `X-Rate-Limit-*` headers. */
export function globalRateLimited(retryAfterSeconds: number): SimResponse {
  return apiError(429, 'CMN-310', 'Global request rate exceeded', undefined, { 'Retry-After': String(retryAfterSeconds) });
}

/** REALITY 23: a request identical to one still being answered (a double click). */
export function duplicateRequest(): SimResponse {
  return apiError(429, 'CMN-304', 'Duplicate concurrent request. Try again later', undefined, { 'Retry-After': '1' });
}

export function serviceUnavailable(retryAfterSeconds: number): SimResponse {
  return apiError(503, 'CMN-201', 'Service Temporary Unavailable', undefined, { 'Retry-After': String(retryAfterSeconds) });
}

/** OAuth endpoints answer with the RFC 6749 `error` plus RingCentral's errors[] list. */
export function oauthError(error: string, errorCode: string, message: string, status = 400): SimResponse {
  return { status, body: { error, errors: [{ errorCode, message }], error_description: message } };
}

export const unauthorized = {
  missing: () => apiError(401, 'OAU-123', 'Authorization header is not specified'),
  invalid: () => apiError(401, 'OAU-213', 'Token not found'),
  /** An access token a refresh replaced moments ago (REALITY 3). */
  corrupted: () => apiError(401, 'OAU-129', 'Access token corrupted'),
  expired: () => apiError(401, 'TokenExpired', 'Access token expired'),
};
