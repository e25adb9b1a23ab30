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
import { exportFormatSchema, historyFilterSchema, type SyncProgress } from './history';
import type { HistoryRow } from './history-row';
import type { DialRequest } from './dial-request';
import {
  analyticsRequestSchema,
  annotationSchema,
  callRefSchema,
  dispositionListSchema,
  type AnalyticsReport,
  type Annotation,
  type QuickNumber,
} from './annotations';
import { teamAnalyticsRequestSchema, teamAnalyticsTableSchema, teamArchiveSetSchema, type TeamAnalyticsReport, type TeamArchiveView } from './team-analytics';
import { integrationsInvokeSchemas, type IntegrationsEventPayloads, type IntegrationsInvokeResponses, type WrapUpView } from './webhooks';
import type { TeamNoteView } from './team-notes';
import { teamBoardInvokeSchemas, type TeamBoardEventPayloads, type TeamBoardInvokeResponses } from './team-board';

const e164ish = z.string().trim().min(1, 'Enter a phone number.').max(40, 'That is too long for a phone number.');
const id = z.string().min(1).max(200);

/** Which real RingCentral to sign in to (demo mode has its own request). */
export const serverChoiceSchema = z.object({
  kind: z.enum(['production', 'sandbox', 'custom']),
  customUrl: serverUrlSchema.optional(),
  clientId: z.string().min(1).max(200).optional(),
});

export type ServerChoice = z.infer<typeof serverChoiceSchema>;

/** The app's windows, by what they show. */
export const windowKindSchema = z.enum(['popover', 'history', 'settings', 'signIn', 'teamBoard']);
export type WindowKind = z.infer<typeof windowKindSchema>;

export const invokeSchemas = {
  'app.snapshot': z.object({}).strict(),
  'session.signInBrowser': serverChoiceSchema.strict(),
  'session.signInJwt': serverChoiceSchema.extend({ jwt: z.string().min(10).max(10_000), clientSecret: z.string().max(500).optional() }).strict(),
  'session.useDemo': z.object({}).strict(),
  'session.signOut': z.object({}).strict(),
  /** One click after "Signed out by RingCentral": the same server and app again. */
  'session.signInAgain': z.object({}).strict(),
  'numbers.list': z.object({}).strict(),
  'call.start': z.object({ to: e164ish, from: e164ish.optional(), callerId: e164ish.optional(), playPrompt: z.boolean().optional() }).strict(),
  'call.cancel': z.object({ id }).strict(),
  'history.query': historyFilterSchema,
  'history.detail': z.object({ id }).strict(),
  'history.export': z.object({ filter: historyFilterSchema, format: exportFormatSchema }).strict(),
  'history.sync': z.object({}).strict(),
  'settings.update': settingsPatchSchema,
  'window.open': z.object({ window: windowKindSchema, callId: id.optional() }).strict(),
  /** Esc in the dial confirmation: the waiting number is dropped. */
  'dial.dismiss': z.object({}).strict(),
  /** "Call again" from History: the popover asks to confirm this number, as for a link. */
  'dial.ask': z.object({ number: e164ish }).strict(),
  /** A call's note and disposition (issue 21), by history row id or by a placed call's id. */
  'call.annotation': callRefSchema,
  'call.annotate': z.object({ ref: callRefSchema, annotation: annotationSchema }).strict(),
  'dispositions.list': z.object({}).strict(),
  'dispositions.update': z.object({ dispositions: dispositionListSchema }).strict(),
  /** `id`: starred from this call's detail (team mode shares that call's favourite). */
  'favourites.set': z.object({ number: e164ish, favourite: z.boolean(), id: id.optional() }).strict(),
  /** Team mode (issue 29): a call's note as shared with the team (who wrote it, not yet shared). */
  'call.teamNote': callRefSchema,
  /** Favourites and recent numbers, each with its last outcome (popover). */
  'numbers.quick': z.object({}).strict(),
  'analytics.query': analyticsRequestSchema,
  'analytics.export': analyticsRequestSchema,
  /** Fetch contacts and the company directory again now. */
  'names.refresh': z.object({}).strict(),
  // Webhooks and the wrap-up step (issue 30): src-shared/webhooks.ts.
  ...integrationsInvokeSchemas,
  // The team board (issue 29): src-shared/team-board.ts.
  ...teamBoardInvokeSchemas,
  // Team analytics from the team archive (issue 29): src-shared/team-analytics.ts.
  'team.analytics': teamAnalyticsRequestSchema,
  'team.analyticsExport': z.object({ request: teamAnalyticsRequestSchema, table: teamAnalyticsTableSchema }).strict(),
  /** Settings → Team archive: what is saved (never the password), and saving it. */
  'teamArchive.get': z.object({}).strict(),
  'teamArchive.set': teamArchiveSetSchema,
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeSchemas)[C]>;

