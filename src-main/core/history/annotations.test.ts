import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import { DEFAULT_DISPOSITIONS, annotationSchema, dispositionListSchema } from '../../../src-shared/annotations';
import { historyFilterSchema } from '../../../src-shared/history';
import { Archive, ARCHIVE_SCHEMA_VERSION } from './archive';
import { toCsv } from './export';

const history = generateHistory({ count: 400, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: Date.UTC(2026, 10, 24), seed: 7 }).map(
  (h) => h.record as unknown as CallLogRecord,
);
const FIXTURE = path.resolve(import.meta.dirname, '../../../test-support/fixtures/archive-v4-before-names.sqlite');

describe('schema 5 migration', () => {
  it('opens an archive written by schema 4 without losing a call, a sync token or a timeline, and adds the new tables', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-v4-')), 'archive.sqlite');
    copyFileSync(FIXTURE, file);
    const before = new DatabaseSync(file);
    expect((before.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(4);
    const ids = (before.prepare('SELECT id FROM calls ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
    const rowsBefore = before.prepare('SELECT * FROM calls ORDER BY id').all();
    before.close();
    expect(ids.length).toBe(41);

    const { archive, recovered } = Archive.open(file);
    expect(recovered).toBeNull();
    expect(archive.count()).toBe(41);
    expect(archive.getMeta('sync.token')).toBe('fixture-token');
    expect(
      archive
        .query({ limit: 100 })
        .rows.map((r) => r.id)
        .sort(),
    ).toEqual(ids);
    // Rewritten from their stored records (merging two-record RingOuts): every column comes back
    // as schema 4 wrote it, plus the `pending` flag, off, and no `problem` (schema 7); the explanation
    // is no longer stored (schema 6) but every call still shows the same words, derived from its legs.
    const rowsAfter = archive.database.prepare('SELECT * FROM calls ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(rowsAfter.map((r) => r['pending'])).toEqual(rowsAfter.map(() => 0));
    expect(rowsAfter.map((r) => r['problem'])).toEqual(rowsAfter.map(() => null));
    expect(rowsAfter.map(({ pending: _pending, explanation: _explanation, problem: _problem, ...rest }) => rest)).toEqual(
      (rowsBefore as Array<Record<string, unknown>>).map(({ explanation: _explanation, ...rest }) => rest),
    );
    const shown = new Map(archive.query({ limit: 100 }).rows.map((r) => [r.id, r.explanation]));
    for (const row of rowsBefore as Array<{ id: string; explanation: string | null }>) expect(shown.get(row.id)).toBe(row.explanation);
    const id = ids[0]!;
    expect(archive.annotations.annotate(id, { note: 'Asked for a quote', disposition: 'Call back' }, 1)).toEqual({
      note: 'Asked for a quote',
      disposition: 'Call back',
    });
    archive.close();

    const again = Archive.open(file).archive;
    expect((again.database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(ARCHIVE_SCHEMA_VERSION);
    expect(again.query({ search: 'quote' }).rows.map((r) => r.id)).toEqual([id]);
    again.close();
  });
});

describe('notes, dispositions and favourites', () => {
  it('finds calls by note and disposition, filters by disposition, and exports both', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history);
    const [first, second] = archive.query({ limit: 2 }).rows;
    archive.annotations.annotate(first!.id, { note: 'Wants the blue model, "urgent"', disposition: 'Call back' }, 1);
    archive.annotations.annotate(second!.id, { note: null, disposition: 'Wrong number' }, 1);
    expect(archive.query({ search: 'blue model' }).rows.map((r) => r.id)).toEqual([first!.id]);
    expect(archive.query({ search: 'wrong num' }).rows.map((r) => r.id)).toEqual([second!.id]);
    expect(archive.query({ disposition: 'Call back', limit: 1000 }).rows.map((r) => r.id)).toEqual([first!.id]);
    const row = archive.detail(first!.id)!.row;
    expect(row).toMatchObject({ note: 'Wants the blue model, "urgent"', disposition: 'Call back' });
    const csv = [...toCsv(archive.iterate({ disposition: 'Call back' }))].join('');
    expect(csv.split('\r\n')[0]).toContain('contact name,disposition,note');
    expect(csv).toContain('Call back,"Wants the blue model, ""urgent"""');
    // Clearing both removes the entry.
    archive.annotations.annotate(first!.id, { note: '  ', disposition: null }, 2);
    expect(archive.query({ disposition: 'Call back' }).total).toBe(0);
  });

  it('moves a note written before the call log confirmed the call to its record', () => {
    const { archive } = Archive.open(':memory:');
    const record = history.find((r) => r.direction === 'Outbound')!;
    archive.annotations.annotate('ringside:call-1', { note: 'left a message', disposition: 'Left voicemail' }, 1);
    archive.saveTracked({ id: 'call-1' } as TrackedCall, record);
    expect(archive.detail(record.id)!.row).toMatchObject({ note: 'left a message', disposition: 'Left voicemail' });
    expect(archive.annotations.annotation('ringside:call-1')).toEqual({ note: null, disposition: null });
  });

  it('keeps a user-edited disposition list, refusing duplicates and over-long names', () => {
    const { archive } = Archive.open(':memory:');
    expect(archive.annotations.dispositions()).toEqual(DEFAULT_DISPOSITIONS);
    expect(archive.annotations.setDispositions(['Reached', ' Demo booked '])).toEqual(['Reached', 'Demo booked']);
    expect(archive.annotations.dispositions()).toEqual(['Reached', 'Demo booked']);
    expect(() => archive.annotations.setDispositions(['Reached', 'reached'])).toThrow();
    expect(dispositionListSchema.safeParse(['x'.repeat(41)]).success).toBe(false);
    expect(annotationSchema.safeParse({ note: 'x'.repeat(501), disposition: null }).success).toBe(false);
    expect(historyFilterSchema.safeParse({ disposition: 'x'.repeat(41) }).success).toBe(false);
  });

  it('stars numbers in any format and offers favourites and recent numbers with their last outcome', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords(history);
    const { recents } = archive.annotations.quickNumbers();
    expect(recents.length).toBe(6);
    expect(new Set(recents.map((r) => r.number)).size).toBe(6);
    expect(recents[0]!.last).not.toBeNull();
    const starred = recents[2]!.number;
    archive.annotations.setFavourite(starred.replace('+1', '+1 '), true, 5);
    const after = archive.annotations.quickNumbers();
    expect(after.favourites.map((f) => f.number)).toEqual([starred.replace('+1', '+1 ')]);
    expect(after.favourites[0]!.last?.startTime).toBe(recents[2]!.last?.startTime);
    expect(after.recents.map((r) => r.number)).not.toContain(starred);
    expect(archive.query({ search: starred }).total).toBeGreaterThan(0);
    expect(archive.query({ search: starred }).rows.every((r) => r.favourite)).toBe(true);
    archive.annotations.setFavourite(starred, false, 6);
    expect(archive.annotations.quickNumbers().favourites).toEqual([]);
  });
});
