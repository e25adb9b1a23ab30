/**
 * The RingCentral operations Ringside calls, with their throttling group from the spec
 * (spec/ringcentral/enums.md, x-throttling-group). A test checks this table against
 * openapi-subset.yml so the planner never budgets an operation in the wrong group.
 */
export type ThrottlingGroup = 'Light' | 'Medium' | 'Heavy' | 'Auth';

export const OPERATIONS = {
  readExtension: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}', group: 'Light' },
  listExtensionPhoneNumbers: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/phone-number', group: 'Light' },
  listForwardingNumbers: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/forwarding-number', group: 'Light' },
  readExtensionCallerId: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/caller-id', group: 'Light' },
  syncAddressBook: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/address-book-sync', group: 'Heavy' },
  listDirectoryEntries: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/directory/entries', group: 'Medium' },
  createRingOutCall: { method: 'POST', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/ring-out', group: 'Heavy' },
  readRingOutCallStatus: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/ring-out/{ringoutId}', group: 'Light' },
  deleteRingOutCall: { method: 'DELETE', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/ring-out/{ringoutId}', group: 'Heavy' },
  readUserCallLog: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log', group: 'Heavy' },
  readUserCallRecord: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log/{callRecordId}', group: 'Heavy' },
  syncUserCallLog: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log-sync', group: 'Heavy' },
  // Team mode (issue 29): the company's call log, for admins.
  readCompanyCallLog: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/call-log', group: 'Heavy' },
  syncAccountCallLog: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/call-log-sync', group: 'Heavy' },
  listExtensionActiveCalls: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/extension/{extensionId}/active-calls', group: 'Heavy' },
  readCallSessionStatus: { method: 'GET', path: '/restapi/v1.0/account/{accountId}/telephony/sessions/{telephonySessionId}', group: 'Light' },
  deleteCallSession: { method: 'DELETE', path: '/restapi/v1.0/account/{accountId}/telephony/sessions/{telephonySessionId}', group: 'Light' },
  createSubscription: { method: 'POST', path: '/restapi/v1.0/subscription', group: 'Medium' },
  getToken: { method: 'POST', path: '/restapi/oauth/token', group: 'Auth' },
  revokeToken: { method: 'POST', path: '/restapi/oauth/revoke', group: 'Auth' },
  authWsToken: { method: 'POST', path: '/restapi/oauth/wstoken', group: 'Auth' },
} as const satisfies Record<string, { method: string; path: string; group: ThrottlingGroup }>;

export type OperationId = keyof typeof OPERATIONS;

/**
 * Operations Ringside uses that the vendored openapi-subset.yml does not carry, with their
 * group from RingCentral's full API reference. None today: Call Control's "Drop Call
 * Session" (deleteCallSession) is in the subset now and is checked there.
 */
export const OUTSIDE_SUBSET: ReadonlySet<OperationId> = new Set<OperationId>([]);

/** Requests per window when no answer has told us yet (API.md "Rate limits"). */
export const DEFAULT_LIMITS: Record<ThrottlingGroup, number> = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 };
export const DEFAULT_WINDOW_MS = 60_000;
