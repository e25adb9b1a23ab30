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

/** The archive at N calls: open time, filter and search latency, export, memory and disk. */
export async function archiveBench(count: number): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-archive-'));
  const file = path.join(dir, 'archive.sqlite');
  try {
    const records = generateHistory({ count, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, seed: 11 }).map((h) => h.record as unknown as CallLogRecord);
    const seeded = Archive.open(file).archive;
    const loadStart = performance.now();
    for (let i = 0; i < records.length; i += 5000) seeded.upsertRecords(records.slice(i, i + 5000));
    const loadMs = performance.now() - loadStart;
    seeded.close();

    const openStart = performance.now();
    const { archive } = Archive.open(file);
    const openMs = performance.now() - openStart;

    const now = Date.now();
    const filters: HistoryFilter[] = [
      { limit: 200 },
      { outcome: 'notCalled', limit: 200 },
      { outcome: 'busy', ringOutOnly: true, limit: 200 },
      { direction: 'Inbound', from: now - 30 * 86_400_000, limit: 200 },
      { from: now - 7 * 86_400_000, to: now, limit: 200, offset: 200 },
    ];
    const searches = ['Omar', 'Haddad', '5550111', '(212) 555-2', 'Sasha Iv', 'zzz-nobody'];
    const filterSamples: number[] = [];
    const searchSamples: number[] = [];
    for (let round = 0; round < 10; round++) {
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
    for (const chunk of toCsv(archive.iterate())) bytes += chunk.length;
    const exportMs = performance.now() - exportStart;
    archive.close();
    // Measured in a fresh process, so the generator's records in this one do not count.
    const rssMb = Number(execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'archive-rss.ts'), file], { encoding: 'utf8' }).trim());
    const sizeMb = (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1024 / 1024;
    const label = `${count.toLocaleString('en-US')} calls`;
    return [
      { name: `archive ${label}: load`, unit: 'ms', value: loadMs, note: `${Math.round(count / (loadMs / 1000)).toLocaleString('en-US')} records/s` },
      { name: `archive ${label}: open`, unit: 'ms', value: openMs },
      { name: `archive ${label}: filter`, unit: 'ms', ...summarize(filterSamples), budget: { on: 'p95', max: 30 } },
      { name: `archive ${label}: search`, unit: 'ms', ...summarize(searchSamples), budget: { on: 'p95', max: 30 } },
      { name: `archive ${label}: CSV export`, unit: 'ms', value: exportMs, note: `${(bytes / 1024 / 1024).toFixed(1)} MB` },
      { name: `archive ${label}: main-process RSS`, unit: 'MB', value: rssMb, budget: { on: 'value', max: 200 } },
      { name: `archive ${label}: size on disk`, unit: 'MB', value: sizeMb },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
