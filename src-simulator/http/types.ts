import type { OAuthSession } from '../oauth/token-store';

export type ThrottlingGroup = 'Light' | 'Medium' | 'Heavy' | 'Auth';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  /** Parsed JSON or form body (form bodies become a plain object of strings). */
  body: unknown;
  via: 'http' | 'ws';
  /** For requests that arrive over a WebSocket session, already authenticated by it. */
  wsSession?: { oauth: OAuthSession; id: string };
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string> | undefined;
  /** JSON-serialisable body, or a string sent as-is with `contentType`. */
  body?: unknown;
  contentType?: string;
}

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  operationId: string | null;
  group: ThrottlingGroup | null;
  via: 'http' | 'ws';
}
