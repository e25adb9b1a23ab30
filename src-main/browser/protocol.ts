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

/** Host → page. */
export type HostMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { [E in EventChannel]: { type: 'event'; channel: E; payload: EventPayloads[E] } }[EventChannel]
  | { type: 'tray'; model: TrayModel }
  | { type: 'notification'; callId: string; title: string; body: string; failure: boolean }
  | { type: 'window'; window: WindowKind }
  | { type: 'hello'; edition: 'browser'; secretsInMemory: true }
  /** An export, for the page to download through the browser (never written to the host's disk). */
  | { type: 'download'; url: string; name: string };

/** Parses one frame; anything else (not JSON, unknown type, wrong shape) is null. */
export function parseClientMessage(raw: string): ClientMessage | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = clientMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** The WebSocket's path on the browser edition's server. */
export const SOCKET_PATH = '/ringside-socket';

/** The route (hash) of each window kind in the renderer. */
export const ROUTE_OF_WINDOW: Record<WindowKind, string> = { popover: 'popover', history: 'history', settings: 'settings', signIn: 'signin' };
