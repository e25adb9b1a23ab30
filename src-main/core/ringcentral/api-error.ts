/** A failed RingCentral request, in terms a person (and the UI) can act on. */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'notFound' | 'badRequest' | 'rateLimited' | 'unavailable' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number | null,
    /** RingCentral's specific code: the inner `errors[].errorCode` (the top-level one only names a kind). */
    readonly errorCode: string | null,
    /** The request parameter the error names (`errors[].parameterName`), when it names one. */
    readonly parameterName: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const MESSAGES: Record<ApiErrorKind, string> = {
  network: 'RingCentral could not be reached. Check your connection; Ringside will keep trying.',
  unauthorized: 'Your RingCentral session is no longer valid. Please sign in again.',
  forbidden: 'Your RingCentral account does not allow this.',
  notFound: 'RingCentral does not know this item (any more).',
  badRequest: 'RingCentral refused the request.',
  rateLimited: 'RingCentral asked Ringside to slow down; it will retry shortly.',
  unavailable: 'RingCentral is temporarily unavailable; Ringside will retry shortly.',
  server: 'RingCentral had an internal error.',
};

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
  if (!response) return new ApiError('network', MESSAGES.network, null, null);
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
  const message = kind === 'badRequest' && detail ? `${MESSAGES.badRequest} ${detail}` : MESSAGES[kind];
  return new ApiError(kind, message, response.status, errorCode, parameterName);
}
