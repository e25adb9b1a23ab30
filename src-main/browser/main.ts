/**
 * Entry of Ringside in the browser (`npm start -- --browser`, or `npm start` when the Electron
 * binary cannot be had): starts the host, prints the page's address and opens it in the
 * default browser when there is a display. Stops on Ctrl+C.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_UMASK } from '../core/index';
import type { Logger } from '../core/ports';
import { startBrowserHost } from './browser-host';
import { systemBrowser } from './node-ports';

const logger: Logger = {
  info: (message, details) => console.info(`[ringside] ${message}`, details ?? ''),
  warn: (message, details) => console.warn(`[ringside] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[ringside] ${message}`, details ?? ''),
};

/** Where settings, the archive and exports live, per OS (as Electron's userData would be). */
export function defaultDataDir(env: Record<string, string | undefined>, platform: NodeJS.Platform, home: string): string {
  if (env['RINGSIDE_DATA_DIR']) return path.resolve(env['RINGSIDE_DATA_DIR']);
  const base =
    platform === 'win32'
      ? (env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'));
  return path.join(base, 'ringside', 'browser');
}

export const LINK_NOTE = 'This link works once, within a minute: press Enter here for a new one. Keep this window open; press Ctrl+C to stop Ringside.';

/** Whether a browser can be shown: always on macOS and Windows; on Linux only with a display. */
export function hasDisplay(env: Record<string, string | undefined>, platform: NodeJS.Platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

async function main(): Promise<void> {
  const env = process.env;
  // Everything Ringside writes (history, its WAL, settings, exports) is for this user only.
  process.umask(PRIVATE_UMASK);
  const dataDir = defaultDataDir(env, process.platform, homedir());
  ensurePrivateDir(dataDir);
  const timeScale = Number(env['RINGSIDE_DEMO_TIME_SCALE'] ?? '1');
  const host = await startBrowserHost({
    rendererDir: path.resolve('out/renderer'),
    dataDir,
    env,
    logger,
    demo: { timeScale: Number.isFinite(timeScale) && timeScale > 0 ? timeScale : 1, team: env['RINGSIDE_DEMO_TEAM'] === '1' },
  });
  const opens = !process.argv.includes('--no-open') && hasDisplay(env, process.platform);
  // Each address works once, for a minute: a new one on Enter (a closed tab, another browser).
  const showPage = async () => {
    const url = host.newUrl();
    console.log(`Ringside is running in your browser at:\n\n  ${url}\n\n${LINK_NOTE}`);
    if (opens) await systemBrowser(logger).open(url);
  };
  await showPage();
  process.stdin.on('data', () => void showPage());
  process.stdin.on('error', () => undefined);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdin.pause();
    void host.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Only when run as the entry (tests import the helpers above).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: Error) => {
    console.error(`Ringside could not start in the browser: ${error.message}`);
    process.exit(1);
  });
}
