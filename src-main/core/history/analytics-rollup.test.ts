/**
 * The analytics roll-up (schema 8): whatever the archive's writes do to its calls, the charts
 * drawn from the roll-up equal the charts computed from the calls themselves.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { AnalyticsRequest } from '../../../src-shared/annotations';
import type { TrackedCall } from '../../../src-shared/calls';
import * as machine from '../ringout/call-machine';
import { ARCHIVE_SCHEMA_VERSION, Archive } from './archive';
import { analyticsReport, rebuildRollup } from './analytics';
import { ContactNames } from './contacts-cache';

const UNTIL = Date.UTC(2026, 10, 24, 12);
const DAY = 86_400_000;
const MINUTE = 60_000;
const seeded = (count: number, seed: number) =>
  generateHistory({
    count,
    baseUrl: 'https://platform.ringcentral.com',
    account: DEMO_ACCOUNT,
    until: UNTIL,
    spanDays: 20,
    seed,
    messy: true,
    drift: true,
  }).map((h) => h.record as unknown as CallLogRecord);

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESULTS = ['Call connected', 'Busy', 'No Answer', 'Rejected', 'Voicemail', 'International Disabled', 'Stopped', 'Accepted'];
const NUMBERS = ['+12125550101', '+12125552000', '+14155550123', '+16505550140', '+18005550199'];

// A two-record RingOut placed from Ringside (as archive-merge.test.ts builds them), at its own time and ids.
const t = (s: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, s)).toISOString();
const USER = { phoneNumber: '+16505550110', name: 'Alex Demo' };
const OTHER = { phoneNumber: '+12125559999', name: 'Casey Morgan' };
const ringOut = (): CallLogRecord =>
  ({
    id: 'RO-ADOPTED',
    sessionId: '400000001000',
    telephonySessionId: 's-1',
    startTime: t(0),
    lastModifiedTime: t(90),
    type: 'Voice',
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Call connected',
    from: OTHER,
    to: USER,
    legs: [
      { startTime: t(0), legType: 'RingOutClientToCaller', direction: 'Outbound', result: 'Call connected', master: true, from: OTHER, to: USER },
      { startTime: t(5), legType: 'RingOutClientToSubscriber', direction: 'Outbound', result: 'Busy', from: USER, to: OTHER },
    ],
  }) as CallLogRecord;
const half = (): CallLogRecord =>
  ({
    id: 'HALF-ADOPTED',
    sessionId: '400000002500',
    startTime: t(0),
    lastModifiedTime: t(90),
    type: 'Voice',
    direction: 'Inbound',
    action: 'Phone Call',
    result: 'Accepted',
    from: OTHER,
    to: USER,
  }) as CallLogRecord;
function trackedCall(): TrackedCall {
  const call = machine.newCall(
    { id: 'call-1', to: OTHER.phoneNumber, toName: 'Casey Morgan', from: USER.phoneNumber, callerId: null, playPrompt: false },
    Date.parse(t(0)) - 2000,
  );
  return { ...call, ringOutId: '77', telephonySessionId: 's-1' };
}

/** Every period shape the charts meet: ragged edges, whole days, sub-quarter ranges, half- and quarter-hour time zones. */
function requests(): AnalyticsRequest[] {
  const out: AnalyticsRequest[] = [];
  for (const utcOffsetMinutes of [0, -120, 330, 345, -570])
    for (const [from, to] of [
      [0, UNTIL + DAY],
      [UNTIL - 7 * DAY + 12_345, UNTIL - 4_321],
      [Date.UTC(2026, 10, 10), Date.UTC(2026, 10, 17) - 1],
      [UNTIL - 30 * DAY - 7 * MINUTE, UNTIL - 2 * DAY + 3 * MINUTE],
      [UNTIL - 3 * DAY + 5 * MINUTE, UNTIL - 3 * DAY + 11 * MINUTE],
    ] as const)
      out.push({ from, to, utcOffsetMinutes });
  // A time zone of minutes no real one has: the calls themselves, the roll-up left alone.
  out.push({ from: UNTIL - 5 * DAY, to: UNTIL, utcOffsetMinutes: 7 });
  return out;
}

function expectRollupExact(archive: Archive): void {
  const db = archive.database;
  for (const request of requests()) {
    const fromRollup = analyticsReport(db, archive.names, request);
    const fromCalls = analyticsReport(db, archive.names, request, { rollup: false });
    expect({ ...fromRollup, timings: null }, JSON.stringify(request)).toEqual({ ...fromCalls, timings: null });
  }
  // The stored roll-up itself equals one counted afresh (zero rows are removed as they empty).
  const tables = () => ({
    quarters: db.prepare('SELECT * FROM analytics_quarters ORDER BY q').all(),
    parties: db.prepare('SELECT * FROM analytics_parties ORDER BY day, party_id').all(),
  });
  const kept = tables();
  db.exec('SAVEPOINT recount');
  rebuildRollup(db);
  const recounted = tables();
  db.exec('ROLLBACK TO recount; RELEASE recount');
  expect(kept).toEqual(recounted);
  expect(recounted.quarters.length).toBeGreaterThan(0);
}

