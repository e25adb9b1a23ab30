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
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** What the renderer may change (window bounds and recents are main's business). */
export const settingsPatchSchema = settingsSchema
  .pick({ defaultCountry: true, ringMeAt: true, callerId: true, playPrompt: true, globalShortcut: true, launchAtLogin: true, theme: true })
  .extend({ notifications: settingsSchema.shape.notifications.unwrap().partial() })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
