/**
 * REALITY 29: names refresh with conditional requests and cost less. The address book comes by
 * address-book sync (250 a page, chained by nextPageId), the directory 2000 a page with ETags;
 * a refresh of unchanged names is one incremental sync and one 304, and keeps the names; a
 * change (a rename, a deletion) brings the whole list again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coreRig, quietLogger, type CoreRig } from '../../../test-support/core-harness';
import { FakeClock } from '../../../test-support/fake-clock';
import type { SimContact } from '../../../src-simulator/account/contacts-seed';
import { Archive } from './archive';
import { CONTACTS_REFRESH_MS } from './contacts-cache';
import { ContactsSync } from './contacts-sync';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const people = (count: number): SimContact[] =>
  Array.from({ length: count }, (_, i) => ({
    id: 800000000 + i,
    firstName: `Person${i}`,
    lastName: 'Example',
    mobilePhone: `+1415555${String(i).padStart(4, '0')}`,
  }));

/** The requests a run sent, as `operation query-summary status`. */
function requestsSince(r: CoreRig, from: number): string[] {
  return r.sim.requestLog.slice(from).map((e) => {
    const q = new URLSearchParams(e.query);
    const detail =
      e.operationId === 'syncAddressBook' ? `${q.get('syncType')}${q.get('pageId') ? ` page ${q.get('pageId')}` : ''}` : `perPage ${q.get('perPage')}`;
    return `${e.operationId} ${detail} ${e.status}`;
  });
}

describe('ContactsSync with conditional requests', () => {
  it('pages the address book by nextPageId and the directory at 2000; an unchanged refresh costs one ISync and one 304', async () => {
    rig = await coreRig();
    const user = rig.sim.account.extensions[0]!.id;
    rig.sim.addressBooks.set(user, people(600));
    const { archive } = Archive.open(':memory:');
    const clock = new FakeClock(Date.now());
    const sync = new ContactsSync(rig.api, archive, clock, quietLogger);

    let mark = rig.sim.requestLog.length;
    const first = await sync.run();
    expect(first).toMatchObject({ refreshed: ['contact', 'directory'], names: { contact: 600 } });
    expect(requestsSince(rig, mark)).toEqual([
      'syncAddressBook FSync 200',
      'syncAddressBook FSync page 2 200',
      'syncAddressBook FSync page 3 200',
      'listDirectoryEntries perPage 2000 200',
    ]);
    expect(archive.names.resolve('+14155550599')).toMatchObject({ name: 'Person599 Example', source: 'contact' });

    await clock.advance(CONTACTS_REFRESH_MS);
    mark = rig.sim.requestLog.length;
    const unchanged = await sync.run();
    expect(unchanged).toMatchObject({ refreshed: ['contact', 'directory'], failed: [], names: { contact: null, directory: null } });
    expect(requestsSince(rig, mark)).toEqual(['syncAddressBook ISync 200', 'listDirectoryEntries perPage 2000 304']);
    expect(archive.names.resolve('+14155550599').name).toBe('Person599 Example');
    expect(archive.names.resolve('+16505550111')).toMatchObject({ name: 'Sam Colleague', source: 'directory' });

    // A rename and a deletion: the incremental sync sees them, and the whole list comes again.
    const changed = people(600).slice(0, 599);
    changed[0] = { ...changed[0]!, lastName: 'Renamed' };
    rig.sim.addressBooks.set(user, changed);
    await clock.advance(CONTACTS_REFRESH_MS);
    mark = rig.sim.requestLog.length;
    const afterChange = await sync.run();
    expect(afterChange.names.contact).toBe(599);
    expect(requestsSince(rig, mark).slice(0, 2)).toEqual(['syncAddressBook ISync 200', 'syncAddressBook FSync 200']);
    expect(archive.names.resolve('+14155550000').name).toBe('Person0 Renamed');
    expect(archive.names.resolve('+14155550599').name).toBeNull();
  });

  it('an incremental sync that is refused (an unknown token) falls back to a full one and keeps working', async () => {
    rig = await coreRig();
    const { archive } = Archive.open(':memory:');
    archive.setMeta('names.contact', JSON.stringify({ lastSuccess: null, lastFailure: null, syncToken: 'forgotten-by-ringcentral' }));
    const sync = new ContactsSync(rig.api, archive, new FakeClock(Date.now()), quietLogger);
    const mark = rig.sim.requestLog.length;
    const result = await sync.run();
    expect(result.refreshed).toEqual(['contact', 'directory']);
    expect(requestsSince(rig, mark).slice(0, 2)).toEqual(['syncAddressBook ISync 400', 'syncAddressBook FSync 200']);
    expect(archive.names.resolve('+12125550101').name).toBe('Marcus Bell');
  });
});
