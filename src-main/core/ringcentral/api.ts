import type { SDK } from '@ringcentral/sdk';
import { z } from 'zod';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { httpResponseOf, toApiError } from './api-error';
import type { OperationId } from './operations';
import type { Priority, RatePlanner } from './rate-planner';
import type { CallDirection } from '../../../src-shared/history';
import type { OwnNumber } from '../../../src-shared/ipc-contract';
import { partySchema, type TelephonyParty } from '../ringout/telephony-push';
import { readDirectoryPages } from './directory-pages';

const EXT = '/restapi/v1.0/account/~/extension/~';

/** Whose call log the call-log reads and syncs ask for: the signed-in user's, or the whole account's (team mode: admins only). */
export type CallLogScope = 'extension' | 'account';
const CALL_LOG_OPERATIONS = {
  extension: { base: EXT, list: 'readUserCallLog', sync: 'syncUserCallLog' },
  account: { base: '/restapi/v1.0/account/~', list: 'readCompanyCallLog', sync: 'syncAccountCallLog' },
} as const satisfies Record<CallLogScope, { base: string; list: OperationId; sync: OperationId }>;

// Lenient schemas: only what Ringside reads is checked; unknown fields and enum values pass.
const ringOutStatusSchema = z.object({
  // Old accounts and documented examples answer a numeric id: an opaque string either way.
  id: z.union([z.string(), z.number()]).transform(String),
  status: z.object({ callStatus: z.string().optional(), callerStatus: z.string().optional(), calleeStatus: z.string().optional() }).default({}),
});
export type RingOutStatusAnswer = z.infer<typeof ringOutStatusSchema>;

const extensionSchema = z.object({
  id: z.number(),
  extensionNumber: z.string().optional(),
  name: z.string().optional(),
  regionalSettings: z.object({ homeCountry: z.object({ isoCode: z.string().optional() }).optional() }).optional(),
});
export type ExtensionInfo = z.infer<typeof extensionSchema>;

const phoneNumbersSchema = z.object({
  records: z.array(
    z.object({ phoneNumber: z.string(), usageType: z.string().optional(), features: z.array(z.string()).optional(), label: z.string().optional() }),
  ),
});

const forwardingSchema = z.object({
  records: z.array(z.object({ id: z.string(), phoneNumber: z.string().optional(), label: z.string().optional(), type: z.string().optional() })),
});

const legSchema = z.looseObject({ startTime: z.string(), legType: z.string() });
const recordSchema = z.looseObject({ id: z.string(), startTime: z.string(), legs: z.array(legSchema).optional() });
const callLogPageSchema = z.object({
  records: z.array(recordSchema),
  navigation: z.object({ nextPage: z.object({ uri: z.string() }).optional() }).optional(),
  paging: z
    .object({ page: z.number().optional(), totalPages: z.number().optional(), totalElements: z.number().optional(), perPage: z.number().optional() })
    .optional(),
});
const activeCallsSchema = z.object({
  records: z.array(
    z.looseObject({
      telephonySessionId: z.string().optional(),
      startTime: z.string().optional(),
      direction: z.string().optional(),
      to: z.looseObject({ phoneNumber: z.string().optional() }).optional(),
    }),
  ),
});

/** One call of the active-calls list (REALITY 28: 3-10 s late, ended calls linger, ringing ones missing). */
export interface ActiveCall {
  telephonySessionId: string;
  startTime: number | null;
  direction: string | null;
  to: string | null;
}

const callLogSyncSchema = z.object({
  records: z.array(recordSchema),
  syncInfo: z.object({ syncType: z.string(), syncToken: z.string(), syncTime: z.string() }),
});

const PERSONAL_PHONE_FIELDS = [
  'businessPhone',
  'businessPhone2',
  'mobilePhone',
  'homePhone',
  'homePhone2',
  'companyPhone',
  'assistantPhone',
  'carPhone',
  'otherPhone',
  'callbackPhone',
] as const;
const contactSchema = z.looseObject({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().optional(),
  availability: z.string().optional(),
  ...Object.fromEntries(PERSONAL_PHONE_FIELDS.map((f) => [f, z.string().optional()])),
});
// REALITY 29: address-book-sync pages by nextPageId in the body, not by navigation.
const addressBookSyncSchema = z.object({
  records: z.array(contactSchema),
  syncInfo: z.object({ syncType: z.string(), syncToken: z.string() }),
  nextPageId: z.number().optional(),
});
const directoryPageSchema = z.object({
  records: z.array(
    z.looseObject({
      id: z.string().optional(),
      type: z.string().optional(),
      name: z.string().optional(),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      extensionNumber: z.string().optional(),
      department: z.string().optional(),
      status: z.string().optional(),
      phoneNumbers: z.array(z.looseObject({ phoneNumber: z.string().optional() })).optional(),
    }),
  ),
  paging: z.object({ page: z.number().optional(), totalPages: z.number().optional() }).optional(),
});
type DirectoryRecord = z.infer<typeof directoryPageSchema>['records'][number];
const directoryName = (e: DirectoryRecord) => e.name || [e.firstName, e.lastName].filter(Boolean).join(' ');

