/**
 * The core's front door: everything the outside (app, CLI, browser edition, shell, the e2e
 * harness) may use. Outside src-main/core only this module and ./ports may be imported
 * (eslint.config.js enforces it; tests may reach further in). Add here what a new caller
 * truly needs rather than importing a core file directly.
 */

// The whole product without Electron, and how to start it.
export { RingsideCore, type CoreOptions } from './ringside-core';
// Its areas: core.session, core.calls, core.history, core.annotations, core.analytics, core.webhooks, core.wrapUp.
export type { SessionFacade } from './auth/session-facade';
export type { CallsFacade } from './ringout/calls-facade';
export type { HistoryFacade } from './history/history-facade';
export type { AnnotationsFacade } from './history/annotations-facade';
export type { AnalyticsFacade } from './history/analytics-facade';
export type { WebhooksFacade } from './webhooks/webhooks-facade';
export type { WrapUpHold, WrapUpSettings } from './webhooks/wrap-up';
export type { WebhookTransport, WebhookRequest, TransportAnswer } from './webhooks/transport';
export type { SessionState } from './auth/session';
export type { ExtensionInfo, RingOutStatusAnswer } from './ringcentral/api';
export type { PlaceCallInput } from './ringout/tracker';
export type { PlannerState } from './ringcentral/rate-planner';
export type { ResolvedName } from './history/contacts-cache';
export type { ContactsSyncResult } from './history/contacts-sync';
export type { TeamShareRow } from './history/team-shares';

// Which RingCentral to talk to.
export { PRODUCTION_SERVER, SANDBOX_SERVER, type ServerConfig } from './ringcentral/rc-client';

// Failures: one error type with a code, and one table of what a person is told.
export { RingsideError, failureOf, wordsFor, RINGSIDE_ERROR_CODES, COULD_NOT_END, type RingsideErrorCode } from './errors';
export { TrackerError } from './ringout/tracker';

// Notifications the core raises, for the shell to show.
export { COALESCE_MS, type CallNotification, type NotificationSettings } from './notify/notification-policy';

// Phone numbers as the core reads and shows them.
export { formatForDisplay, sameNumber, toE164, type NumberCheck } from '../../src-shared/phone-numbers';

// A call-log record's legs and their explanation (the CLI's `derive` command).
export { deriveLegs } from './ringout/derive-legs';
export { explainOutcome } from './ringout/explain';
export { groupCallLogRecords } from './ringout/merge-records';

// Files and folders for this user only.
export { ensurePrivateDir, PRIVATE_FILE_MODE, PRIVATE_UMASK } from './private-files';
// Team mode (issue 29), loaded on first use: a desktop without team mode never loads the PostgreSQL driver.
export const loadTeamMode = () => import('./team/index');
export type TeamMode = Awaited<ReturnType<typeof loadTeamMode>>;
// Which team archive an address points at (no driver needed): a pending edit waits for its own.
export { teamArchiveAddress, teamArchiveKey, teamArchiveOfKey } from './team/team-archive-identity';
