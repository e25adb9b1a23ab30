import { createHash, randomBytes } from 'node:crypto';
import { DEMO_PERSONAL_CONTACTS, demoDirectory, type SimContact, type SimDirectoryEntry } from '../account/contacts-seed';
import type { SimAccount, SimExtension } from '../account/demo-account';
import { badParameter } from '../http/errors';
import type { Route, RouteContext } from '../http/router';
import type { SimResponse } from '../http/types';
import type { OAuthSession } from '../oauth/token-store';

/** What the contact routes need from the simulator, passed in rather than reached for. */
export interface ContactsRouteDeps {
  baseUrl(): string;
  account: SimAccount;
  resolvePath(params: Record<string, string>, session: OAuthSession): { extension: SimExtension } | { error: SimResponse };
  /** Personal contacts per extension (default: the demo address book for the account's first extension). */
  contactsFor?(extension: SimExtension): readonly SimContact[];
  directory?(): readonly SimDirectoryEntry[];
  /** REALITY 29: address-book-sync pages by nextPageId (at most 250); the directory answers 304 to a matching If-None-Match. */
  paging?(): boolean;
  now?(): number;
}

/** At most this many records per address-book-sync page (spec: "The max number of records is 250"). */
export const ADDRESS_BOOK_SYNC_MAX_PER_PAGE = 250;

function positiveInt(query: URLSearchParams, name: string, fallback: number, max: number): { value: number } | { error: SimResponse } {
  const raw = query.get(name);
  if (raw === null) return { value: fallback };
  if ((raw === 'max' || raw === 'all') && name === 'perPage') return { value: max };
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? { value: Math.min(n, max) } : { error: badParameter(name) };
}

const PHONE_FIELDS = ['businessPhone', 'mobilePhone', 'homePhone'] as const;
const fingerprint = (value: unknown) => createHash('sha1').update(JSON.stringify(value)).digest('base64url');
const digits = (value: string) => value.replace(/\D/g, '');

