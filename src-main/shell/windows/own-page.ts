/**
 * Which pages are Ringside's own (Electron-free, so the security gate can probe it). Only
 * these pages may navigate in our windows and talk to main over IPC.
 */

/** Where our renderer pages are served from: the dev server in development, else one file. */
export interface RendererSource {
  /** Origin of the dev server (e.g. http://localhost:5173) or null for the packaged files. */
  devServerUrl: string | null;
  /** The file:// URL of the app's index.html (the only file page that is ours). */
  appPage: string;
}

/** True when `url` is our page: the dev server's origin, or exactly the app's index.html. */
export function isOwnPage(url: string, source: RendererSource): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (source.devServerUrl) return parsed.origin === new URL(source.devServerUrl).origin;
  const page = new URL(source.appPage);
  // Any other file (another folder, a share on file://host/…) is not ours.
  return parsed.protocol === 'file:' && page.protocol === 'file:' && parsed.host === '' && page.host === '' && parsed.pathname === page.pathname;
}

/** electron-vite's dev server URL, honoured only in development: a packaged app loads its own files. */
export function rendererUrlFromEnv(env: Record<string, string | undefined>, packaged: boolean): string | null {
  if (packaged) return null;
  return env['ELECTRON_RENDERER_URL'] ?? null;
}
