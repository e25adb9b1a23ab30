import { z } from 'zod';

/** Country codes libphonenumber-js knows are accepted; validated at use. */
export const settingsSchema = z.object({
  /** Country assumed for numbers typed without a + country code. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('US'),
  /** The phone RingCentral rings first, E.164; null = the account's first forwarding number. */
  ringMeAt: z.string().nullable().default(null),
  /** What the other party sees; null = the account default. */
  callerId: z.string().nullable().default(null),
  playPrompt: z.boolean().default(false),
  notifications: z
    .object({ muted: z.boolean().default(false), legChanges: z.boolean().default(true), failures: z.boolean().default(true) })
    .default({ muted: false, legChanges: true, failures: true }),
  /** Accelerator for quick dial, e.g. CommandOrControl+Shift+R; null = none. */
  globalShortcut: z.string().nullable().default('CommandOrControl+Shift+R'),
  launchAtLogin: z.boolean().default(false),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  server: z
    .object({
      kind: z.enum(['demo', 'production', 'sandbox', 'custom']).default('demo'),
      customUrl: z.string().url().nullable().default(null),
      clientId: z.string().nullable().default(null),
    })
    .default({ kind: 'demo', customUrl: null, clientId: null }),
  recentNumbers: z.array(z.string()).max(20).default([]),
  historyBounds: z.object({ x: z.number(), y: z.number(), width: z.number().min(400), height: z.number().min(300) }).nullable().default(null),
  /** Accelerator that dials the selected text (or the clipboard) after a confirmation; null = none. */
  dialHotkey: z.string().max(100).nullable().default('CommandOrControl+Alt+R'),
  /** Which notifications outbound calls raise: outcomes only, every leg change, or none. */
  notificationMode: z.enum(['outcomes', 'every', 'none']).default('every'),
  /** A failed leg's notification stays on screen until clicked (where the OS allows it). */
  persistentFailureAlert: z.boolean().default(false),
  /** The ring-me-at phone and caller ID of the last call placed: the pickers start there. */
  lastRingMeAt: z.string().max(40).nullable().default(null),
  lastCallerId: z.string().max(40).nullable().default(null),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

const PATCHABLE = ['defaultCountry', 'ringMeAt', 'callerId', 'playPrompt', 'globalShortcut', 'launchAtLogin', 'theme', 'dialHotkey', 'notificationMode', 'persistentFailureAlert'] as const;
type Patchable = (typeof PATCHABLE)[number];

/**
 * What the renderer may change (window bounds, recents and the last call's choice are main's
 * business). Each field without its default: a patch that leaves a field out must not reset it.
 */
export const settingsPatchSchema = z
  .object(
    Object.fromEntries(PATCHABLE.map((key) => [key, settingsSchema.shape[key].unwrap()])) as {
      [K in Patchable]: ReturnType<(typeof settingsSchema.shape)[K]['unwrap']>;
    },
  )
  .extend({ notifications: z.object({ muted: z.boolean(), legChanges: z.boolean(), failures: z.boolean() }).partial() })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
