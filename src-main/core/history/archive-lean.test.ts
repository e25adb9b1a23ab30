/**
 * The lean archive (schema 6): stored JSON deflated against a dictionary, explanations
 * derived when shown, every record id of a call in its export, and the full integrity check
 * only after an unclean end.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { readExample } from '../../../test-support/spec-files';
import { ARCHIVE_SCHEMA_VERSION, Archive } from './archive';
import { toJson } from './export';
import { decodeStoredJson, encodeStoredJson } from './stored-json';

const FIXTURE_V5 = path.resolve(import.meta.dirname, '../../../test-support/fixtures/archive-v5.sqlite');
const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'ringside-lean-')), 'archive.sqlite');

describe('stored JSON', () => {
  it('round-trips a record, a tenth of its size or less', () => {
    const record = readExample<CallLogRecord>('call-log-ringout-two-legs.json');
    const stored = encodeStoredJson(record)!;
    expect(decodeStoredJson<CallLogRecord>(stored)).toEqual(record);
    expect(stored.length).toBeLessThan(JSON.stringify(record).length / 5);
  });

  it('still reads what version 1 wrote: its dictionary can never change (a committed blob)', () => {
    const written = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../../../test-support/fixtures/stored-json-v1.bin')));
    expect(written[0]).toBe(1);
    expect(decodeStoredJson(written)).toEqual(readExample<CallLogRecord>('call-log-ringout-two-legs.json'));
  });

  it('reads plain JSON text (rows written before schema 6) and null', () => {
    expect(decodeStoredJson('{"id":"A"}')).toEqual({ id: 'A' });
    expect(decodeStoredJson(null)).toBeNull();
    expect(encodeStoredJson(null)).toBeNull();
  });

  it('says so, rather than guess, for data of a format it does not know', () => {
    const stored = encodeStoredJson({ id: 'A' })!;
    stored[0] = 9;
    expect(() => decodeStoredJson(stored)).toThrow(/unknown format \(9\): written by a newer Ringside/);
  });
});

describe('explanations', () => {
  it('are derived from the legs when shown, not stored', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords([readExample<CallLogRecord>('call-log-ringout-busy-one-leg.json')]);
    const stored = archive.database.prepare('SELECT explanation FROM calls').get() as { explanation: string | null };
    expect(stored.explanation).toBeNull();
    expect(archive.query().rows[0]!.explanation).toBe('Your phone was busy, so the other party was never called.');
  });
});

describe('record ids in exports', () => {
  const USER = { phoneNumber: '+16505550197', name: 'Alex Demo' };
  const OTHER = { phoneNumber: '+12125550101', name: 'Casey Morgan' };
  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, s)).toISOString();
  const ringOut = {
    id: 'RO',
    sessionId: '400000001000',
    startTime: at(0),
    lastModifiedTime: at(90),
    type: 'Voice',
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Call connected',
    from: OTHER,
    to: USER,
    legs: [
      { startTime: at(0), legType: 'RingOutClientToCaller', direction: 'Outbound', result: 'Call connected', master: true, from: OTHER, to: USER },
      { startTime: at(5), legType: 'RingOutClientToSubscriber', direction: 'Outbound', result: 'Busy', from: USER, to: OTHER },
    ],
  } as unknown as CallLogRecord;
  const half = {
    id: 'HALF',
    sessionId: '400000002500',
    startTime: at(0),
    lastModifiedTime: at(90),
    type: 'Voice',
    direction: 'Inbound',
    action: 'Phone Call',
    result: 'Accepted',
    from: OTHER,
    to: USER,
  } as unknown as CallLogRecord;

  it.each([
    ['the RingOut record first', [ringOut, half]],
    ['the caller half first', [half, ringOut]],
  ])('a two-record RingOut is one row naming both records (%s)', (_order, records) => {
    const { archive } = Archive.open(':memory:');
    for (const record of records) archive.upsertRecords([record]);
    const exported = JSON.parse([...toJson(archive.iterate())].join('')) as Array<{ id: string; recordIds: string[] }>;
    expect(exported).toEqual([expect.objectContaining({ id: 'RO', recordIds: ['RO', 'HALF'] })]);
  });
});

describe('schema 6 from 5', () => {
  it('packs an archive written by schema 5 in place: every call, note and token kept, the same words shown', () => {
    const file = tempFile();
    copyFileSync(FIXTURE_V5, file);
    const before = new DatabaseSync(file);
    expect((before.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(5);
    const rowsBefore = before.prepare('SELECT id, explanation FROM calls ORDER BY id').all() as Array<{ id: string; explanation: string | null }>;
    const recordsBefore = (before.prepare('SELECT id, record FROM call_details ORDER BY id').all() as Array<{ id: string; record: string | null }>).map((r) => [
      r.id,
      r.record && JSON.parse(r.record),
    ]);
    before.close();
    expect(rowsBefore.length).toBeGreaterThan(50);

    const { archive } = Archive.open(file);
    expect((archive.database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(ARCHIVE_SCHEMA_VERSION);
    expect(archive.getMeta('sync.token')).toBe('fixture-token-v5');
    const shown = archive.query({ limit: 1000 }).rows;
    expect(new Map(shown.map((r) => [r.id, r.explanation]))).toEqual(new Map(rowsBefore.map((r) => [r.id, r.explanation])));
    expect(archive.query({ search: 'quote' }).total).toBe(1);
    const stored = archive.database.prepare('SELECT id, record FROM call_details ORDER BY id').all() as Array<{ id: string; record: Uint8Array | null }>;
    expect(stored.every((r) => r.record === null || r.record instanceof Uint8Array)).toBe(true);
    expect(stored.map((r) => [r.id, decodeStoredJson(r.record)])).toEqual(recordsBefore);
    archive.close();
  });
});

describe('opening', () => {
  it('checks the whole file only when the last session did not close it', () => {
    const file = tempFile();
    const first = Archive.open(file);
    first.archive.upsertRecords([readExample<CallLogRecord>('call-log-ringout-busy-one-leg.json')]);
    first.archive.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const clean = Archive.open(file);
    expect(clean.integrityChecked).toBe(false);

    // A crash: the archive and its write-ahead log as a killed process leaves them.
    clean.archive.upsertRecords([readExample<CallLogRecord>('call-log-ringout-two-legs.json')]);
    const crashed = tempFile();
    copyFileSync(file, crashed);
    copyFileSync(`${file}-wal`, `${crashed}-wal`);
    clean.archive.close();
    expect(statSync(`${crashed}-wal`).size).toBeGreaterThan(0);
    const recovered = Archive.open(crashed);
    expect(recovered.integrityChecked).toBe(true);
    expect(recovered.recovered).toBeNull();
    // Nothing committed before the crash is lost.
    expect(recovered.archive.count()).toBe(2);
    recovered.archive.close();
  });
});
