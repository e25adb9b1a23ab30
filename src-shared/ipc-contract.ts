/**
 * The one IPC contract between main and the renderer. Each invoke channel has a zod schema
 * for its request and a type for its answer; each event channel a payload type. Main's
 * handler table is typed from this, so a missing handler does not compile, and every
 * request is validated before it reaches a handler. Answers are data, never exceptions.
 */
import { z } from 'zod';
import type { TrackedCall } from './calls';
import type { CallLogRecord } from './call-log';
import { serverUrlSchema, settingsPatchSchema, type Settings } from './settings';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from './ipc-channels';
import { LEG_STATES } from './leg-state';
import type { HistoryRow } from './history-row';

const e164ish = z.string().trim().min(1, 'Enter a phone number.').max(40, 'That is too long for a phone number.');
const id = z.string().min(1).max(200);

export const legStates = LEG_STATES;

export const historyFilterSchema = z
  .object({
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    direction: z.enum(['Inbound', 'Outbound']).optional(),
    outcome: z.enum(legStates).optional(),
    ringOutOnly: z.boolean().optional(),
    search: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export type HistoryFilterRequest = z.infer<typeof historyFilterSchema>;

const serverChoice = z.object({
  kind: z.enum(['production', 'sandbox', 'custom']),
  customUrl: serverUrlSchema.optional(),
  clientId: z.string().min(1).max(200).optional(),
});

export const invokeSchemas = {
  'app.snapshot': z.object({}).strict(),
  'session.signInBrowser': serverChoice.strict(),
  'session.signInJwt': serverChoice.extend({ jwt: z.string().min(10).max(10_000), clientSecret: z.string().max(500).optional() }).strict(),
  'session.useDemo': z.object({}).strict(),
  'session.signOut': z.object({}).strict(),
  'numbers.list': z.object({}).strict(),
  'call.start': z.object({ to: e164ish, from: e164ish.optional(), callerId: e164ish.optional(), playPrompt: z.boolean().optional() }).strict(),
  'call.cancel': z.object({ id }).strict(),
  'history.query': historyFilterSchema,
  'history.detail': z.object({ id }).strict(),
  'history.export': z.object({ filter: historyFilterSchema, format: z.enum(['csv', 'json']) }).strict(),
  'history.sync': z.object({}).strict(),
  'settings.update': settingsPatchSchema,
  'window.open': z.object({ window: z.enum(['popover', 'history', 'settings', 'signIn']), callId: id.optional() }).strict(),
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeSchemas)[C]>;

export type SessionView =
  | { status: 'signedOut'; demo: false }
  | { status: 'signingIn'; demo: boolean; server: string }
  | { status: 'signedIn'; demo: boolean; server: string; userName: string | null; extensionNumber: string | null }
  | { status: 'needsSignIn'; demo: boolean; server: string; reason: string };

export interface OwnNumbersView {
  ringMeAt: Array<{ id: string; phoneNumber: string; label: string }>;
  callerIds: Array<{ phoneNumber: string; label: string }>;
}

export interface SyncView {
  phase: 'initial' | 'incremental' | 'idle' | 'error';
  fetched: number;
  total: number | null;
  message: string | null;
}

export interface RateView {
  /** Requests waiting for a rate-limit slot, by priority. */
  queued: { user: number; live: number; sync: number };
  /** Set while Ringside waits for RingCentral's rate limit: when the next request may go. */
  waitingUntil: number | null;
}

/** One call in the history list (the archive's row, as the renderer receives it). */
export type HistoryRowView = HistoryRow;

export interface AppSnapshot {
  session: SessionView;
  calls: TrackedCall[];
  sync: SyncView;
  rate: RateView;
  settings: Settings;
  /** Shown when the archive had to be set aside at start. */
  notice: string | null;
}

export interface InvokeResponses {
  'app.snapshot': AppSnapshot;
  'session.signInBrowser': { opened: string };
  'session.signInJwt': SessionView;
  'session.useDemo': SessionView;
  'session.signOut': SessionView;
  'numbers.list': OwnNumbersView;
  'call.start': TrackedCall;
  'call.cancel': TrackedCall;
  'history.query': { rows: HistoryRowView[]; total: number };
  'history.detail': { row: HistoryRowView; record: CallLogRecord | null; tracked: TrackedCall | null } | null;
  'history.export': { saved: boolean; path: string | null; rows: number };
  'history.sync': SyncView;
  'settings.update': Settings;
  'window.open': { opened: boolean };
}

/** Error codes the renderer can explain to a person. */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_NUMBER'
  | 'NOT_SIGNED_IN'
  | 'SIGN_IN_FAILED'
  | 'CALL_FAILED'
  | 'NOT_FOUND'
  | 'TOO_LATE'
  | 'NETWORK'
  | 'RATE_LIMITED'
  | 'FORBIDDEN_SENDER'
  | 'INTERNAL';

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export interface EventPayloads {
  'call.updated': TrackedCall;
  'session.changed': SessionView;
  'sync.progress': SyncView;
  'rate.changed': RateView;
  'settings.changed': Settings;
  /** A tel:/callto: link or quick dial: open the popover with this number. */
  'popover.prefill': { number: string };
  /** A notification was clicked: show this call in the history window. */
  'history.focus': { callId: string };
  'notice': { message: string };
}

export type EventChannel = keyof EventPayloads;

export const INVOKE_CHANNELS: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES;
export const EVENT_CHANNELS: readonly EventChannel[] = EVENT_CHANNEL_NAMES;

// The dependency-free name lists must match the contract exactly.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _invokeNamesMatch: Same<(typeof INVOKE_CHANNEL_NAMES)[number], InvokeChannel> = true;
const _eventNamesMatch: Same<(typeof EVENT_CHANNEL_NAMES)[number], EventChannel> = true;
void _invokeNamesMatch;
void _eventNamesMatch;

/** What the preload exposes as `window.ringside`: exactly this, nothing else. */
export interface RingsideBridge {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<Result<InvokeResponses[C]>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void;
}
