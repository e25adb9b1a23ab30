import type { CallLogQuery } from '../call-log/call-log-store';
import type { CallLogView } from '../call-log/record-builder';
import { toView } from '../call-log/record-builder';
import { apiError, badParameter, notFound } from '../http/errors';
import type { Route, RouteContext } from '../http/router';
import type { SimResponse } from '../http/types';
import type { SimContext } from '../context';
import { COMPANY_CALL_LOG_PERMISSION, companyCallLogRefusal } from '../account/company-access';

const DAY_MS = 24 * 3600 * 1000;
const ISYNC_LIMIT = 250;
/** `perPage` ceilings of the live service (REALITY 24): the spec's 1000 holds for the Simple view only. */
const MAX_PER_PAGE = 1000;
const MAX_DETAILED_PER_PAGE = 250;
/** The service's words for every refused sync token (API reference, "Errors": CLG-101..105). */
const TOKEN_EXPIRED = 'Parameter [syncToken] is invalid [Sync token expired, call log was reset]';

type Parsed<T> = { value: T } | { error: SimResponse };

function parseView(query: URLSearchParams): Parsed<CallLogView> {
  const view = query.get('view') ?? 'Simple';
  if (view !== 'Simple' && view !== 'Detailed') return { error: badParameter('view') };
  return { value: view };
}

function parseDate(query: URLSearchParams, name: string, fallback: number): Parsed<number> {
  const raw = query.get(name);
  if (raw === null) return { value: fallback };
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return { error: badParameter(name) };
  return { value: ms };
}

function parseEnumList(query: URLSearchParams, name: string, allowed: string[]): Parsed<string[]> {
  const values = query.getAll(name).flatMap((v) => v.split(','));
  const bad = values.find((v) => !allowed.includes(v));
  return bad === undefined ? { value: values } : { error: badParameter(name) };
}

/** perPage: 1..`max` or `max`; larger integers are silently reduced to the maximum. */
function parsePerPage(query: URLSearchParams, max: number): Parsed<number> {
  const raw = query.get('perPage');
  if (raw === null) return { value: Math.min(100, max) };
  if (raw === 'max') return { value: max };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return { error: badParameter('perPage') };
  return { value: Math.min(n, max) };
}

function parsePage(query: URLSearchParams): Parsed<number> {
  const raw = query.get('page');
  if (raw === null) return { value: 1 };
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? { value: n } : { error: badParameter('page') };
}

