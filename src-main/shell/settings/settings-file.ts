import ElectronStore from 'electron-store';
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../src-shared/settings';
import type { SettingsStore } from '../../app/app-ports';
import { recoverSettings, stripBom } from '../../app/settings-recovery';
import type { Logger } from '../../core/ports';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../core/index';

export { recoverSettings };

export const SETTINGS_VERSION = 1;

interface StoredShape {
  version: number;
  settings: Record<string, unknown>;
}

/** Migrations from older stored versions to the current one (index = from-version). */
const MIGRATIONS: Array<(old: Record<string, unknown>) => Record<string, unknown>> = [
  // 0 -> 1: early builds kept the theme as `darkMode: boolean`.
  (old) => {
    const { darkMode, ...rest } = old;
    return darkMode === undefined ? rest : { ...rest, theme: darkMode ? 'dark' : 'light' };
  },
];

export function migrate(stored: Partial<StoredShape> | undefined): Record<string, unknown> {
  let version = typeof stored?.version === 'number' ? stored.version : 0;
  let settings = stored?.settings && typeof stored.settings === 'object' ? stored.settings : {};
  while (version < SETTINGS_VERSION) settings = MIGRATIONS[version++]!(settings);
  return settings;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

function isStoredShape(value: unknown): value is Partial<StoredShape> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { version, settings } = value as Record<string, unknown>;
  return (
    (version === undefined || (typeof version === 'number' && Number.isInteger(version) && version >= 0)) &&
    (settings === undefined || (!!settings && typeof settings === 'object' && !Array.isArray(settings)))
  );
}

/**
 * Settings on electron-store (behind the SettingsStore port). Nothing the user had is ever
 * lost without a copy: a file that is not JSON is set aside; JSON of the wrong shape, or
 * with values that must be reset, is copied aside before it is rewritten; a byte-order mark
 * is ignored; a file from a newer Ringside is used but never overwritten (changes last for
 * this session only). The user is told in each case.
 */
export function openSettingsFile(dir: string, logger: Logger): { store: SettingsStore; notice: string | null } {
  const file = path.join(dir, 'settings.json');
  ensurePrivateDir(dir);
  let notice: string | null = null;
  let parsed: unknown = undefined;
  let backedUp: string | null = null;
  const backUp = () => {
    backedUp ??= `${file}.invalid-${stamp()}`;
    if (!existsSync(backedUp)) copyFileSync(file, backedUp);
    return backedUp;
  };
  if (existsSync(file)) {
    try {
      parsed = JSON.parse(stripBom(readFileSync(file, 'utf8')));
    } catch {
      const aside = `${file}.corrupt-${stamp()}`;
      renameSync(file, aside);
      parsed = undefined;
      notice = `Your settings file could not be read; it was kept as ${aside} and defaults are used.`;
      logger.warn('Settings file unreadable; set aside', { aside });
    }
  }
  if (parsed !== undefined && !isStoredShape(parsed)) {
    const copy = backUp();
    notice = `Your settings file was not in the expected form; it was kept as ${copy} and defaults are used.`;
    logger.warn('Settings file of the wrong shape; backed up', { copy });
    parsed = undefined;
  }
  const stored = parsed as Partial<StoredShape> | undefined;

  if (stored?.version !== undefined && stored.version > SETTINGS_VERSION) {
    // A newer Ringside wrote this file: read what we understand, never write over it.
    let current = recoverSettings(stored.settings).settings;
    logger.warn('Settings file from a newer Ringside; opened read-only', { version: stored.version });
    return {
      notice: 'Your settings were saved by a newer version of Ringside. They are used as they are, and changes you make now last only until Ringside quits.',
      store: {
        get: () => current,
        set: (next) => {
          current = settingsSchema.parse(next);
        },
      },
    };
  }

  const { settings, dropped } = recoverSettings(migrate(stored));
  if (dropped.length > 0) {
    const copy = existsSync(file) ? backUp() : null;
    notice ??= `Some settings were not valid and were reset: ${dropped.join(', ')}.${copy ? ` The previous file was kept as ${copy}.` : ''}`;
    logger.warn('Invalid settings reset to defaults', { dropped });
  }
  const electronStore = new ElectronStore<StoredShape>({
    name: 'settings',
    cwd: dir,
    clearInvalidConfig: false,
    // For this user only, like every file of Ringside.
    configFileMode: PRIVATE_FILE_MODE,
    defaults: { version: SETTINGS_VERSION, settings: {} },
    deserialize: (text) => (isStoredShape(JSON.parse(stripBom(text))) ? JSON.parse(stripBom(text)) : {}) as StoredShape,
  });
  let current: Settings = settings ?? DEFAULT_SETTINGS;
  electronStore.store = { version: SETTINGS_VERSION, settings: current };
  return {
    notice,
    store: {
      get: () => current,
      set: (next) => {
        const valid = settingsSchema.parse(next);
        electronStore.store = { version: SETTINGS_VERSION, settings: valid };
        current = valid;
      },
    },
  };
}