/** GET address-book/contact (listContacts, Heavy), address-book-sync (syncAddressBook, Heavy) and directory/entries (listDirectoryEntries, Medium). */
export function contactsRoutes(deps: ContactsRouteDeps): Route[] {
  const contactsFor = deps.contactsFor ?? ((ext: SimExtension) => (ext.id === deps.account.extensions[0]?.id ? DEMO_PERSONAL_CONTACTS : []));
  const directory = deps.directory ?? (() => demoDirectory(deps.account));
  const extUri = (ext: SimExtension) => `${deps.baseUrl()}/restapi/v1.0/account/${deps.account.id}/extension/${ext.id}`;

  function listContacts(ctx: RouteContext): SimResponse {
    const resolved = deps.resolvePath(ctx.params, ctx.session!);
    if ('error' in resolved) return resolved.error;
    const q = ctx.req.query;
    const page = positiveInt(q, 'page', 1, Number.MAX_SAFE_INTEGER);
    const perPage = positiveInt(q, 'perPage', 100, 1000);
    if ('error' in page) return page.error;
    if ('error' in perPage) return perPage.error;
    const startsWith = q.get('startsWith')?.toLowerCase();
    const wanted = q
      .getAll('phoneNumber')
      .flatMap((v) => v.split(','))
      .map(digits)
      .filter(Boolean);
    const matching = contactsFor(resolved.extension).filter(
      (c) =>
        (!startsWith || c.firstName.toLowerCase().startsWith(startsWith) || c.lastName.toLowerCase().startsWith(startsWith)) &&
        (wanted.length === 0 || PHONE_FIELDS.some((f) => c[f] && wanted.includes(digits(c[f]!)))),
    );
    const base = `${extUri(resolved.extension)}/address-book/contact`;
    const totalPages = Math.max(1, Math.ceil(matching.length / perPage.value));
    const start = (page.value - 1) * perPage.value;
    const records = matching.slice(start, start + perPage.value).map((c) => ({ uri: `${base}/${c.id}`, availability: 'Alive', ...c }));
    const pageUri = (n: number) => ({ uri: `${base}?page=${n}&perPage=${perPage.value}` });
    const navigation: Record<string, { uri: string }> = { firstPage: pageUri(1), lastPage: pageUri(totalPages) };
    if (page.value < totalPages) navigation['nextPage'] = pageUri(page.value + 1);
    if (page.value > 1) navigation['previousPage'] = pageUri(page.value - 1);
    return {
      status: 200,
      body: {
        uri: base,
        records,
        navigation,
        paging: {
          page: page.value,
          totalPages,
          perPage: perPage.value,
          totalElements: matching.length,
          pageStart: start,
          pageEnd: Math.max(start, start + records.length - 1),
        },
      },
    };
  }

  const paging = deps.paging ?? (() => true);
  const now = deps.now ?? Date.now;
  /** What each sync token saw (contact id → fingerprint), so an ISync answers only what changed since. */
  const snapshots = new Map<string, { extensionId: number; seen: Map<number, string> }>();

  function syncAddressBook(ctx: RouteContext): SimResponse {
    const resolved = deps.resolvePath(ctx.params, ctx.session!);
    if ('error' in resolved) return resolved.error;
    const q = ctx.req.query;
    const syncType = q.get('syncType') ?? 'FSync';
    if (syncType !== 'FSync' && syncType !== 'ISync') return badParameter('syncType');
    const perPage = positiveInt(q, 'perPage', ADDRESS_BOOK_SYNC_MAX_PER_PAGE, ADDRESS_BOOK_SYNC_MAX_PER_PAGE);
    const pageId = positiveInt(q, 'pageId', 1, Number.MAX_SAFE_INTEGER);
    if ('error' in perPage) return perPage.error;
    if ('error' in pageId) return pageId.error;
    const contacts = contactsFor(resolved.extension);
    const base = `${extUri(resolved.extension)}/address-book/contact`;
    const alive = (c: SimContact) => ({ uri: `${base}/${c.id}`, availability: 'Alive', ...c });
    let changes: Array<Record<string, unknown>>;
    if (syncType === 'FSync') {
      changes = contacts.map(alive);
    } else {
      const before = snapshots.get(q.get('syncToken') ?? '');
      if (!before || before.extensionId !== resolved.extension.id) return badParameter('syncToken');
      const ids = new Set(contacts.map((c) => c.id));
      changes = [
        ...contacts.filter((c) => before.seen.get(c.id) !== fingerprint(c)).map(alive),
        ...[...before.seen.keys()].filter((id) => !ids.has(id)).map((id) => ({ uri: `${base}/${id}`, availability: 'Deleted', id })),
      ];
    }
    const token = randomBytes(18).toString('base64url');
    snapshots.set(token, { extensionId: resolved.extension.id, seen: new Map(contacts.map((c) => [c.id, fingerprint(c)])) });
    // Off (REALITY 29 switched off): every change in one answer.
    const size = paging() ? perPage.value : Math.max(1, changes.length);
    const start = (pageId.value - 1) * size;
    const records = changes.slice(start, start + size);
    const self = `${extUri(resolved.extension)}/address-book-sync`;
    const next = start + size < changes.length ? pageId.value + 1 : null;
    return {
      status: 200,
      body: {
        uri: `${self}?${q.toString()}`,
        records,
        syncInfo: { syncType, syncToken: token, syncTime: new Date(now()).toISOString() },
        ...(next === null
          ? {}
          : {
              nextPageId: next,
              nextPageUri: `${self}?${new URLSearchParams({ ...Object.fromEntries(q), pageId: String(next), perPage: String(size) }).toString()}`,
            }),
      },
    };
  }

  function listDirectoryEntries(ctx: RouteContext): SimResponse {
    const resolved = deps.resolvePath({ accountId: ctx.params['accountId']! }, ctx.session!);
    if ('error' in resolved) return resolved.error;
    const q = ctx.req.query;
    const page = positiveInt(q, 'page', 1, Number.MAX_SAFE_INTEGER);
    const perPage = positiveInt(q, 'perPage', 1000, 2000);
    if ('error' in page) return page.error;
    if ('error' in perPage) return perPage.error;
    const type = q.get('type');
    const entries = directory().filter((e) => !type || e.type === type);
    const start = (page.value - 1) * perPage.value;
    const records = entries.slice(start, start + perPage.value).map((e) => ({
      ...e,
      status: 'Enabled',
      email: e.firstName ? `${e.firstName}.${e.lastName ?? ''}@example.com`.toLowerCase() : undefined,
      phoneNumbers: e.phoneNumbers.map((p) => ({ ...p, formattedPhoneNumber: p.phoneNumber })),
      site: { id: 'main-site', name: 'Main Site' },
    }));
    const body = {
      records,
      paging: {
        page: page.value,
        totalPages: Math.max(1, Math.ceil(entries.length / perPage.value)),
        perPage: perPage.value,
        totalElements: entries.length,
        pageStart: start,
        pageEnd: Math.max(start, start + records.length - 1),
      },
    };
    if (!paging()) return { status: 200, body };
    // REALITY 29: an unchanged page is answered 304 to a matching If-None-Match.
    const etag = `"${fingerprint(body)}"`;
    const wanted = (ctx.req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (wanted.includes(etag)) return { status: 304, headers: { ETag: etag } };
    return { status: 200, headers: { ETag: etag }, body };
  }

  return [
    {
      method: 'GET',
      path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/address-book/contact',
      operationId: 'listContacts',
      group: 'Heavy',
      auth: 'bearer',
      handle: listContacts,
    },
    {
      method: 'GET',
      path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/address-book-sync',
      operationId: 'syncAddressBook',
      group: 'Heavy',
      auth: 'bearer',
      handle: syncAddressBook,
    },
    {
      method: 'GET',
      path: '/restapi/v1.0/account/{accountId}/directory/entries',
      operationId: 'listDirectoryEntries',
      group: 'Medium',
      auth: 'bearer',
      handle: listDirectoryEntries,
    },
  ];
}
