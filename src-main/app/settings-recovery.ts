import { settingsSchema, type Settings } from '../../src-shared/settings';

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

/** A byte-order mark (Notepad writes one) is not part of the JSON. */
export const stripBom = (text: string) => text.replace(/^\uFEFF/, '');