export type SessionView =
  | { status: 'signedOut'; demo: false }
  | { status: 'signingIn'; demo: boolean; server: string }
  | { status: 'signedIn'; demo: boolean; server: string; userName: string | null; extensionNumber: string | null }
  | { status: 'needsSignIn'; demo: boolean; server: string; reason: string };

/** One of the account's own phone numbers, with what it is ("Mobile", "Main number"). */
export const ownNumberSchema = z.object({ phoneNumber: z.string(), label: z.string() });
export type OwnNumber = z.infer<typeof ownNumberSchema>;

/** The phones RingCentral may ring first (forwarding numbers) and the caller IDs the account may show. */
export const ownNumbersSchema = z.object({
  // type: RingCentral's forwarding-number type (Mobile, PhoneLine, Home…), which decides whether it may ring first.
  ringMeAt: z.array(ownNumberSchema.extend({ id: z.string(), type: z.string().optional() })),
  callerIds: z.array(ownNumberSchema),
});
export type OwnNumbersView = z.infer<typeof ownNumbersSchema>;

export interface RateView {
  /** Requests waiting for a rate-limit slot, by priority. */
  queued: { user: number; live: number; sync: number };
  /** Set while Ringside waits for RingCentral's rate limit: when the next request may go. */
  waitingUntil: number | null;
}

export interface AppSnapshot {
  session: SessionView;
  calls: TrackedCall[];
  sync: SyncProgress;
  rate: RateView;
  settings: Settings;
  /** Shown when the archive had to be set aside at start. */
  notice: string | null;
  /** A number from the dial hotkey or a link, waiting for confirmation. */
  dial?: DialRequest | null;
  /** The call whose notification was clicked last: the popover shows it. */
  showCallId?: string | null;
  /** Why the dial hotkey could not be registered (another app holds it), or null. */
  dialHotkeyProblem?: string | null;
  /** RC_REDIRECT_URI when set: it wins over the redirect URI in settings. */
  envRedirectUri: string | null;
  /** Calls waiting for their wrap-up (issue 30); empty when none. */
  wrapUps: WrapUpView[];
}

export interface InvokeResponses extends IntegrationsInvokeResponses, TeamBoardInvokeResponses {
  'app.snapshot': AppSnapshot;
  'session.signInBrowser': { opened: string };
  'session.signInJwt': SessionView;
  'session.useDemo': SessionView;
  'session.signOut': SessionView;
  'session.signInAgain': SessionView | { opened: string };
  'numbers.list': OwnNumbersView;
  'call.start': TrackedCall;
  'call.cancel': TrackedCall;
  'history.query': { rows: HistoryRow[]; total: number };
  'history.detail': { row: HistoryRow; record: CallLogRecord | null; tracked: TrackedCall | null } | null;
  'history.export': { saved: boolean; path: string | null; rows: number };
  'history.sync': SyncProgress;
  'settings.update': Settings;
  'window.open': { opened: boolean };
  'dial.dismiss': { dismissed: boolean };
  'dial.ask': { asked: boolean };
  'call.annotation': Annotation;
  'call.annotate': Annotation;
  'dispositions.list': string[];
  'dispositions.update': string[];
  'favourites.set': { favourite: boolean };
  'call.teamNote': TeamNoteView;
  'numbers.quick': { favourites: QuickNumber[]; recents: QuickNumber[] };
  'analytics.query': AnalyticsReport;
  'analytics.export': { saved: boolean; path: string | null; rows: number };
  'names.refresh': { refreshed: string[]; failed: string[] };
  'team.analytics': TeamAnalyticsReport;
  'team.analyticsExport': { saved: boolean; path: string | null; rows: number };
  'teamArchive.get': TeamArchiveView;
  'teamArchive.set': TeamArchiveView;
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
  /** The call history could not be saved: the disk is full. */
  | 'DISK_FULL'
  /** The call history is read-only this session (a newer Ringside's, a read-only folder, in use elsewhere). */
  | 'READ_ONLY'
  | 'INTERNAL';

export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export interface EventPayloads extends IntegrationsEventPayloads, TeamBoardEventPayloads {
  'call.updated': TrackedCall;
  'session.changed': SessionView;
  'sync.progress': SyncProgress;
  'rate.changed': RateView;
  'settings.changed': Settings;
  /** A tel:/callto: link or quick dial: open the popover with this number. */
  'popover.prefill': { number: string };
  /** A notification was clicked: show this call in the history window. */
  'history.focus': { callId: string };
  notice: { message: string };
  /** The dial hotkey or a link: confirm this number in the popover (Enter calls, Esc cancels). */
  'dial.request': DialRequest;
  /** Whether the dial hotkey is registered: the Settings window shows the problem. */
  'dialHotkey.status': { problem: string | null };
  /** A notification was clicked: the popover shows this call. */
  'popover.showCall': { callId: string };
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
