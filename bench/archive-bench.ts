import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../src-main/core/history/archive';
import { DEMO_ACCOUNT } from '../src-simulator';
import { generateHistory } from '../src-simulator/call-log/seed';
import type { CallLogRecord } from '../src-shared/call-log';
import type { HistoryFilter } from '../src-shared/history';
import { toCsv } from '../src-main/core/history/export';
import { summarize, type BenchFigure } from './stats';

/** From this size on, the archive is filled with the bulk path (one transaction) instead of sync-sized batches. */
const BULK_FROM = 500_000;
const CHUNK = 50_000;
const SYNC_BATCH = 1000;
/** Before this work: `npm run bench` on 2026-11-24, same machine, 100k calls (85k in 5,000-record batches). */
const BASELINE_100K = { filterP95: 21.6, searchP95: 8.6, loadPerS: 7126, exportMs: 5000, openMs: 260 };
/**
 * Before the lean archive (schema 6): 2,196 bytes a call at 100k (main, 2026-12-03, this
 * machine), 2.1 KB a call and a 1.6 s open at 1M (the full run of 2026-11-28: 2.1 GB).
 */
const BEFORE_SCHEMA_6: Record<number, { bytesPerCall: number; openMs?: number }> = {
  100_000: { bytesPerCall: 2196 },
  1_000_000: { bytesPerCall: 2100, openMs: 1600 },
};

export interface ArchiveRow {
  count: number;
  loadMs: number;
  bulk: boolean;
  openMs: number;
  filterP95: number;
  searchP95: number;
  exportMs: number;
  exportMb: number;
  sizeMb: number;
  bytesPerCall: number;
  rssMb: number;
  exportRssMb: number;
  exportPeakRssMb: number;
}

/**
 * The seeded history in chunks of 50k, each its own slice of the span, so 1M records never
 * sit in memory at once. `generatingMs` collects the time spent generating, kept out of the load.
 */
export function* seededRecords(count: number, until: number, timing: { generatingMs: number }): Generator<CallLogRecord> {
  const spanDays = Math.min(365, Math.max(7, Math.ceil(count / 200)));
  const chunks = Math.ceil(count / CHUNK);
  for (let c = 0; c < chunks; c++) {
    const started = performance.now();
    const sliceDays = spanDays / chunks;
    const records = generateHistory({
      count: Math.min(CHUNK, count - c * CHUNK),
      baseUrl: 'https://platform.ringcentral.com',
      account: DEMO_ACCOUNT,
      seed: 11 + c,
      until: until - (chunks - 1 - c) * sliceDays * 86_400_000,
      spanDays: sliceDays,
    });
    timing.generatingMs += performance.now() - started;
    for (const h of records) yield h.record as unknown as CallLogRecord;
  }
}

