import { isHttpsOrLoopbackUrl } from './https-or-loopback';
import { getCountries } from 'libphonenumber-js';
import { z } from 'zod';
import { wrapUpModeSchema, wrapUpSecondsSchema } from './webhooks';

/** The shallowest and deepest history a user may choose, in days (Settings and `ringside sync --days`). */
export const HISTORY_DEPTH_MIN_DAYS = 30;
export const HISTORY_DEPTH_MAX_DAYS = 3660;

/** Regions libphonenumber-js knows; any other code would make every typed number invalid. */
const COUNTRIES = new Set<string>(getCountries());

/** A server Ringside may talk to: https, or plain http only on this machine (the simulator). */
export const isAllowedServerUrl = isHttpsOrLoopbackUrl;

export const serverUrlSchema = z.string().max(300).refine(isAllowedServerUrl, 'The server address must start with https:// (http:// only for this computer).');

/** Electron accelerators need a modifier: a single key as a global shortcut would swallow typing. */
const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
export function isGlobalShortcut(value: string): boolean {
  const parts = value.split('+');
  const key = parts.pop();
  return !!key && parts.length > 0 && parts.every((p) => MODIFIERS.has(p.toLowerCase())) && !MODIFIERS.has(key.toLowerCase());
}

const phoneSetting = z.string().min(1).max(40);

export { DEFAULT_REDIRECT_URI, effectiveRedirectUri } from './redirect-uri';

/** A redirect URI Ringside can listen on: plain http on this computer, an explicit port and a path. */
export function isLoopbackRedirectUri(value: string): boolean {
  if (value.length > 200) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' &&
    ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) &&
    /^https?:\/\/[^/]+:\d+\//.test(value) &&
    Number(url.port) >= 1 &&
    url.pathname.length > 1 &&
    !url.username &&
    !url.password &&
    !url.search &&
    !url.hash
  );
}

/**
 * Each setting without its default: the patch from the renderer is built from these, so a
 * patch never carries defaults for keys it did not send (zod 4 applies `.default()` inside
 * `.partial()`).
 */
const fields = {
  /** Country assumed for numbers typed without a + country code. */
  defaultCountry: z
    .string()
    .max(2)
    .refine((c) => COUNTRIES.has(c), 'Choose a country from the list.'),
  /** The phone RingCentral rings first, E.164; null = the account's first forwarding number. */
  ringMeAt: phoneSetting.nullable(),
  /** What the other party sees; null = the account default. */
  callerId: phoneSetting.nullable(),
  playPrompt: z.boolean(),
  notifications: z.object({ muted: z.boolean(), legChanges: z.boolean(), failures: z.boolean() }),
  /** Accelerator for quick dial, e.g. CommandOrControl+Shift+R; null = none. */
  globalShortcut: z.string().max(60).refine(isGlobalShortcut, 'A shortcut needs a modifier key (Ctrl, Alt, Shift or Cmd) and one other key.').nullable(),
  launchAtLogin: z.boolean(),
  /** Ringside answers tel:/callto: links only after the user asked for it in Settings. */
  handleTelLinks: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  /** Accelerator that dials the selected text (or the clipboard) after a confirmation; null = none. */
  dialHotkey: z.string().max(60).refine(isGlobalShortcut, 'A shortcut needs a modifier key (Ctrl, Alt, Shift or Cmd) and one other key.').nullable(),
  /** Which notifications outbound calls raise: outcomes only, every leg change, or none. */
  notificationMode: z.enum(['outcomes', 'every', 'none']),
  /** A failed leg's notification stays on screen until clicked (where the OS allows it). */
  persistentFailureAlert: z.boolean(),
  /** The OAuth redirect URI for browser sign-in; null = DEFAULT_REDIRECT_URI (RC_REDIRECT_URI wins over both). */
  redirectUri: z
    .string()
    .max(200)
    .refine(isLoopbackRedirectUri, 'The redirect URI must look like http://127.0.0.1:<port>/<path> (this computer, an explicit port and a path).')
    .nullable(),
  /** How far back history reaches, in days; null = everything RingCentral still keeps. */
  historyDepthDays: z.number().int().min(HISTORY_DEPTH_MIN_DAYS).max(HISTORY_DEPTH_MAX_DAYS).nullable(),
  /** The wrap-up step after each call (issue 30): off, offered, or required before the next call. */
  wrapUp: wrapUpModeSchema,
  /** The wrap-up countdown; `call.completed` waits at most this long. */
  wrapUpSeconds: wrapUpSecondsSchema,
};

/** Country codes libphonenumber-js knows are accepted; validated at use. */
export const settingsSchema = z.object({
  defaultCountry: fields.defaultCountry.default('US'),
  ringMeAt: fields.ringMeAt.default(null),
  callerId: fields.callerId.default(null),
  playPrompt: fields.playPrompt.default(false),
  notifications: z
    .object({ muted: z.boolean().default(false), legChanges: z.boolean().default(true), failures: z.boolean().default(true) })
    .default({ muted: false, legChanges: true, failures: true }),
  globalShortcut: fields.globalShortcut.default('CommandOrControl+Shift+R'),
  launchAtLogin: fields.launchAtLogin.default(false),
  handleTelLinks: fields.handleTelLinks.default(false),
  theme: fields.theme.default('system'),
  server: z
    .object({
      kind: z.enum(['demo', 'production', 'sandbox', 'custom']).default('demo'),
      customUrl: serverUrlSchema.nullable().default(null),
      clientId: z.string().max(200).nullable().default(null),
    })
    .default({ kind: 'demo', customUrl: null, clientId: null }),
  recentNumbers: z.array(z.string().max(40)).max(20).default([]),
  historyBounds: z
    .object({ x: z.number(), y: z.number(), width: z.number().min(400), height: z.number().min(300) })
    .nullable()
    .default(null),
  /** Accelerator that dials the selected text (or the clipboard) after a confirmation; null = none. */
  dialHotkey: fields.dialHotkey.default('CommandOrControl+Alt+R'),
  notificationMode: fields.notificationMode.default('every'),
  persistentFailureAlert: fields.persistentFailureAlert.default(false),
  /** The ring-me-at phone and caller ID of the last call placed: the pickers start there. */
  lastRingMeAt: z.string().max(40).nullable().default(null),
  lastCallerId: z.string().max(40).nullable().default(null),
  redirectUri: fields.redirectUri.default(null),
  historyDepthDays: fields.historyDepthDays.default(365),
  wrapUp: fields.wrapUp.default('off'),
  wrapUpSeconds: fields.wrapUpSeconds.default(60),
  /** The team archive's address (issue 29) without its password (kept in the SecretStore); null = team mode off. Set through teamArchive.set. */
  teamArchiveUrl: z.string().max(500).nullable().default(null),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** What the renderer may change (window bounds and recents are main's business); no defaults. */
export const settingsPatchSchema = z
  .object({
    defaultCountry: fields.defaultCountry,
    ringMeAt: fields.ringMeAt,
    callerId: fields.callerId,
    playPrompt: fields.playPrompt,
    globalShortcut: fields.globalShortcut,
    launchAtLogin: fields.launchAtLogin,
    handleTelLinks: fields.handleTelLinks,
    theme: fields.theme,
    dialHotkey: fields.dialHotkey,
    notificationMode: fields.notificationMode,
    persistentFailureAlert: fields.persistentFailureAlert,
    redirectUri: fields.redirectUri,
    historyDepthDays: fields.historyDepthDays,
    wrapUp: fields.wrapUp,
    wrapUpSeconds: fields.wrapUpSeconds,
    notifications: fields.notifications.partial().strict(),
  })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
