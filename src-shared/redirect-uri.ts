// Free of zod, so the renderer's first chunk can use it (`settings.ts` re-exports it).
import type { Settings } from './settings';

/**
 * Where RingCentral sends the browser back after sign-in. RingCentral accepts only a redirect
 * URI registered for the app exactly (REALITY 1), so Ringside listens on a fixed port that the
 * user registers once; the simulator's demo app registers this same URI.
 */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:37219/callback';

/**
 * The redirect URI browser sign-in uses (and the sign-in screen shows to register):
 * RC_REDIRECT_URI, else the one chosen in Settings, else Ringside's fixed default.
 */
export function effectiveRedirectUri(envRedirectUri: string | null | undefined, settings: Pick<Settings, 'redirectUri'> | null | undefined): string {
  return envRedirectUri || settings?.redirectUri || DEFAULT_REDIRECT_URI;
}
