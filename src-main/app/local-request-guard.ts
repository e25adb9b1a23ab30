import type { IncomingMessage } from 'node:http';

/**
 * The check every local HTTP server of Ringside runs first. A web page the user visits can
 * reach 127.0.0.1 too: through DNS rebinding its requests carry its own host name in `Host`,
 * and a no-cors POST can carry any body as text/plain. So a request must name this server
 * exactly in `Host`, and may carry a body only as one of the content types the route reads.
 * Returns why a request is refused, or null when it may go on.
 */
export function localRequestProblem(request: IncomingMessage, allowedHosts: readonly string[], allowedContentTypes: readonly string[] = []): string | null {
  const host = request.headers.host?.toLowerCase();
  if (!host || !allowedHosts.includes(host)) return 'unexpected Host header';
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  const hasBody =
    contentType !== undefined ||
    (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0') ||
    request.headers['transfer-encoding'] !== undefined;
  if (hasBody && (!contentType || !allowedContentTypes.includes(contentType))) return 'unexpected content type';
  return null;
}

/**
 * A request target (`/path?query`) as a URL, or null for anything that is not one: `//`,
 * `//host/x`, `*`, an absolute URL or a line of junk. Every local server reads its requests
 * through this, so no request line can throw (`new URL('//', base)` does).
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    // Appended to a fixed origin, `//x` stays a path instead of naming a host.
    return new URL(`http://local.invalid${target}`);
  } catch {
    return null;
  }
}

/** A URL's path with %-escapes decoded, or null when they are not valid UTF-8 (`%E0`). */
export function decodedPathname(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}
