/**
 * The app's ports for the browser edition, in plain Node: settings in a JSON file in the data
 * folder, secrets in memory only (nothing to encrypt them with outside Electron, and plain
 * text on disk is never an option), and the tray, notifications and windows forwarded to the
 * page, which shows them as a status strip, page notifications and routes.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/settings';
import type { Logger } from '../core/ports';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../core/index';
import type { BrowserOpener, SaveTarget, SettingsStore } from '../app/app-ports';
import { writeFileAtomically } from '../app/atomic-write';
import { recoverSettings, stripBom } from '../app/settings-recovery';

export class JsonSettingsStore implements SettingsStore {
  private value: Settings;
  /** Said once to the person when the file could not be read and was set aside. */
  readonly notice: string | null;

  constructor(private readonly file: string) {
    const { value, notice } = JsonSettingsStore.read(file);
    this.value = value;
    this.notice = notice;
  }

  /** Not JSON: set aside, defaults used. JSON: every valid field kept (the app's own recovery), the rest reset with a copy kept. */
  private static read(file: string): { value: Settings; notice: string | null } {
    if (!existsSync(file)) return { value: structuredClone(DEFAULT_SETTINGS), notice: null };
    let raw: unknown;
    try {
      raw = JSON.parse(stripBom(readFileSync(file, 'utf8')));
    } catch {
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      return { value: structuredClone(DEFAULT_SETTINGS), notice: `Your settings could not be read and were reset (the old file is at ${aside}).` };
    }
    const { settings, dropped } = recoverSettings(raw);
    const wrongShape = !raw || typeof raw !== 'object' || Array.isArray(raw);
    if (!wrongShape && dropped.length === 0) return { value: settings, notice: null };
    const copy = `${file}.invalid-${Date.now()}`;
    copyFileSync(file, copy);
    const what = wrongShape
      ? 'Your settings file was not in the expected form and defaults are used'
      : `Some settings were not valid and were reset: ${dropped.join(', ')}`;
    return { value: settings, notice: `${what}. The previous file was kept as ${copy}.` };
  }

  get(): Settings {
    return this.value;
  }

  set(next: Settings): void {
    ensurePrivateDir(path.dirname(this.file));
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(next, null, 2), { mode: PRIVATE_FILE_MODE });
    // A temp file left behind keeps its old mode through writeFileSync: set it.
    chmodSync(temporary, PRIVATE_FILE_MODE);
    renameSync(temporary, this.file);
    this.value = structuredClone(next);
  }
}

/**
 * Exports go to a folder in the data folder (0700); the page says where. Written as the app
 * writes them: to a temporary file renamed into place, so a full disk leaves no partial file.
 */
export function folderSaveTarget(folder: string): SaveTarget {
  return {
    async save(defaultName, chunks) {
      ensurePrivateDir(folder);
      const file = path.join(folder, path.basename(defaultName));
      await writeFileAtomically(file, chunks);
      return { saved: true, path: file };
    },
  };
}

/**
 * The program and arguments that open a URL in the default browser on this OS: the URL is one
 * argument of the platform's URL handler, and no shell ever reads it (cmd.exe would run what
 * follows a `|` or expand `%VAR%` in it).
 */
export function openerCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens a URL in the default browser; never throws (a missing opener is only logged). */
export function systemBrowser(logger: Logger, platform: NodeJS.Platform = process.platform, run: typeof spawn = spawn): BrowserOpener {
  return {
    open: (url) =>
      new Promise<void>((resolve) => {
        const { command, args } = openerCommand(platform, url);
        try {
          const child = run(command, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true });
          child.on('error', (error) => {
            logger.warn('Could not open the browser', { error: error.message });
            resolve();
          });
          child.on('spawn', () => {
            child.unref();
            resolve();
          });
        } catch (error) {
          logger.warn('Could not open the browser', { error: (error as Error).message });
          resolve();
        }
      }),
  };
}
