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
}

function positiveInt(query: URLSearchParams, name: string, fallback: number, max: number): { value: number } | { error: SimResponse } {
  const raw = query.get(name);
  if (raw === null) return { value: fallback };
  if ((raw === 'max' || raw === 'all') && name === 'perPage') return { value: max };
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? { value: Math.min(n, max) } : { error: badParameter(name) };
}

const PHONE_FIELDS = ['businessPhone', 'mobilePhone', 'homePhone'] as const;
const digits = (value: string) => value.replace(/\D/g, '');

/** GET address-book/contact (listContacts, Heavy) and GET directory/entries (listDirectoryEntries, Medium). */
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
    return {
      status: 200,
      body: {
        records,
        paging: {
          page: page.value,
          totalPages: Math.max(1, Math.ceil(entries.length / perPage.value)),
          perPage: perPage.value,
          totalElements: entries.length,
          pageStart: start,
          pageEnd: Math.max(start, start + records.length - 1),
        },
      },
    };
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
      path: '/restapi/v1.0/account/{accountId}/directory/entries',
      operationId: 'listDirectoryEntries',
      group: 'Medium',
      auth: 'bearer',
      handle: listDirectoryEntries,
    },
  ];
}
