import type { Clock, Logger } from '../ports';
import type { NamedNumber, NamesPage, RingCentralApi } from '../ringcentral/api';
import type { Archive } from './archive';
import { contactsRefreshPlan, type SourceSyncState } from './contacts-cache';

type Source = 'contact' | 'directory';

/** At most this many pages per source and run (100 000 contacts, 200 000 directory entries). */
const MAX_PAGES = 200;
const STATE_KEY = (source: Source) => `names.${source}`;

export interface ContactsSyncResult {
  refreshed: Source[];
  failed: Source[];
  names: Record<Source, number | null>;
}

/**
 * Keeps the archive's name cache fresh: each source is fetched whole (every page, at sync
 * priority through the rate planner) when contactsRefreshPlan says it is due, then replaces
 * that source's names in one transaction, so a half-fetched list never shows.
 */
export class ContactsSync {
  private running: Promise<ContactsSyncResult> | null = null;
  private stopped = false;

  constructor(
    private readonly api: RingCentralApi,
    private readonly archive: Archive,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private state(source: Source): SourceSyncState {
    const saved = this.archive.getMeta(STATE_KEY(source));
    return saved ? (JSON.parse(saved) as SourceSyncState) : { lastSuccess: null, lastFailure: null };
  }

  /** Refreshes the due sources (all of them with `force`); one run at a time. */
  run(force = false): Promise<ContactsSyncResult> {
    this.running ??= this.runOnce(force).finally(() => (this.running = null));
    return this.running;
  }

  /** Stops at the next page and waits for the run in progress, so the archive can close. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async fetchAll(fetchPage: (page: number) => Promise<NamesPage>): Promise<NamedNumber[]> {
    const entries: NamedNumber[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      if (this.stopped) throw new Error('stopped');
      const answer = await fetchPage(page);
      entries.push(...answer.entries);
      if (!answer.hasNextPage) break;
    }
    return entries;
  }

  private async runOnce(force: boolean): Promise<ContactsSyncResult> {
    const now = this.clock.now();
    const due: Source[] = force ? ['contact', 'directory'] : contactsRefreshPlan({ contact: this.state('contact'), directory: this.state('directory') }, now);
    const result: ContactsSyncResult = { refreshed: [], failed: [], names: { contact: null, directory: null } };
    for (const source of due) {
      if (this.stopped) break;
      try {
        const entries = await this.fetchAll((page) => (source === 'contact' ? this.api.contactsPage(page) : this.api.directoryPage(page)));
        if (this.stopped) break;
        result.names[source] = this.archive.transaction(() => {
          const count = this.archive.names.replaceSource(source, entries);
          this.archive.setMeta(STATE_KEY(source), JSON.stringify({ lastSuccess: this.clock.now(), lastFailure: null } satisfies SourceSyncState));
          return count;
        });
        result.refreshed.push(source);
      } catch (error) {
        if (this.stopped) break;
        // No permission (ReadContacts) or offline: keep the names we had, try again later.
        this.archive.setMeta(STATE_KEY(source), JSON.stringify({ ...this.state(source), lastFailure: this.clock.now() } satisfies SourceSyncState));
        this.logger.warn('Could not refresh names', { source, error: (error as Error).message });
        result.failed.push(source);
      }
    }
    return result;
  }
}
