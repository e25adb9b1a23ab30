/**
 * Habits of the live RingCentral service that its spec does not tell (spec/ringcentral/REALITY.md).
 * Every one is on by default: a simulator kinder than the service teaches the app nothing. A
 * focused test may switch one off, and then says why.
 */
export interface Realism {
  /** REALITY 1: authorize and token exchange accept only the app's registered redirect URIs (OAU-109). */
  registeredRedirectUris: boolean;
  /** REALITY 2: at most 5 live OAuth sessions per user per app; a sixth sign-in ends the oldest. */
  sessionLimit: boolean;
  /**
   * REALITY 3: a refresh token is single-use: used again, it answers the same new pair until
   * ~10 s after that pair's access token was first used (up to 60 min while it is unused), then
   * `invalid_grant`; the access token it replaced fails at once (OAU-129, after ~10 s OAU-213).
   */
  singleUseRefreshTokens: boolean;
  /** REALITY 4: DELETE ring-out ends the call only while your phone's leg is not yet established. */
  cancelOnlyBeforeAnswer: boolean;
  /** REALITY 5, 27: legacy account: numeric RingOut id, a `uri` whose last segment differs, `NoSuchUser` spelling, `line Busy` on old records. Off by default (the spec lists neither spelling). */
  legacyRingOut: boolean;
  /** REALITY 7: extension-level push carries only your party; the Target party only on the account-level filter (admins). */
  ownPartyOnlyOnExtensionPush: boolean;
  /** REALITY 8: a failed leg's `Disconnected` has no `reason`. */
  disconnectedWithoutReason: boolean;
  /** REALITY 9: RingOut parties as observed: both `Inbound`, Initiator `from` = callee, Target without ids, extra fields. */
  realPartyShape: boolean;
  /** REALITY 10: `X-Rate-Limit-Group` in lowercase (`heavy`). */
  lowercaseRateLimitGroup: boolean;
  /** REALITY 11: the 60 s penalty restarts with every request sent during it. */
  penaltyRestartsOnRequest: boolean;
  /** REALITY 12: a RingOut to one of the account's own numbers is logged as two records. */
  twoRecordRingOut: boolean;
  /** REALITY 14: records are modified after they first appear (`lastModifiedTime` moves). */
  lateRecordChanges: boolean;
  /** REALITY 14: every Nth incremental sync answers `syncType: FSync` (0 = never). */
  forcedFSyncEvery: number;
  /** REALITY 15: messy records (a `from` with only a name, numbers without `+`, legs without `billing`/`master`). */
  messyRecords: boolean;
  /** REALITY 16: list answers omit `totalPages`/`totalElements`. */
  sparsePaging: boolean;
  /** REALITY 17: the RingOut status resource is gone (404 `CMN-102`) a short time after the call (`statusExpirySeconds`). */
  ringOutStatusExpires: boolean;
  /** REALITY 18: POST ring-out refuses with specific codes in a two-layer body (TEL-1xx, RNG-102, BIL-103, CMN-112/113, 404 CMN-102); off: CMN-101 for bad input only. */
  specificRingOutRefusals: boolean;
  /** REALITY 23: a request identical to one still being answered (same token, method, path, query, body) gets 429 `CMN-304`. */
  duplicateRequestRefused: boolean;
  /** REALITY 29: address-book-sync pages by `nextPageId` (at most 250), directory/entries answers 304 to a matching `If-None-Match`. */
  addressBookPaging: boolean;
  /** Voicemail answering your phone with `playPrompt` and nobody pressing 1: `Answered Not Accepted`. */
  answeredNotAccepted: boolean;
  /** REALITY 19: push events are one-party deltas with gaps in `sequence`, some out of order, and a late lone `Disconnected` after the end. */
  disorderedPushEvents: boolean;
  /** REALITY 20: a scenario's move to another phone (`CallSwitch`, `Pickup`) or blind transfer happens; off, such scenarios stay on your first phone. */
  callSwitch: boolean;
  /** REALITY 21: the WebSocket gateway closes idle connections (WSG-902) and old ones daily (WSG-903); recovery replays overlapping events. */
  gatewayTimeouts: boolean;
  /** REALITY 22: a wstoken used again drops its first connection; one subscription per connection; at most 20 per user and app (SUB-505). */
  strictWebSocket: boolean;
  /** REALITY 28: active calls lag 3-10 s, list an ended call for ~2 min, never list a call still ringing. */
  activeCallsLag: boolean;
  /** REALITY 24: a Detailed call-log page holds at most 250 records (Simple 1000); a larger `perPage` is silently reduced. */
  detailedPageCap: boolean;
  /** REALITY 25: without `dateFrom` the call log answers only the 24 hours before `dateTo` (off: the whole log). */
  lastDayWithoutDateFrom: boolean;
  /** REALITY 26: sync tokens expire: 400 `CLG-101` once older than `syncTokenLifetimeSeconds`, `CLG-102` after a call-log reset. */
  syncTokensExpire: boolean;
  /** REALITY 26: an ISync with more than 250 changes since its token answers 400 `CLG-105` instead of records. */
  isyncRefusesPastLimit: boolean;
  /** REALITY 26: deleted records come back only on an ISync with `showDeleted=true`, as `deleted: true` (off: on every ISync). */
  deletedOnlyWithShowDeleted: boolean;
  /** REALITY 27: seeded history with all four RingOut legType families and newer results (`Sent to Voicemail`, `Answered Elsewhere`, `Callback requested`, `Not Allowed`). */
  enumDrift: boolean;
  /** REALITY 27: a call connected for under half a second is not logged. */
  shortCallsNotLogged: boolean;
}

export const REALISTIC: Realism = {
  registeredRedirectUris: true,
  sessionLimit: true,
  singleUseRefreshTokens: true,
  cancelOnlyBeforeAnswer: true,
  legacyRingOut: false,
  ownPartyOnlyOnExtensionPush: true,
  disconnectedWithoutReason: true,
  realPartyShape: true,
  lowercaseRateLimitGroup: true,
  penaltyRestartsOnRequest: true,
  twoRecordRingOut: true,
  lateRecordChanges: true,
  forcedFSyncEvery: 5,
  messyRecords: true,
  sparsePaging: true,
  answeredNotAccepted: true,
  disorderedPushEvents: true,
  callSwitch: true,
  gatewayTimeouts: true,
  strictWebSocket: true,
  activeCallsLag: true,
  ringOutStatusExpires: true,
  specificRingOutRefusals: true,
  duplicateRequestRefused: true,
  addressBookPaging: true,
  detailedPageCap: true,
  lastDayWithoutDateFrom: true,
  syncTokensExpire: true,
  isyncRefusesPastLimit: true,
  deletedOnlyWithShowDeleted: true,
  enumDrift: true,
  shortCallsNotLogged: true,
};

export function realismOf(patch: Partial<Realism> = {}): Realism {
  return { ...REALISTIC, ...patch };
}
