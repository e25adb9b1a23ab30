import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { readExample } from '../../../test-support/spec-files';
import { Archive } from './archive';
import { csvCell, toCsv, toJson, type ExportRow } from './export';

const history = generateHistory({
  count: 3000,
  baseUrl: 'https://platform.ringcentral.com',
  account: DEMO_ACCOUNT,
  until: Date.UTC(2026, 10, 24),
  seed: 3,
}).map((h) => h.record as unknown as CallLogRecord);
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'ringside-archive-'));

describe('Archive', () => {
  it('stores records with both legs derived and answers filters', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history);
    expect(archive.count()).toBe(3000);
    const busyCaller = archive.query({ outcome: 'busy', ringOutOnly: true, limit: 5000 });
    expect(busyCaller.total).toBeGreaterThan(0);
    expect(busyCaller.rows.every((r) => r.ringOut && (r.callerState === 'busy' || r.calleeState === 'busy'))).toBe(true);
    const notCalled = archive.query({ outcome: 'notCalled', limit: 5000 });
    expect(notCalled.total).toBeGreaterThan(0);
    expect(notCalled.rows.every((r) => r.calleeStatus === 'Not called' && r.explanation?.includes('never called'))).toBe(true);
    const inbound = archive.query({ direction: 'Inbound', limit: 5000 });
    expect(inbound.total).toBeGreaterThan(0);
    expect(inbound.rows.every((r) => r.direction === 'Inbound' && !r.ringOut)).toBe(true);
    // The seeded history spans 9–23 Nov.
    const range = archive.query({ from: Date.UTC(2026, 10, 20), to: Date.UTC(2026, 10, 21) - 1, limit: 5000 });
    expect(range.total).toBeGreaterThan(0);
    expect(range.rows.every((r) => r.startTime.startsWith('2026-11-20'))).toBe(true);
    const page = archive.query({ limit: 10, offset: 10 });
    expect(page.rows).toHaveLength(10);
    expect(page.total).toBe(3000);
  });

  it('counts the calls of a time range as the range query totals them, open-ended or bounded', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history);
    const from = Date.UTC(2026, 10, 15);
    const to = Date.UTC(2026, 10, 18);
    expect(archive.countBetween(from, to)).toBe(archive.query({ from, to, limit: 1 }).total);
    expect(archive.countBetween(from)).toBe(archive.query({ from, limit: 1 }).total);
    expect(archive.countBetween(from, to)).toBeGreaterThan(0);
    expect(archive.countBetween(from)).toBeGreaterThan(archive.countBetween(from, to));
    expect(archive.countBetween(0)).toBe(3000);
  });

  it('finds calls by part of a number, in any format, or of a name', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords([readExample<CallLogRecord>('call-log-ringout-two-legs.json'), ...history.slice(0, 100)]);
    expect(archive.query({ search: '(212) 555-0111' }).rows.map((r) => r.id)).toContain('L6HbCN6tB1nyDUA');
    expect(archive.query({ search: '5550111' }).rows.map((r) => r.id)).toContain('L6HbCN6tB1nyDUA');
    expect(archive.query({ search: 'daenerys' }).rows.map((r) => r.id)).toEqual(['L6HbCN6tB1nyDUA']);
    expect(archive.query({ search: 'Da' }).rows.map((r) => r.id)).toContain('L6HbCN6tB1nyDUA');
    expect(archive.query({ search: 'zzzz-nobody' }).total).toBe(0);
  });

  it('keeps the newest version of a record and never duplicates it', () => {
    const { archive } = Archive.open(':memory:');
    const record = readExample<CallLogRecord>('call-log-ringout-two-legs.json');
    archive.upsertRecords([record]);
    archive.upsertRecords([{ ...record, result: 'Busy', lastModifiedTime: '2018-11-22T09:00:00.000Z' }]);
    archive.upsertRecords([{ ...record, result: 'Stale', lastModifiedTime: '2018-11-22T08:00:00.000Z' }]);
    expect(archive.count()).toBe(1);
    expect(archive.detail(record.id)?.row.result).toBe('Busy');
  });

  it('is all or nothing: a failing batch leaves the archive as it was', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history.slice(0, 10));
    const broken = { ...history[10]!, startTime: undefined } as unknown as CallLogRecord;
    expect(() => archive.upsertRecords([...history.slice(11, 20), broken])).toThrow();
    expect(archive.count()).toBe(10);
  });

  it('survives reopening from disk, with sync metadata', () => {
    const file = path.join(tempDir(), 'archive.sqlite');
    const first = Archive.open(file).archive;
    first.upsertRecords(history.slice(0, 50), { 'sync.token': 'abc' });
    first.close();
    const again = Archive.open(file);
    expect(again.recovered).toBeNull();
    expect(again.archive.count()).toBe(50);
    expect(again.archive.getMeta('sync.token')).toBe('abc');
    again.archive.close();
  });

  it('migrates a version-1 archive (records inline, search keyed by id) without losing calls', async () => {
    const { DatabaseSync } = await import('node:sqlite');
    const file = path.join(tempDir(), 'archive.sqlite');
    const record = readExample<CallLogRecord>('call-log-ringout-two-legs.json');
    const v1 = new DatabaseSync(file);
    v1.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE calls (id TEXT PRIMARY KEY, start_ms INTEGER NOT NULL, modified_ms INTEGER NOT NULL, direction TEXT, action TEXT, result TEXT,
        result_state TEXT, from_number TEXT, from_name TEXT, to_number TEXT, to_name TEXT, duration INTEGER, ring_out INTEGER NOT NULL,
        caller_status TEXT, callee_status TEXT, caller_state TEXT, callee_state TEXT, explanation TEXT, session_id TEXT, record TEXT, tracked TEXT);
      CREATE VIRTUAL TABLE calls_search USING fts5 (id UNINDEXED, text, tokenize = 'trigram');
      INSERT INTO meta VALUES ('sync.token', 'kept');
      PRAGMA user_version = 1;`);
    v1.prepare('INSERT INTO calls (id, start_ms, modified_ms, ring_out, record) VALUES (?, ?, ?, 1, ?)').run(
      record.id,
      Date.parse(record.startTime),
      0,
      JSON.stringify(record),
    );
    v1.close();
    const { archive, recovered } = Archive.open(file);
    expect(recovered).toBeNull();
    expect(archive.count()).toBe(1);
    expect(archive.getMeta('sync.token')).toBe('kept');
    expect(archive.query({ search: 'Daenerys' }).rows.map((r) => r.id)).toEqual(['L6HbCN6tB1nyDUA']);
    expect(archive.detail(record.id)?.record?.legs).toHaveLength(2);
    archive.close();
  });

  it('pages deep lists like shallow ones: every call once, newest first, for every filter shape', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history);
    for (const filter of [
      {},
      { outcome: 'busy' as const },
      { outcome: 'connected' as const, ringOutOnly: true },
      { outcome: 'noAnswer' as const, from: Date.UTC(2026, 10, 15) },
      { search: 'Omar' },
      { direction: 'Inbound' as const, ringOutOnly: false },
    ]) {
      const all = archive.query({ ...filter, limit: 5000 });
      expect(all.total).toBeGreaterThan(50);
      expect(all.rows).toHaveLength(all.total);
      const paged = [];
      for (let offset = 0; offset < all.total; offset += 37) paged.push(...archive.query({ ...filter, limit: 37, offset }).rows);
      expect(paged.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
      expect([...archive.iterate(filter, 50)].map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
      const starts = all.rows.map((r) => Date.parse(r.startTime));
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
    }
  });

  it('counts an outcome exactly as the rows it returns, RingOut only or not, and counts again after a write', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history.slice(0, 2000));
    for (const outcome of ['busy', 'connected', 'noAnswer', 'voicemail', 'notCalled'] as const) {
      for (const ringOutOnly of [false, true]) {
        const { rows, total } = archive.query({ outcome, ringOutOnly, limit: 5000 });
        expect(total).toBe(rows.length);
        expect(rows.every((r) => (ringOutOnly ? r.ringOut : true) && (r.ringOut ? r.callerState === outcome || r.calleeState === outcome : true))).toBe(true);
      }
    }
    const before = archive.query({ outcome: 'busy', ringOutOnly: true }).total;
    archive.upsertRecords(history.slice(2000));
    const after = archive.query({ outcome: 'busy', ringOutOnly: true, limit: 5000 });
    expect(after.total).toBeGreaterThan(before);
    expect(after.total).toBe(after.rows.length);
  });

  it('bulk-loads into an empty archive with the same result as ordinary upserts', () => {
    const { archive: bulk } = Archive.open(':memory:');
    const progress: number[] = [];
    expect(bulk.bulkLoad(history, (n) => progress.push(n))).toBe(3000);
    expect(progress).toEqual([3000]);
    const { archive: plain } = Archive.open(':memory:');
    plain.upsertRecords(history);
    for (const filter of [{ limit: 5000 }, { outcome: 'busy' as const, limit: 5000 }, { search: 'Sasha', limit: 5000 }])
      expect(bulk.query(filter)).toEqual(plain.query(filter));
    // Indexes are back: a later bulk load into a non-empty archive keeps the newest versions.
    bulk.bulkLoad([{ ...history[0]!, result: 'Stale', lastModifiedTime: '2000-01-01T00:00:00.000Z' }]);
    expect(bulk.detail(history[0]!.id)?.row.result).toBe(history[0]!.result ?? null);
    expect(bulk.count()).toBe(3000);
  });

  it('sets a corrupt file aside (never deletes it) and starts a fresh archive', () => {
    const file = path.join(tempDir(), 'archive.sqlite');
    writeFileSync(file, 'this is not a database, but somebody may want it back');
    const { archive, recovered } = Archive.open(file);
    expect(recovered?.movedTo).toMatch(/archive\.sqlite\.corrupt-/);
    expect(readFileSync(recovered!.movedTo, 'utf8')).toContain('somebody may want it back');
    expect(existsSync(file)).toBe(true);
    expect(archive.count()).toBe(0);
    archive.close();
  });
});

describe('export', () => {
  it('writes CSV that spreadsheets read safely and JSON that parses back', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords([readExample<CallLogRecord>('call-log-ringout-busy-one-leg.json')]);
    const csv = [...toCsv(archive.iterate())].join('');
    const [header, line] = csv.trim().split('\r\n');
    expect(header).toBe(
      'id,start,direction,from,from name,to,to name,result,ringout,your phone,their phone,duration (s),explanation,contact name,disposition,note,record ids',
    );
    expect(line).toMatch(/^M7JcDO7uC2ozEVB,.*,M7JcDO7uC2ozEVB$/);
    expect(line).toContain('+12125550111,Daenerys Targaryen,Busy,true,Busy,Not called,4');
    const json = JSON.parse([...toJson(archive.iterate())].join(''));
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ id: 'M7JcDO7uC2ozEVB', calleeStatus: 'Not called', recordIds: ['M7JcDO7uC2ozEVB'] });
    expect(JSON.parse([...toJson([])].join(''))).toEqual([]);
  });

  it('reports progress while streaming, every 10,000 rows and once at the end', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history.slice(0, 1));
    const sample = archive.query().rows[0]!;
    const rows: ExportRow[] = Array.from({ length: 25_000 }, (_, i) => ({ ...sample, id: `r${i}`, recordIds: [`r${i}`] }));
    const csvProgress: number[] = [];
    const csv = toCsv(rows, { onProgress: (n) => csvProgress.push(n) });
    csv.next();
    csv.next();
    expect(csvProgress).toEqual([]);
    for (let i = 0; i < 10_000; i++) csv.next();
    expect(csvProgress).toEqual([10_000]);
    Array.from(csv);
    expect(csvProgress).toEqual([10_000, 20_000, 25_000]);
    const jsonProgress: number[] = [];
    Array.from(toJson(rows.slice(0, 3), { onProgress: (n) => jsonProgress.push(n) }));
    expect(jsonProgress).toEqual([3]);
  });

  it('quotes and defuses cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+16505550100')).toBe('+16505550100');
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell(null)).toBe('');
  });
});
