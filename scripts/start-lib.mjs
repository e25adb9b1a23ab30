// The decisions behind `npm start` (scripts/start.mjs), kept pure so vitest covers them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where Electron's installer puts the binary, per platform (as node_modules/electron/install.js). */
export function electronPlatformPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      return null;
  }
}

/**
 * Whether the Electron binary is there, by the same rule as Electron's installer (install.js
 * `isInstalled`): dist/version is this package's version, path.txt names this platform's
 * executable, and that executable (or ELECTRON_OVERRIDE_DIST_PATH's) exists.
 */
export function electronBinaryPresent({ electronDir, env, platform, fs = { existsSync, readFileSync } }) {
  const platformPath = electronPlatformPath(env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || platform);
  if (!platformPath) return false;
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
    if (
      fs
        .readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8')
        .replace(/^v/, '')
        .trim() !== version
    )
      return false;
    if (fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8') !== platformPath) return false;
  } catch {
    return false;
  }
  return fs.existsSync(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist', platformPath));
}

/**
 * What `npm start` does first: `--browser` forces the browser edition; a present binary runs
 * the Electron app; otherwise Electron's installer gets it (and on failure, the browser edition).
 */
export function firstStep({ args, binaryPresent }) {
  if (args.includes('--browser')) return 'browser';
  return binaryPresent ? 'electron' : 'install';
}

/** How `npm start` continues after the installer: the app if it worked, else the browser. */
export function afterInstall({ exitCode, timedOut, binaryPresent }) {
  return !timedOut && exitCode === 0 && binaryPresent ? 'electron' : 'browser';
}

/** Newest modification time (ms) of the files under these paths; 0 when there are none. */
export function newestMtime(paths, fs = { existsSync, readdirSync, statSync }) {
  let newest = 0;
  const visit = (target) => {
    if (!fs.existsSync(target)) return;
    const stat = fs.statSync(target);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(target)) visit(path.join(target, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const target of paths) visit(target);
  return newest;
}

/** The built renderer must be (re)built when it is missing or older than its sources. */
export function needsBuild({ builtMtime, sourcesMtime }) {
  return builtMtime === null || builtMtime < sourcesMtime;
}

/** The one paragraph `npm start` prints when the binary could not be had. */
export function downloadFailureMessage({ version, timedOut, timeoutSeconds }) {
  const what = timedOut
    ? `Ringside could not download Electron ${version} (the app's window system) within ${timeoutSeconds} seconds.`
    : `Ringside could not download Electron ${version} (the app's window system): the download failed (see the error above).`;
  return (
    `${what} To get it, run \`npx install-electron\` on a network that reaches GitHub, or point ` +
    'ELECTRON_MIRROR at a mirror (behind a proxy, set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1), then `npm start` again. ' +
    'Meanwhile Ringside runs in your browser: the same app, with the tray and notifications shown in the page.'
  );
}
