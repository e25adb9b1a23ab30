/**
 * Search counts from the party counts (schema 8): for every search, the total the history
 * window shows equals the number of rows the same filter lists, whatever the writes did.
 */
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { HistoryFilter } from '../../../src-shared/history';
import { Archive } from './archive';

const UNTIL = Date.UTC(2026, 10, 24, 12);
const MINUTE = 60_000;
const history = generateHistory({
  count: 700,
  baseUrl: 'https://platform.ringcentral.com',
  account: DEMO_ACCOUNT,
  until: UNTIL,
  spanDays: 10,
  seed: 3,
  messy: true,
}).map((h) => h.record as unknown as CallLogRecord);

const SEARCHES = ['', 'O', 'Om', 'omar', 'a', 'Haddad', 'quote', 'follow', 'Zed', 'Zed Contact', '555', '(212) 555', '212', 'zz', '%', '_', '\\', 'Sasha Iv'];

/** The total a query reports against the rows the same filter lists (iterate pages through every row, never counting). */
function expectCountsExact(archive: Archive, extra: HistoryFilter = {}): void {
  for (const search of SEARCHES) {
    const filter = { ...extra, search };
    expect(archive.query({ ...filter, limit: 5 }).total, JSON.stringify(filter)).toBe([...archive.iterate(filter)].length);
  }
}

describe('search counts', () => {
  it('equal the rows listed, with notes, contact names, calls without a number, changes and deletions', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history);
    expect(archive.database.prepare('SELECT count(*) AS n FROM calls WHERE party_id IS NULL').get()).not.toEqual({ n: 0 });
    // Notes and dispositions, some on calls their party's name also finds (counted once).
    const ids = archive.query({ limit: 1000 }).rows.map((r) => r.id);
    ids
      .slice(0, 40)
      .forEach((id, i) =>
        archive.annotations.annotate(id, { note: i % 2 ? 'send the quote' : 'Omar: follow up', disposition: i % 3 ? null : 'Follow-up' }, UNTIL),
      );
    const someNumber = archive.query({ limit: 1000 }).rows.find((r) => r.toNumber?.startsWith('+'))!.toNumber!;
    archive.transaction(() => archive.names.replaceSource('contact', [{ number: someNumber, name: 'Zed Contact' }]));
    expectCountsExact(archive);
    // With other filters the calls are counted as before.
    expectCountsExact(archive, { direction: 'Outbound' });
    expectCountsExact(archive, { from: UNTIL - 3 * 86_400_000 });

    // Other parties, deletions, re-reads.
    const changed = history.slice(0, 120).map((record, i) => {
      const copy = structuredClone(record);
      copy.lastModifiedTime = new Date(Date.parse(copy.lastModifiedTime ?? copy.startTime) + MINUTE).toISOString();
      if (i % 3 === 0) (copy as CallLogRecord & { deleted?: boolean }).deleted = true;
      else if (copy.direction === 'Inbound') copy.from = { ...copy.from, phoneNumber: '+12125550777' };
      else copy.to = { ...copy.to, phoneNumber: '+12125550777' };
      return copy;
    });
    archive.upsertRecords(changed);
    expectCountsExact(archive);
    archive.upsertRecords(history.slice(0, 60));
    expectCountsExact(archive);
    // The stored counts equal counts taken afresh.
    const stored = archive.database.prepare('SELECT party_id, calls FROM party_calls WHERE calls > 0 ORDER BY party_id').all();
    const fresh = archive.database
      .prepare('SELECT party_id, count(*) AS calls FROM calls WHERE party_id IS NOT NULL GROUP BY party_id ORDER BY party_id')
      .all();
    expect(stored).toEqual(fresh);
    archive.close();
  }, 30_000);
});
