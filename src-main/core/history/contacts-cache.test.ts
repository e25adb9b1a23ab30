import { describe, expect, it } from 'vitest';
import { coreRig, quietLogger } from '../../../test-support/core-harness';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { readExample } from '../../../test-support/spec-files';
import { FakeClock } from '../../../test-support/fake-clock';
import { Archive } from './archive';
import { CONTACTS_REFRESH_MS, CONTACTS_RETRY_MS, contactsRefreshPlan, resolveName } from './contacts-cache';
import { ContactsSync } from './contacts-sync';

describe('resolveName', () => {
  it('prefers a personal contact, then the directory, then the call log, keeping the others for hover', () => {
    const resolved = resolveName([
      { source: 'callLog', name: 'RILEY C' },
      { source: 'directory', name: 'Riley Chen' },
      { source: 'contact', name: 'Riley Chen (Contoso)' },
    ]);
    expect(resolved).toEqual({
      name: 'Riley Chen (Contoso)',
      source: 'contact',
      others: [
        { source: 'directory', name: 'Riley Chen' },
        { source: 'callLog', name: 'RILEY C' },
      ],
    });
    expect(
      resolveName([
        { source: 'callLog', name: 'Jordan' },
        { source: 'directory', name: 'Jordan Rivera' },
      ]),
    ).toMatchObject({ name: 'Jordan Rivera', source: 'directory' });
    expect(resolveName([{ source: 'callLog', name: 'Jordan' }])).toMatchObject({ name: 'Jordan', source: 'callLog', others: [] });
  });

  it('counts a name once whatever its case or spaces, and has no name for no candidates', () => {
    expect(
      resolveName([
        { source: 'directory', name: 'Sam Colleague' },
        { source: 'callLog', name: ' sam colleague ' },
      ]),
    ).toEqual({ name: 'Sam Colleague', source: 'directory', others: [] });
    expect(resolveName([{ source: 'contact', name: '  ' }])).toEqual({ name: null, source: null, others: [] });
  });
});

describe('contactsRefreshPlan', () => {
  const never = { lastSuccess: null, lastFailure: null };
  it('fetches each source once, then only when its copy is older than the refresh interval', () => {
    expect(contactsRefreshPlan({ contact: never, directory: never }, 1_000_000)).toEqual(['contact', 'directory']);
    const fresh = { lastSuccess: 1_000_000, lastFailure: null };
    expect(contactsRefreshPlan({ contact: fresh, directory: fresh }, 1_000_000 + CONTACTS_REFRESH_MS - 1)).toEqual([]);
    expect(contactsRefreshPlan({ contact: fresh, directory: { lastSuccess: 0, lastFailure: null } }, 1_000_000 + CONTACTS_REFRESH_MS - 1)).toEqual([
      'directory',
    ]);
    expect(contactsRefreshPlan({ contact: fresh, directory: fresh }, 1_000_000 + CONTACTS_REFRESH_MS)).toEqual(['contact', 'directory']);
  });

  it('waits a while after a failure instead of retrying at once, and refetches after a clock jump back', () => {
    const failed = { lastSuccess: null, lastFailure: 5_000_000 };
    expect(contactsRefreshPlan({ contact: failed, directory: never }, 5_000_000 + CONTACTS_RETRY_MS - 1)).toEqual(['directory']);
    expect(contactsRefreshPlan({ contact: failed, directory: never }, 5_000_000 + CONTACTS_RETRY_MS)).toEqual(['contact', 'directory']);
    expect(contactsRefreshPlan({ contact: { lastSuccess: 9_000_000, lastFailure: null }, directory: never }, 1_000_000)).toEqual(['contact', 'directory']);
  });

  it('keeps a day of refreshes to a handful of requests', () => {
    let state = {
      contact: never as { lastSuccess: number | null; lastFailure: number | null },
      directory: never as { lastSuccess: number | null; lastFailure: number | null },
    };
    let fetches = 0;
    for (let now = 0; now < 24 * 3600_000; now += 60_000) {
      for (const source of contactsRefreshPlan(state, now)) {
        fetches++;
        state = { ...state, [source]: { lastSuccess: now, lastFailure: null } };
      }
    }
    expect(fetches).toBe(4);
  });
});

describe('ContactNames in the archive', () => {
  it('resolves a number in any format from contacts, directory and the call log', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords([readExample<CallLogRecord>('call-log-ringout-two-legs.json')]);
    const other = archive.query({}).rows[0]!;
    const number = other.toNumber!;
    expect(archive.names.resolve(number)).toMatchObject({ source: 'callLog' });
    archive.transaction(() => archive.names.replaceSource('directory', [{ number, name: 'Directory Name' }]));
    archive.transaction(() =>
      archive.names.replaceSource('contact', [{ number: number.replace(/^\+1/, '+1 (').replace(/(\d{3})(\d{3})(\d{4})$/, '$1) $2-$3'), name: 'My Contact' }]),
    );
    const row = archive.query({}).rows[0]!;
    expect(row.contactName).toBe('My Contact');
    expect(row.nameSource).toBe('contact');
    expect(row.otherNames).toContain('Directory Name');
    expect(archive.query({ search: 'my cont' }).total).toBe(1);
    // A complete fetch replaces that source: the contact is gone, the directory name wins.
    archive.transaction(() => archive.names.replaceSource('contact', []));
    expect(archive.query({}).rows[0]!.contactName).toBe('Directory Name');
  });
});

describe('ContactsSync against the simulator', () => {
  it('fetches every page of both sources at sync priority, then not again until due', async () => {
    const rig = await coreRig();
    try {
      const { archive } = Archive.open(':memory:');
      const clock = new FakeClock(Date.now());
      const sync = new ContactsSync(rig.api, archive, clock, quietLogger);
      const first = await sync.run();
      expect(first.refreshed).toEqual(['contact', 'directory']);
      expect(first.names.contact).toBeGreaterThan(10);
      expect(archive.names.resolve('+12125550101').name).toBe('Marcus Bell');
      expect(archive.names.resolve('+16505550111')).toMatchObject({ name: 'Sam Colleague', source: 'directory' });
      const requests = rig.sim.requestLog.length;
      expect((await sync.run()).refreshed).toEqual([]);
      expect(rig.sim.requestLog.length).toBe(requests);
      await clock.advance(CONTACTS_REFRESH_MS);
      expect((await sync.run()).refreshed).toEqual(['contact', 'directory']);
    } finally {
      await rig.close();
    }
  });

  it('keeps the names it had when a refresh fails', async () => {
    const rig = await coreRig();
    try {
      const { archive } = Archive.open(':memory:');
      const clock = new FakeClock(Date.now());
      const sync = new ContactsSync(rig.api, archive, clock, quietLogger);
      await sync.run();
      await clock.advance(CONTACTS_REFRESH_MS);
      rig.sim.setFaults({ networkDown: true });
      const failed = await sync.run();
      expect(failed.failed).toEqual(['contact', 'directory']);
      expect(archive.names.resolve('+12125550101').name).toBe('Marcus Bell');
    } finally {
      rig.sim.setFaults({ networkDown: false });
      await rig.close();
    }
  });
});
