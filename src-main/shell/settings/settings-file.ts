import ElectronStore from 'electron-store';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../src-shared/settings';
import type { SettingsStore } from '../../app/app-ports';
import type { Logger } from '../../core/ports';

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

/**
 * Keeps every valid setting: each field is checked on its own, so one bad value falls back
 * to its default without taking the others with it.
 */
export function recoverSettings(raw: unknown): { settings: Settings; dropped: string[] } {
  const input = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const key of Object.keys(settingsSchema.shape) as Array<keyof Settings>) {
    if (!(key in input)) continue;
    const field = settingsSchema.shape[key].safeParse(input[key]);
    if (field.success) merged[key] = field.data;
    else dropped.push(key);
  }
  return { settings: settingsSchema.parse(merged), dropped };
}

export function migrate(stored: Partial<StoredShape> | undefined): Record<string, unknown> {
  let version = typeof stored?.version === 'number' ? stored.version : 0;
  let settings = stored?.settings && typeof stored.settings === 'object' ? stored.settings : {};
  while (version < SETTINGS_VERSION) settings = MIGRATIONS[version++]!(settings);
  return settings;
}

/**
 * Settings on electron-store (behind the SettingsStore port). A file that is not JSON at all
 * is set aside (kept, never deleted) before electron-store starts, and the user is told.
 */
export function openSettingsFile(dir: string, logger: Logger): { store: SettingsStore; notice: string | null } {
  const file = path.join(dir, 'settings.json');
  let notice: string | null = null;
  if (existsSync(file)) {
    try {
      JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, aside);
      notice = `Your settings file could not be read; it was kept as ${aside} and defaults are used.`;
      logger.warn('Settings file unreadable; set aside', { aside });
    }
  }
  const electronStore = new ElectronStore<StoredShape>({ name: 'settings', cwd: dir, clearInvalidConfig: false, defaults: { version: SETTINGS_VERSION, settings: {} } });
  const { settings, dropped } = recoverSettings(migrate(electronStore.store));
  if (dropped.length > 0) {
    notice ??= `Some settings were not valid and were reset: ${dropped.join(', ')}.`;
    logger.warn('Invalid settings reset to defaults', { dropped });
  }
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
