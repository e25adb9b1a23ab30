/**
 * The app's ports for the browser edition, in plain Node: settings in a JSON file in the data
 * folder, secrets in memory only (nothing to encrypt them with outside Electron, and plain
 * text on disk is never an option), and the tray, notifications and windows forwarded to the
 * page, which shows them as a status strip, page notifications and routes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../src-shared/settings';
import type { Logger } from '../core/ports';
import type { BrowserOpener, SaveTarget, SettingsStore } from '../app/app-ports';

export class JsonSettingsStore implements SettingsStore {
  private value: Settings;
  /** Said once to the person when the file could not be read and was set aside. */
  readonly notice: string | null;

  constructor(private readonly file: string) {
    const { value, notice } = JsonSettingsStore.read(file);
    this.value = value;
    this.notice = notice;
  }

  private static read(file: string): { value: Settings; notice: string | null } {
    if (!existsSync(file)) return { value: structuredClone(DEFAULT_SETTINGS), notice: null };
    try {
      return { value: settingsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), notice: null };
    } catch {
      const aside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, aside);
      return { value: structuredClone(DEFAULT_SETTINGS), notice: `Your settings could not be read and were reset (the old file is at ${aside}).` };
    }
  }

  get(): Settings {
    return this.value;
  }

  set(next: Settings): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(next, null, 2));
    renameSync(temporary, this.file);
    this.value = structuredClone(next);
  }
}

/** Exports go to a folder in the data folder; the page says where. */
export function folderSaveTarget(folder: string): SaveTarget {
  return {
    async save(defaultName, chunks) {
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, path.basename(defaultName));
      writeFileSync(file, [...chunks].join(''));
      return { saved: true, path: file };
    },
  };
}

/** The command that opens a URL in the default browser on this OS. */
export function openerCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; the empty string is the window title it expects first.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens a URL in the default browser; never throws (a missing opener is only logged). */
export function systemBrowser(logger: Logger, platform: NodeJS.Platform = process.platform): BrowserOpener {
  return {
    open: (url) =>
      new Promise<void>((resolve) => {
        const { command, args } = openerCommand(platform, url);
        try {
          const child = spawn(command, args, { stdio: 'ignore', detached: true });
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