/** The archive at N calls: load rate, open time, filter and search latency, export, memory and disk. */
export async function archiveBench(count: number): Promise<{ figures: BenchFigure[]; row: ArchiveRow }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-archive-'));
  const file = path.join(dir, 'archive.sqlite');
  try {
    const now = Date.now();
    const timing = { generatingMs: 0 };
    const seeded = Archive.open(file).archive;
    const bulk = count >= BULK_FROM;
    let sample: CallLogRecord | null = null;
    const loadStart = performance.now();
    if (bulk) {
      seeded.bulkLoad(seededRecords(count, now, timing));
    } else {
      // As the sync writes: one transaction per call-log page.
      let batch: CallLogRecord[] = [];
      for (const record of seededRecords(count, now, timing)) {
        batch.push(record);
        if (batch.length === SYNC_BATCH) {
          seeded.upsertRecords(batch);
          batch = [];
        }
      }
      if (batch.length) seeded.upsertRecords(batch);
    }
    const loadMs = performance.now() - loadStart - timing.generatingMs;
    seeded.close();

    const openStart = performance.now();
    const { archive } = Archive.open(file);
    const openMs = performance.now() - openStart;
    sample = archive.detail(archive.query({ limit: 1 }).rows[0]!.id)!.record;

    const filters: HistoryFilter[] = [
      { limit: 200 },
      { outcome: 'notCalled', limit: 200 },
      { outcome: 'busy', ringOutOnly: true, limit: 200 },
      { direction: 'Inbound', from: now - 30 * 86_400_000, limit: 200 },
      { from: now - 7 * 86_400_000, to: now, limit: 200, offset: 200 },
      // The middle of the whole list, as a scrollbar dragged halfway down asks for.
      { limit: 200, offset: Math.floor(count / 2) },
    ];
    const searches = ['Omar', 'Haddad', '5550111', '(212) 555-2', 'Sasha Iv', 'zzz-nobody'];
    const filterSamples: number[] = [];
    const searchSamples: number[] = [];
    for (let round = 0; round < 10; round++) {
      // A write between rounds (as sync makes them) drops the remembered counts: every
      // sample below is a cold query, count included.
      archive.upsertRecords([sample!]);
      for (const filter of filters) {
        const t = performance.now();
        archive.query(filter);
        filterSamples.push(performance.now() - t);
      }
      for (const search of searches) {
        const t = performance.now();
        archive.query({ search, limit: 200 });
        searchSamples.push(performance.now() - t);
      }
    }
    const exportStart = performance.now();
    let bytes = 0;
    let reports = 0;
    let rowsWritten = 0;
    for (const chunk of toCsv(archive.iterate(), { onProgress: (n) => ((rowsWritten = n), reports++) })) bytes += chunk.length;
    const exportMs = performance.now() - exportStart;
    archive.close();
    // Measured in a fresh process, so the generator's records in this one do not count.
    const [rssMb, exportPeakRssMb, exportRssMb] = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'archive-rss.ts'), file],
      { encoding: 'utf8' },
    )
      .trim()
      .split(/\s+/)
      .map(Number) as [number, number, number];
    const sizeBytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const sizeMb = sizeBytes / 1024 / 1024;
    const bytesPerCall = sizeBytes / count;
    const before = BEFORE_SCHEMA_6[count];
    const label = `${count.toLocaleString('en-US')} calls`;
    const queryBudget = count >= 1_000_000 ? 50 : 30;
    const rssBudget = count >= 1_000_000 ? 250 : 200;
    const filter = summarize(filterSamples);
    const search = summarize(searchSamples);
    const figures: BenchFigure[] = [
      {
        name: `archive ${label}: load`,
        unit: 'ms',
        value: loadMs,
        note: `${Math.round(count / (loadMs / 1000)).toLocaleString('en-US')} records/s, ${bulk ? 'bulk path (one transaction, indexes built once)' : `${SYNC_BATCH.toLocaleString('en-US')} per transaction as the sync writes`}; generating the records took ${(timing.generatingMs / 1000).toFixed(1)} s more`,
      },
      {
        name: `archive ${label}: open`,
        unit: 'ms',
        value: openMs,
        // The whole-file check runs only after an unclean end (Archive.open), not on this clean open.
        ...(count >= 1_000_000 ? { budget: { on: 'value' as const, max: 200 } } : {}),
        ...(count === 100_000 ? { note: `${(openMs / BASELINE_100K.openMs).toFixed(2)}× the 2026-11-24 baseline (${BASELINE_100K.openMs} ms)` } : {}),
        ...(before?.openMs ? { note: `before schema 6: ${(before.openMs / 1000).toFixed(1)} s (mostly PRAGMA quick_check at every open)` } : {}),
      },
      {
        name: `archive ${label}: filter (cold: count + page, incl. a page halfway down)`,
        unit: 'ms',
        ...filter,
        budget: { on: 'p95', max: queryBudget },
        ...(count === 100_000
          ? {
              note: `${(filter.p95! / BASELINE_100K.filterP95).toFixed(2)}× the 2026-11-24 baseline p95 (${BASELINE_100K.filterP95} ms, warm counts, no deep page)`,
            }
          : {}),
      },
      {
        name: `archive ${label}: search (cold: count + page)`,
        unit: 'ms',
        ...search,
        budget: { on: 'p95', max: queryBudget },
        ...(count === 100_000
          ? { note: `${(search.p95! / BASELINE_100K.searchP95).toFixed(2)}× the 2026-11-24 baseline p95 (${BASELINE_100K.searchP95} ms)` }
          : {}),
      },
      {
        name: `archive ${label}: CSV export, streamed`,
        unit: 'ms',
        value: exportMs,
        note: `${(bytes / 1024 / 1024).toFixed(1)} MB, ${rowsWritten.toLocaleString('en-US')} rows, ${reports} progress reports${count === 100_000 ? `; ${(exportMs / BASELINE_100K.exportMs).toFixed(2)}× the 2026-11-24 baseline (${BASELINE_100K.exportMs / 1000} s)` : ''}`,
      },
      { name: `archive ${label}: main-process RSS after queries`, unit: 'MB', value: rssMb, budget: { on: 'value', max: rssBudget } },
      {
        name: `archive ${label}: main-process RSS after a streamed CSV export, garbage collected`,
        unit: 'MB',
        value: exportRssMb,
        budget: { on: 'value', max: rssBudget },
        note: `highest during the export ${exportPeakRssMb.toFixed(0)} MB (V8 grows its heap before collecting)`,
      },
      { name: `archive ${label}: size on disk`, unit: 'MB', value: sizeMb },
      {
        name: `archive ${label}: bytes per call on disk`,
        unit: 'B',
        value: bytesPerCall,
        ...(count >= 1_000_000 ? { budget: { on: 'value' as const, max: 700 } } : {}),
        ...(before
          ? { note: `before schema 6: ${before.bytesPerCall.toLocaleString('en-US')} B a call (${(before.bytesPerCall / bytesPerCall).toFixed(1)}× this)` }
          : {}),
      },
    ];
    return {
      figures,
      row: {
        count,
        loadMs,
        bulk,
        openMs,
        filterP95: filter.p95!,
        searchP95: search.p95!,
        exportMs,
        exportMb: bytes / 1024 / 1024,
        sizeMb,
        bytesPerCall,
        rssMb,
        exportRssMb,
        exportPeakRssMb,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The growth table: one line per archive size. */
export function archiveTable(rows: readonly ArchiveRow[]): string {
  const header = ['calls', 'load rate', 'open', 'filter p95', 'search p95', 'CSV export', 'on disk', 'a call', 'RSS', 'RSS export peak / after GC'];
  const lines = rows.map((r) => [
    r.count.toLocaleString('en-US'),
    `${Math.round(r.count / (r.loadMs / 1000)).toLocaleString('en-US')}/s${r.bulk ? ' (bulk)' : ''}`,
    `${r.openMs.toFixed(0)} ms`,
    `${r.filterP95.toFixed(1)} ms`,
    `${r.searchP95.toFixed(1)} ms`,
    `${(r.exportMs / 1000).toFixed(1)} s (${r.exportMb.toFixed(0)} MB)`,
    `${r.sizeMb.toFixed(0)} MB`,
    `${r.bytesPerCall.toFixed(0)} B`,
    `${r.rssMb.toFixed(0)} MB`,
    `${r.exportPeakRssMb.toFixed(0)} / ${r.exportRssMb.toFixed(0)} MB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines].map((cells) => `      ${cells.map((c, i) => c.padStart(widths[i]!)).join('  ')}`).join('\n');
}