const callSessionSchema = z.looseObject({ parties: z.array(partySchema) });

/** A number and the name it goes by in one source. */
export interface NamedNumber {
  number: string;
  name: string;
}

/** A person of the company directory (a user, with their extension): the team board's and the team archive's people. */
export interface DirectoryPerson {
  extensionId: string;
  name: string;
  extensionNumber: string | null;
  department: string | null;
  /** RingCentral's status of the extension (Enabled, Disabled, NotActivated…), as it says it. */
  status: string | null;
}

/** One page of an address-book sync: names of the contacts it carries, and how to go on. */
export interface AddressBookSyncPage {
  entries: NamedNumber[];
  /** Records on the page (changed or deleted contacts, for an incremental sync). */
  changes: number;
  syncToken: string;
  nextPageId: number | null;
}

/** A directory page, or `notModified` when RingCentral answered 304 to its ETag (REALITY 29). */
export type DirectoryPage<T = NamedNumber> =
  { notModified: false; etag: string | null; entries: T[]; hasNextPage: boolean } | { notModified: true; etag: string };

/** The largest directory page RingCentral serves. */
export const DIRECTORY_PER_PAGE = 2000;

export interface CallLogQuery {
  /** Always sent: without it RingCentral answers only the day before `dateTo` (REALITY 25). */
  dateFrom: string;
  dateTo: string;
  sessionId?: string;
  telephonySessionId?: string;
  phoneNumber?: string;
  direction?: CallDirection;
  page?: number;
  perPage?: number;
}

export interface CallLogPage {
  records: CallLogRecord[];
  hasNextPage: boolean;
  totalElements: number | null;
  totalPages: number | null;
}

/**
 * The RingCentral calls Ringside makes, each through the rate planner with its priority,
 * answers checked with zod, failures turned into ApiError with a human message.
 */
export class RingCentralApi {
  private readonly statusReads = new Map<string, Promise<RingOutStatusAnswer | null>>();

  constructor(
    private readonly sdk: SDK,
    readonly planner: RatePlanner,
    private readonly callLogScope: CallLogScope = 'extension',
  ) {}

