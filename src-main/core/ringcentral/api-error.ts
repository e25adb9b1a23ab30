import { RingsideError, wordsFor, type RingsideErrorCode } from '../errors';

/** A failed RingCentral request, in terms a person (and the UI) can act on. */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'notFound' | 'badRequest' | 'rateLimited' | 'unavailable' | 'server';

/** Each kind's code in the one table of failure words (core/errors.ts). */
const CODES: Record<ApiErrorKind, RingsideErrorCode> = {
  network: 'RC_NETWORK',
  unauthorized: 'RC_UNAUTHORIZED',
  forbidden: 'RC_FORBIDDEN',
  notFound: 'RC_NOT_FOUND',
  badRequest: 'RC_BAD_REQUEST',
  rateLimited: 'RC_RATE_LIMITED',
  unavailable: 'RC_UNAVAILABLE',
  server: 'RC_SERVER',
};

export class ApiError extends RingsideError {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number | null,
    /** RingCentral's specific code: the inner `errors[].errorCode` (the top-level one only names a kind). */
    readonly errorCode: string | null,
    /** The request parameter the error names (`errors[].parameterName`), when it names one. */
    readonly parameterName: string | null = null,
  ) {
    super(CODES[kind], message);
    this.name = 'ApiError';
  }
}

const wordsOf = (kind: ApiErrorKind): string => wordsFor(CODES[kind]);

function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'server';
  return 'badRequest';
}

/**
 * The HTTP answer attached to an SDK error. Checked by shape, not `instanceof`: the SDK's
 * fetch implementation may bring its own Response class.
 */
export function httpResponseOf(error: unknown): Response | null {
  const response = (error as { response?: unknown } | null)?.response as Partial<Response> | undefined;
  if (response && typeof response.status === 'number' && typeof response.headers?.get === 'function') return response as Response;
  return null;
}

/** Converts whatever the SDK threw into an ApiError with RingCentral's own message when useful. */
export async function toApiError(error: unknown): Promise<ApiError> {
  if (error instanceof ApiError) return error;
  const response = httpResponseOf(error);
  if (!response) return new ApiError('network', wordsOf('network'), null, null);
  // A request whose token refresh was refused (invalid_grant): the session is over, not the request wrong.
  const refreshRefused = response.status === 400 && /\/restapi\/oauth\/token$/.test(response.url ?? '');
  const kind = refreshRefused ? 'unauthorized' : kindOf(response.status);
  let errorCode: string | null = null;
  let parameterName: string | null = null;
  let detail: string | null = null;
  try {
    const body = (await response.clone().json()) as {
      errorCode?: string;
      message?: string;
      errors?: Array<{ errorCode?: string; message?: string; parameterName?: string }>;
    };
    // Two layers (REALITY 18): the specific code is inside; the top-level one may only name a kind.
    errorCode = body.errors?.[0]?.errorCode ?? body.errorCode ?? null;
    parameterName = body.errors?.[0]?.parameterName ?? null;
    detail = body.errors?.[0]?.message ?? body.message ?? null;
  } catch {
    // Not JSON: the generic message will do.
  }
  const message = kind === 'badRequest' && detail ? `${wordsOf('badRequest')} ${detail}` : wordsOf(kind);
  return new ApiError(kind, message, response.status, errorCode, parameterName);
}