export function callLogRoutes(sim: SimContext): Route[] {
  const extensionBase = '/restapi/v1.0/account/{accountId}/extension/{extensionId}';
  const accountBase = '/restapi/v1.0/account/{accountId}';

  function list(ctx: RouteContext, accountLevel: boolean): SimResponse {
    const { req, params, session } = ctx;
    const resolved = sim.resolvePath(accountLevel ? { accountId: params['accountId']! } : params, session!);
    if ('error' in resolved) return resolved.error;
    const refused = accountLevel ? companyCallLogRefusal(sim.account, session!, COMPANY_CALL_LOG_PERMISSION.list) : null;
    if (refused) return refused;
    const q = req.query;
    const view = parseView(q);
    // A Detailed page holds at most 250 records (REALITY 24).
    const detailedCap = sim.realism.detailedPageCap && 'value' in view && view.value === 'Detailed';
    const perPage = parsePerPage(q, detailedCap ? MAX_DETAILED_PER_PAGE : MAX_PER_PAGE);
    const page = parsePage(q);
    const dateTo = parseDate(q, 'dateTo', sim.clock.now());
    if ('error' in dateTo) return dateTo.error;
    // Without dateFrom only the last day before dateTo (REALITY 25).
    const dateFrom = parseDate(q, 'dateFrom', sim.realism.lastDayWithoutDateFrom ? dateTo.value - DAY_MS : 0);
    const types = parseEnumList(q, 'type', ['Voice', 'Fax']);
    const directions = parseEnumList(q, 'direction', ['Inbound', 'Outbound']);
    const transports = parseEnumList(q, 'transport', ['PSTN', 'VoIP']);
    const recordingType = parseEnumList(q, 'recordingType', ['Automatic', 'OnDemand', 'All']);
    for (const p of [view, perPage, page, dateFrom, types, directions, transports, recordingType]) if ('error' in p) return p.error;
    if (q.get('phoneNumber') && q.get('extensionNumber')) {
      return badParameter('phoneNumber', 'Parameters [phoneNumber] and [extensionNumber] cannot be combined');
    }
    const query: CallLogQuery = {
      extensionId: accountLevel ? null : resolved.extension.id,
      extensionNumberOf: (n) => sim.account.extensions.find((e) => e.extensionNumber === n)?.id ?? null,
      view: (view as { value: CallLogView }).value,
      dateFrom: (dateFrom as { value: number }).value,
      dateTo: dateTo.value,
      types: (types as { value: string[] }).value,
      directions: (directions as { value: string[] }).value,
      phoneNumber: q.get('phoneNumber'),
      extensionNumber: q.get('extensionNumber'),
      sessionId: q.get('sessionId'),
      telephonySessionId: q.get('telephonySessionId'),
      transports: accountLevel ? [] : (transports as { value: string[] }).value,
      recordedOnly: q.has('recordingType') || q.get('withRecording') === 'true',
      page: (page as { value: number }).value,
      perPage: (perPage as { value: number }).value,
    };
    const { records, total } = sim.callLog.query(query);
    const totalPages = Math.max(1, Math.ceil(total / query.perPage));
    const pageUri = (n: number) => {
      const u = new URL(req.path, sim.url);
      for (const [k, v] of q) if (k !== 'page') u.searchParams.append(k, v);
      u.searchParams.set('page', String(n));
      return { uri: u.toString() };
    };
    const navigation: Record<string, { uri: string }> = { firstPage: pageUri(1) };
    if (query.page < totalPages) navigation['nextPage'] = pageUri(query.page + 1);
    if (query.page > 1) navigation['previousPage'] = pageUri(query.page - 1);
    navigation['lastPage'] = pageUri(totalPages);
    const pageStart = (query.page - 1) * query.perPage;
    // Many live answers leave out the totals (REALITY 16): clients must follow navigation.nextPage.
    const paging: Record<string, number> = sim.realism.sparsePaging
      ? { page: query.page, perPage: query.perPage }
      : { page: query.page, totalPages, perPage: query.perPage, totalElements: total };
    if (records.length > 0) {
      paging['pageStart'] = pageStart;
      paging['pageEnd'] = pageStart + records.length - 1;
    }
    const self = new URL(req.path, sim.url);
    for (const [k, v] of q) self.searchParams.append(k, v);
    return { status: 200, body: { uri: self.toString(), records, paging, navigation } };
  }

  function one(ctx: RouteContext, accountLevel: boolean): SimResponse {
    const { req, params, session } = ctx;
    const resolved = sim.resolvePath(accountLevel ? { accountId: params['accountId']! } : params, session!);
    if ('error' in resolved) return resolved.error;
    const refused = accountLevel ? companyCallLogRefusal(sim.account, session!, COMPANY_CALL_LOG_PERMISSION.list) : null;
    if (refused) return refused;
    const view = parseView(req.query);
    if ('error' in view) return view.error;
    // Several comma-separated ids answer 207 multipart in the real API; one id is what clients use.
    const stored = sim.callLog.get(params['callRecordId']!, accountLevel ? null : resolved.extension.id);
    if (!stored) return notFound('callRecordId');
    return { status: 200, body: toView(stored.record, view.value) };
  }

  /** The user's call-log sync, or the company's (`accountLevel`: every extension's records, admins only). */
  function sync(ctx: RouteContext, accountLevel: boolean): SimResponse {
    const { req, params, session } = ctx;
    const resolved = sim.resolvePath(params, session!);
    if ('error' in resolved) return resolved.error;
    const refused = accountLevel ? companyCallLogRefusal(sim.account, session!, COMPANY_CALL_LOG_PERMISSION.sync) : null;
    if (refused) return refused;
    // Whose records: one extension's, or (null) the whole account's; a token names its scope.
    const scope = accountLevel ? null : resolved.extension.id;
    const tokenScope = accountLevel ? sim.account.id : resolved.extension.id;
    const q = req.query;
    const view = parseView(q);
    if ('error' in view) return view.error;
    const syncType = q.get('syncType') ?? 'FSync';
    const now = sim.clock.now();
    // `r`: the call-log resets so far; a token from before the last one answers CLG-102 (a count, not a
    // time: a token issued in the same millisecond as a reset is on the right side of it).
    const token = (syncTime: number) => Buffer.from(JSON.stringify({ e: tokenScope, t: syncTime, r: sim.callLogResets })).toString('base64url');
    let stored;
    let answeredType = syncType;
    if (syncType === 'FSync') {
      const count = Number(q.get('recordCount'));
      if (!q.get('recordCount') || !Number.isInteger(count) || count < 1) return badParameter('recordCount', 'Parameter [recordCount] is required for FSync');
      const dateFrom = parseDate(q, 'dateFrom', now - 30 * DAY_MS);
      if ('error' in dateFrom) return dateFrom.error;
      stored = sim.callLog.newest(scope, Math.max(dateFrom.value, now - 30 * DAY_MS), count);
    } else if (syncType === 'ISync') {
      let since: number;
      let resets: number;
      try {
        const decoded = JSON.parse(Buffer.from(q.get('syncToken') ?? '', 'base64url').toString()) as { e: number; t: number; r?: number };
        if (decoded.e !== tokenScope || typeof decoded.t !== 'number') throw new Error('foreign token');
        since = decoded.t;
        resets = decoded.r ?? 0;
      } catch {
        return badParameter('syncToken', 'Parameter [syncToken] value is invalid');
      }
      // Tokens expire with age and with a reset of the call log (REALITY 26).
      if (sim.realism.syncTokensExpire && resets < sim.callLogResets) return apiError(400, 'CLG-102', TOKEN_EXPIRED, 'syncToken');
      if (sim.realism.syncTokensExpire && now - since > sim.clock.realMs(sim.syncTokenLifetimeSeconds * 1000)) {
        return apiError(400, 'CLG-101', TOKEN_EXPIRED, 'syncToken');
      }
      const forceEvery = sim.realism.forcedFSyncEvery;
      if (forceEvery > 0 && sim.nextIncrementalSync() % forceEvery === 0) {
        // The server may answer an incremental sync with a full one (REALITY 14): a new token, records to de-duplicate.
        answeredType = 'FSync';
        stored = sim.callLog.newest(scope, now - 30 * DAY_MS, ISYNC_LIMIT);
      } else {
        // Deleted records only when asked for (REALITY 26); the kind service reports them always.
        const withDeleted = q.get('showDeleted') === 'true' || !sim.realism.deletedOnlyWithShowDeleted;
        const changes = sim.callLog.modifiedSince(scope, since, ISYNC_LIMIT, withDeleted);
        // More than 250 changes since the token: an error instead of records (REALITY 26).
        if (sim.realism.isyncRefusesPastLimit && changes.changed > ISYNC_LIMIT) return apiError(400, 'CLG-105', TOKEN_EXPIRED, 'syncToken');
        stored = changes.records;
      }
    } else {
      return badParameter('syncType');
    }
    return {
      status: 200,
      body: {
        uri: `${sim.url}${req.path}?${q.toString()}`,
        records: stored.map((s) => (s.deletedAt ? { ...toView(s.record, view.value), deleted: true } : toView(s.record, view.value))),
        syncInfo: { syncType: answeredType, syncToken: token(now), syncTime: new Date(now).toISOString() },
      },
    };
  }

  return [
    { method: 'GET', path: `${extensionBase}/call-log`, operationId: 'readUserCallLog', group: 'Heavy', auth: 'bearer', handle: (ctx) => list(ctx, false) },
    { method: 'GET', path: `${accountBase}/call-log`, operationId: 'readCompanyCallLog', group: 'Heavy', auth: 'bearer', handle: (ctx) => list(ctx, true) },
    {
      method: 'GET',
      path: `${extensionBase}/call-log/{callRecordId}`,
      operationId: 'readUserCallRecord',
      group: 'Heavy',
      auth: 'bearer',
      handle: (ctx) => one(ctx, false),
    },
    {
      method: 'GET',
      path: `${accountBase}/call-log/{callRecordId}`,
      operationId: 'readCompanyCallRecord',
      group: 'Heavy',
      auth: 'bearer',
      handle: (ctx) => one(ctx, true),
    },
    {
      method: 'GET',
      path: `${extensionBase}/call-log-sync`,
      operationId: 'syncUserCallLog',
      group: 'Heavy',
      auth: 'bearer',
      handle: (ctx) => sync(ctx, false),
    },
    {
      method: 'GET',
      path: `${accountBase}/call-log-sync`,
      operationId: 'syncAccountCallLog',
      group: 'Heavy',
      auth: 'bearer',
      handle: (ctx) => sync(ctx, true),
    },
  ];
}
