import type { Event } from '../../../src-shared/emitter';
import type { ExportFormat, HistoryFilter, SyncProgress } from '../../../src-shared/history';
import type { Archive } from './archive';
import { toCsv, toJson } from './export';
import type { HistorySync } from './history-sync';

/** `core.history`: the local call archive and its sync with RingCentral's call log. */
export class HistoryFacade {
  constructor(
    private readonly archive: Archive,
    private readonly syncer: HistorySync,
  ) {}

  /** One page of calls matching the filter, and how many match in all. */
  list(filter: HistoryFilter) {
    return this.archive.query(filter);
  }

  detail(id: string) {
    return this.archive.detail(id);
  }

  /** The filter's calls as CSV or JSON text, streamed row by row from the archive. */
  export(filter: HistoryFilter, format: ExportFormat, max?: number): Iterable<string> {
    const rows = this.archive.iterate({ ...filter, limit: undefined, offset: undefined }, 2000, max);
    return format === 'csv' ? toCsv(rows) : toJson(rows);
  }

  /** How many calls the local archive holds. */
  count(): number {
    return this.archive.count();
  }

  /** Fetches what RingCentral's call log has that the archive lacks. */
  sync(): Promise<SyncProgress> {
    return this.syncer.run();
  }

  get progress(): SyncProgress {
    return this.syncer.progress;
  }

  get onProgress(): Event<SyncProgress> {
    return this.syncer.onProgress;
  }
}
