/**
 * What travels over the browser edition's WebSocket: exactly the IPC contract (an invoke with
 * its channel and request, answered with the dispatcher's `{ ok, value } | { ok: false, error }`;
 * the contract's events), plus the few messages that stand in for Electron's window system
 * (tray, notifications, windows). Requests are validated here as an envelope and then by the
 * contract's own schemas in `dispatchInvoke`.
 */
import { z } from 'zod';
import type { EventChannel, EventPayloads, Result, WindowKind } from '../../src-shared/ipc-contract';
import type { TrayModel } from '../app/tray-model';

/** Page → host. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: z.number().int().nonnegative(), channel: z.string().max(100), request: z.unknown() }).strict(),
  /** The page's notification was clicked: same as clicking an OS notification in the app. */
  z.object({ type: z.literal('notificationClicked'), callId: z.string().min(1).max(200) }).strict(),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** The page's first message on a new socket: the ticket of the address it was opened with, or the token it received for it. */
export const authMessageSchema = z.union([
  z.object({ type: z.literal('auth'), ticket: z.string().min(1).max(100) }).strict(),
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(100) }).strict(),
]);

export type AuthMessage = z.infer<typeof authMessageSchema>;

/** Host → page. */
export type HostMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { [E in EventChannel]: { type: 'event'; channel: E; payload: EventPayloads[E] } }[EventChannel]
  | { type: 'tray'; model: TrayModel }
  | { type: 'notification'; callId: string; title: string; body: string; failure: boolean; persistent?: boolean; tag?: string }
  | { type: 'withdrawNotification'; tag: string }
  | { type: 'window'; window: WindowKind }
  /** Sent once the socket is authenticated, with the token the page presents after a reload. */
  | { type: 'hello'; edition: 'browser'; secretsInMemory: true; token: string }
  /** An export, for the page to download through the browser (never written to the host's disk). */
  | { type: 'download'; url: string; name: string };

function parseWith<T>(schema: z.ZodType<T>, raw: string): T | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** Parses one frame; anything else (not JSON, unknown type, wrong shape) is null. */
export function parseClientMessage(raw: string): ClientMessage | null {
  return parseWith(clientMessageSchema, raw);
}

/** Parses a socket's first frame; anything but an auth message is null. */
export function parseAuthMessage(raw: string): AuthMessage | null {
  return parseWith(authMessageSchema, raw);
}

/** WebSocket close codes the page explains (4000-4999 are the application's own). */
export const CLOSE_NOT_AUTHENTICATED = 4401;

/** The WebSocket's path on the browser edition's server. */
export const SOCKET_PATH = '/ringside-socket';

/** The route (hash) of each window kind in the renderer. */
export const ROUTE_OF_WINDOW: Record<WindowKind, string> = {
  popover: 'popover',
  history: 'history',
  settings: 'settings',
  signIn: 'signin',
  teamBoard: 'team-board',
};
