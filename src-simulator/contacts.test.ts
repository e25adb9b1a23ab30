import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, signedInSimulator } from '../test-support/simulator-harness';
import { DEMO_PERSONAL_CONTACTS } from './account/contacts-seed';
import { generateHistory } from './call-log/seed';
import { DEMO_ACCOUNT } from './account/demo-account';
import { DEFAULT_SCENARIOS } from './ringout/scenarios';
import type { Simulator } from './simulator';

let sim: Simulator;
let platform: Awaited<ReturnType<typeof signedInSimulator>>['platform'];
const ext = '/restapi/v1.0/account/~/extension/~';

beforeAll(async () => {
  ({ sim, platform } = await signedInSimulator({}));
});
afterAll(async () => {
  await sim?.close();
});

const phonesOf = (c: (typeof DEMO_PERSONAL_CONTACTS)[number]) => [c.businessPhone, c.mobilePhone, c.homePhone].filter((p): p is string => Boolean(p));

describe('personal contacts and the company directory', () => {
  it('seeds contacts whose numbers are demo numbers or people of the seeded history', () => {
    const history = generateHistory({ count: 2000, baseUrl: 'http://x', account: DEMO_ACCOUNT, seed: 1 });
    const historyNumbers = new Set(
      history.flatMap(({ record }) => [(record['from'] as { phoneNumber?: string }).phoneNumber, (record['to'] as { phoneNumber?: string }).phoneNumber]),
    );
    const demoNumbers = new Set(Object.keys(DEFAULT_SCENARIOS.numbers));
    for (const contact of DEMO_PERSONAL_CONTACTS) {
      const numbers = phonesOf(contact);
      expect(
        numbers.some((n) => historyNumbers.has(n) || demoNumbers.has(n)),
        `${contact.firstName} ${contact.lastName}`,
      ).toBe(true);
    }
    expect(DEMO_PERSONAL_CONTACTS.filter((c) => phonesOf(c).some((n) => historyNumbers.has(n))).length).toBeGreaterThanOrEqual(5);
  });

  it('pages the address book and filters it by phone number', async () => {
    const first = await jsonOf(platform.get(`${ext}/address-book/contact`, { perPage: 5 }));
    expect(first.records).toHaveLength(5);
    expect(first.paging).toMatchObject({ page: 1, perPage: 5, totalElements: DEMO_PERSONAL_CONTACTS.length });
    expect(first.navigation.nextPage.uri).toContain('page=2');
    const last = await jsonOf(platform.get(`${ext}/address-book/contact`, { perPage: 5, page: first.paging.totalPages }));
    expect(last.navigation.nextPage).toBeUndefined();
    const busy = await jsonOf(platform.get(`${ext}/address-book/contact`, { phoneNumber: '+1 (212) 555-0101' }));
    expect(busy.records.map((r: { firstName: string; lastName: string }) => `${r.firstName} ${r.lastName}`)).toEqual(['Marcus Bell']);
  });

  it('lists the directory with each extension and its numbers, and refuses a bad perPage', async () => {
    const answer = await jsonOf(platform.get('/restapi/v1.0/account/~/directory/entries'));
    const alex = answer.records.find((r: { extensionNumber?: string }) => r.extensionNumber === '101');
    expect(alex).toMatchObject({ name: 'Alex Demo', type: 'User', phoneNumbers: [expect.objectContaining({ phoneNumber: '+16505550110' })] });
    const queues = await jsonOf(platform.get('/restapi/v1.0/account/~/directory/entries', { type: 'Department' }));
    expect(queues.records.length).toBeGreaterThan(0);
    expect(queues.records.every((r: { type: string }) => r.type === 'Department')).toBe(true);
    await expect(platform.get('/restapi/v1.0/account/~/directory/entries', { perPage: 0 })).rejects.toThrow();
  });

  it('counts the address book in the Heavy group and the directory in Medium', () => {
    const groups = Object.fromEntries(sim.routes().map((r) => [r.operationId, r.group]));
    expect(groups).toMatchObject({ listContacts: 'Heavy', listDirectoryEntries: 'Medium' });
  });
});