  private async json<T>(operation: OperationId, priority: Priority, send: () => Promise<Response>, schema: z.ZodType<T>): Promise<T> {
    let response: Response;
    try {
      response = await this.planner.run(operation, priority, send);
    } catch (error) {
      throw await toApiError(error);
    }
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) throw await toApiError(Object.assign(new Error('Unexpected answer'), { response: new Response(null, { status: 502 }) }));
    return parsed.data;
  }

  extension(priority: Priority = 'user'): Promise<ExtensionInfo> {
    return this.json('readExtension', priority, () => this.sdk.platform().get(EXT), extensionSchema);
  }

  /** Numbers the callee may see as caller ID (those with the CallerId feature). */
  async callerIdNumbers(): Promise<OwnNumber[]> {
    const answer = await this.json('listExtensionPhoneNumbers', 'user', () => this.sdk.platform().get(`${EXT}/phone-number`), phoneNumbersSchema);
    return answer.records
      .filter((r) => r.features?.includes('CallerId'))
      .map((r) => ({ phoneNumber: r.phoneNumber, label: r.usageType === 'MainCompanyNumber' ? 'Company number' : (r.label ?? 'Direct number') }));
  }

  /** Phones the user can be rung at ("ring me at"). */
  async forwardingNumbers(): Promise<Array<OwnNumber & { id: string; type?: string }>> {
    const answer = await this.json('listForwardingNumbers', 'user', () => this.sdk.platform().get(`${EXT}/forwarding-number`), forwardingSchema);
    return answer.records
      .filter((r) => r.phoneNumber)
      .map((r) => ({ id: r.id, phoneNumber: r.phoneNumber!, label: r.label ?? r.type ?? 'Phone', ...(r.type ? { type: r.type } : {}) }));
  }

  createRingOut(body: { from: string; to: string; callerId?: string | undefined; playPrompt: boolean }): Promise<RingOutStatusAnswer> {
    const payload = {
      from: { phoneNumber: body.from },
      to: { phoneNumber: body.to },
      ...(body.callerId ? { callerId: { phoneNumber: body.callerId } } : {}),
      playPrompt: body.playPrompt,
    };
    return this.json('createRingOutCall', 'user', () => this.sdk.platform().post(`${EXT}/ring-out`, payload), ringOutStatusSchema);
  }

  /**
   * The live status, or null once RingCentral no longer knows the call (404). Reads of the same
   * call at once (a poll and a check after a push event) share one request: two identical
   * requests in flight can earn 429 CMN-304 (REALITY 23).
   */
  ringOutStatus(ringOutId: string): Promise<RingOutStatusAnswer | null> {
    const inFlight = this.statusReads.get(ringOutId);
    if (inFlight) return inFlight;
    const read = this.readRingOutStatus(ringOutId).finally(() => this.statusReads.delete(ringOutId));
    this.statusReads.set(ringOutId, read);
    return read;
  }

  private async readRingOutStatus(ringOutId: string): Promise<RingOutStatusAnswer | null> {
    try {
      return await this.json(
        'readRingOutCallStatus',
        'live',
        () => this.sdk.platform().get(`${EXT}/ring-out/${encodeURIComponent(ringOutId)}`),
        ringOutStatusSchema,
      );
    } catch (error) {
      if ((error as { kind?: string }).kind === 'notFound') return null;
      throw error;
    }
  }

  /** 'cancelled', or 'gone' when RingCentral no longer knows the call. */
  async cancelRingOut(ringOutId: string): Promise<'cancelled' | 'gone'> {
    try {
      await this.planner.run('deleteRingOutCall', 'user', () => this.sdk.platform().delete(`${EXT}/ring-out/${encodeURIComponent(ringOutId)}`));
      return 'cancelled';
    } catch (error) {
      const apiError = await toApiError(error);
      // Gone, or "cannot be cancelled once it is finished": either way it ended before this request.
      if (apiError.kind === 'notFound' || apiError.errorCode === 'RNG-101') return 'gone';
      throw apiError;
    }
  }

  /**
   * Call Control: ends the whole telephony session (both phones), the way to end a RingOut
   * once your phone has answered. 'ended', or 'gone' when RingCentral no longer knows it.
   */
  async deleteCallSession(telephonySessionId: string): Promise<'ended' | 'gone'> {
    try {
      await this.planner.run('deleteCallSession', 'user', () =>
        this.sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${encodeURIComponent(telephonySessionId)}`),
      );
      return 'ended';
    } catch (error) {
      const apiError = await toApiError(error);
      if (apiError.kind === 'notFound') return 'gone';
      throw apiError;
    }
  }

  /**
   * One telephony session of the account with its parties now (Light; the team board's
   * fallback while push is down), or null once RingCentral no longer knows it (404).
   */
  async callSession(telephonySessionId: string): Promise<{ parties: TelephonyParty[] } | null> {
    try {
      return await this.json(
        'readCallSessionStatus',
        'live',
        () => this.sdk.platform().get(`/restapi/v1.0/account/~/telephony/sessions/${encodeURIComponent(telephonySessionId)}`),
        callSessionSchema,
      );
    } catch (error) {
      if ((error as { kind?: unknown }).kind === 'notFound') return null;
      throw error;
    }
  }

  /**
   * The company directory's users with their extension and department (Medium; the team
   * board's people), every page.
   */
  async teamDirectory(): Promise<DirectoryPerson[]> {
    const read = await readDirectoryPages((page) => this.directoryPeoplePage(page, null, 'live'), []);
    return read.changed ? read.entries : [];
  }

  /** The user's calls in progress with their telephony session (Heavy; only the first page: a user has few). */
  async activeCalls(): Promise<ActiveCall[]> {
    const answer = await this.json('listExtensionActiveCalls', 'user', () => this.sdk.platform().get(`${EXT}/active-calls`), activeCallsSchema);
    return answer.records.flatMap((r) =>
      r.telephonySessionId
        ? [
            {
              telephonySessionId: r.telephonySessionId,
              startTime: r.startTime ? Date.parse(r.startTime) || null : null,
              direction: r.direction ?? null,
              to: r.to?.phoneNumber ?? null,
            },
          ]
        : [],
    );
  }

  /**
   * One page of the address-book sync (Heavy; sync priority): a full sync (FSync) lists every
   * contact, an incremental one (ISync, with the token of the last sync) only those changed
   * since. Pages hold at most 250 contacts and are chained by `nextPageId` (REALITY 29).
   */
  async addressBookSync(params: { syncType: 'FSync' } | { syncType: 'ISync'; syncToken: string }, pageId?: number): Promise<AddressBookSyncPage> {
    const query = { ...params, ...(pageId === undefined ? {} : { pageId }) };
    const answer = await this.json('syncAddressBook', 'sync', () => this.sdk.platform().get(`${EXT}/address-book-sync`, query), addressBookSyncSchema);
    const entries = answer.records.flatMap((c) => {
      const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || c.company || '';
      const record = c as Record<string, unknown>;
      return name && c.availability !== 'Deleted' && c.availability !== 'Purged'
        ? PERSONAL_PHONE_FIELDS.map((f) => record[f])
            .filter((n): n is string => typeof n === 'string' && n !== '')
            .map((number) => ({ number, name }))
        : [];
    });
    return { entries, changes: answer.records.length, syncToken: answer.syncInfo.syncToken, nextPageId: answer.nextPageId ?? null };
  }

  /**
   * One page of the company directory (extensions and their numbers; Medium, sync priority).
   * With the ETag of the page's last answer, an unchanged page is answered 304 (REALITY 29).
   */
  async directoryPage(page: number, ifNoneMatch: string | null = null, perPage = DIRECTORY_PER_PAGE): Promise<DirectoryPage> {
    return this.directoryEntries(page, ifNoneMatch, { page, perPage }, 'sync', (e) => {
      const name = directoryName(e);
      if (!name) return [];
      const numbers = [...(e.phoneNumbers ?? []).map((p) => p.phoneNumber), e.extensionNumber].filter((n): n is string => Boolean(n));
      return numbers.map((number) => ({ number, name }));
    });
  }

  /** One page of the company directory's users (Medium), conditional on its last ETag as directoryPage is. */
  directoryPeoplePage(page: number, ifNoneMatch: string | null = null, priority: Priority = 'sync'): Promise<DirectoryPage<DirectoryPerson>> {
    return this.directoryEntries(page, ifNoneMatch, { page, perPage: DIRECTORY_PER_PAGE, type: 'User' }, priority, (e) => {
      const name = directoryName(e);
      return e.id && name
        ? [{ extensionId: e.id, name, extensionNumber: e.extensionNumber ?? null, department: e.department || null, status: e.status ?? null }]
        : [];
    });
  }

  private async directoryEntries<T>(
    page: number,
    ifNoneMatch: string | null,
    query: Record<string, string | number>,
    priority: Priority,
    entriesOf: (record: DirectoryRecord) => T[],
  ): Promise<DirectoryPage<T>> {
    let response: Response;
    try {
      response = await this.planner.run('listDirectoryEntries', priority, () =>
        this.sdk.platform().get('/restapi/v1.0/account/~/directory/entries', query, ifNoneMatch ? { headers: { 'If-None-Match': ifNoneMatch } } : undefined),
      );
    } catch (error) {
      if (ifNoneMatch && httpResponseOf(error)?.status === 304) return { notModified: true, etag: ifNoneMatch };
      throw await toApiError(error);
    }
    const parsed = directoryPageSchema.safeParse(await response.json());
    if (!parsed.success) throw await toApiError(Object.assign(new Error('Unexpected answer'), { response: new Response(null, { status: 502 }) }));
    const paging = parsed.data.paging;
    return {
      notModified: false,
      etag: response.headers.get('etag'),
      entries: parsed.data.records.flatMap(entriesOf),
      hasNextPage: Boolean(paging?.page && paging.totalPages && paging.page < paging.totalPages),
    };
  }

  async callLogPage(query: CallLogQuery, priority: Priority): Promise<CallLogPage> {
    const params = { view: 'Detailed', type: 'Voice', ...query };
    const { base, list } = CALL_LOG_OPERATIONS[this.callLogScope];
    const answer = await this.json(list, priority, () => this.sdk.platform().get(`${base}/call-log`, params), callLogPageSchema);
    return {
      records: answer.records as unknown as CallLogRecord[],
      hasNextPage: Boolean(answer.navigation?.nextPage),
      totalElements: answer.paging?.totalElements ?? null,
      totalPages: answer.paging?.totalPages ?? null,
    };
  }

  /** `syncType` is what the server answered: an ISync may come back as a forced FSync (REALITY 14). */
  async callLogSync(
    params: { syncType: 'FSync'; recordCount: number } | { syncType: 'ISync'; syncToken: string; showDeleted?: boolean },
  ): Promise<{ records: CallLogRecord[]; syncToken: string; syncTime: string; syncType: string }> {
    const { base, sync } = CALL_LOG_OPERATIONS[this.callLogScope];
    const answer = await this.json(sync, 'sync', () => this.sdk.platform().get(`${base}/call-log-sync`, { ...params, view: 'Detailed' }), callLogSyncSchema);
    return {
      records: answer.records as unknown as CallLogRecord[],
      syncToken: answer.syncInfo.syncToken,
      syncTime: answer.syncInfo.syncTime,
      syncType: answer.syncInfo.syncType,
    };
  }
}