describe('the analytics roll-up', () => {
  it('equals the calls after random upserts, changes, re-reads, deletions, merged halves and adopted pending calls', () => {
    const roll = random(27);
    const history = seeded(900, 5);
    const { archive } = Archive.open(':memory:');
    // Half the history in sync-sized batches, the rest in one bulk load (which builds the roll-up once at its end).
    archive.bulkLoad(history.slice(0, 400));
    for (let i = 400; i < history.length; i += 250) archive.upsertRecords(history.slice(i, i + 250));
    expectRollupExact(archive);

    const pick = () => history[Math.floor(roll() * history.length)]!;
    for (let round = 0; round < 6; round++) {
      const batch: CallLogRecord[] = [];
      for (let i = 0; i < 80; i++) {
        const record = structuredClone(pick());
        const op = roll();
        const later = new Date(Date.parse(record.lastModifiedTime ?? record.startTime) + (round + 1) * MINUTE).toISOString();
        record.lastModifiedTime = later;
        if (op < 0.35) {
          // A leg's outcome corrected by a later version.
          for (const leg of (record.legs ?? []) as Array<{ result?: string }>) if (roll() < 0.6) leg.result = RESULTS[Math.floor(roll() * RESULTS.length)]!;
          record.result = RESULTS[Math.floor(roll() * RESULTS.length)]!;
        } else if (op < 0.55) {
          // Moved in time across a quarter hour or a day.
          const shift = (roll() < 0.5 ? 17 * MINUTE : DAY + 3 * MINUTE) * (roll() < 0.5 ? 1 : -1);
          record.startTime = new Date(Date.parse(record.startTime) + shift).toISOString();
        } else if (op < 0.7) {
          // Another party.
          const number = NUMBERS[Math.floor(roll() * NUMBERS.length)]!;
          if (record.direction === 'Inbound') record.from = { ...record.from, phoneNumber: number };
          else record.to = { ...record.to, phoneNumber: number };
        } else if (op < 0.85) {
          // Deleted in RingCentral.
          (record as CallLogRecord & { deleted?: boolean }).deleted = true;
        } else {
          // Read again unchanged (an older version of the record is ignored).
          record.lastModifiedTime = new Date(Date.parse(record.startTime) - MINUTE).toISOString();
        }
        batch.push(record);
      }
      archive.upsertRecords(batch);
      // Deleted calls come back (a full resync), halves merging into their RingOuts again.
      if (round % 2 === 1) archive.upsertRecords(history.filter(() => roll() < 0.1));
      expectRollupExact(archive);
    }

    // A call saved before its record ("not yet in the call log"), adopted by its record, whose caller half then merges in.
    const pending = machine.outcomeUnknown(trackedCall(), 'not shown', Date.parse(t(60))).call;
    archive.saveTracked(pending, null);
    expectRollupExact(archive);
    archive.upsertRecords([ringOut()]);
    expectRollupExact(archive);
    archive.upsertRecords([half()]);
    expectRollupExact(archive);
    expect(archive.detail('RO-ADOPTED')?.row).toMatchObject({ tracked: true, callerState: 'connected', calleeState: 'busy' });
    archive.close();
  }, 60_000);
});

describe('schema 8 from 7', () => {
  it('builds the roll-up and the party counts for an archive written by schema 7, and a schema-7 archive read as it is counts from its calls', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-rollup-')), 'archive.sqlite');
    const history = seeded(800, 9);
    const first = Archive.open(file).archive;
    first.upsertRecords(history);
    const expected = analyticsReport(first.database, first.names, { from: 0, to: UNTIL + DAY, utcOffsetMinutes: -120 }, { rollup: false });
    first.close();
    // What schema 7 wrote: the same tables without the roll-up.
    const old = new DatabaseSync(file);
    old.exec(
      'DROP TRIGGER analytics_rollup_insert; DROP TRIGGER analytics_rollup_delete; DROP TRIGGER analytics_rollup_update; DROP TABLE analytics_quarters; DROP TABLE analytics_parties; DROP TRIGGER party_calls_insert; DROP TRIGGER party_calls_delete; DROP TRIGGER party_calls_update; DROP TABLE party_calls; PRAGMA user_version = 7',
    );
    old.close();

    const readOnly = new DatabaseSync(file, { readOnly: true });
    const asItIs = analyticsReport(readOnly, new ContactNames(readOnly), { from: 0, to: UNTIL + DAY, utcOffsetMinutes: -120 });
    readOnly.close();
    expect({ ...asItIs, timings: null }).toEqual({ ...expected, timings: null });

    const { archive } = Archive.open(file);
    expect((archive.database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(ARCHIVE_SCHEMA_VERSION);
    expect(ARCHIVE_SCHEMA_VERSION).toBeGreaterThanOrEqual(8);
    expect((archive.database.prepare('SELECT sum(calls) AS n FROM analytics_quarters').get() as { n: number }).n).toBe(expected.calls);
    expectRollupExact(archive);
    // The party counts too: a search's total is the rows it lists.
    for (const search of ['', 'a', '555']) expect(archive.query({ search }).total).toBe([...archive.iterate({ search })].length);
    expect(archive.query().total).toBe(history.length - (archive.database.prepare('SELECT count(*) AS n FROM merged_halves').get() as { n: number }).n);
    // Later writes keep it.
    archive.upsertRecords(seeded(200, 10).map((r) => ({ ...r, id: `NEW-${r.id}` })));
    expectRollupExact(archive);
    archive.close();
  }, 30_000);
});
