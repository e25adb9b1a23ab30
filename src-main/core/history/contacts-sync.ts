import type { Clock, Logger } from '../ports';
import type { NamedNumber, RingCentralApi } from '../ringcentral/api';
import { readDirectoryPages } from '../ringcentral/directory-pages';
import type { Archive } from './archive';
import { contactsRefreshPlan, type SourceSyncState } from './contacts-cache';

type Source = 'contact' | 'directory';

/** At most this many address-book pages a run (50 000 contacts at 250 a page). */
const MAX_PAGES = 200;
const STATE_KEY = (source: Source) => `names.${source}`;

export interface ContactsSyncResult {
  refreshed: Source[];
  failed: Source[];
  /** Names stored per source by this run; null when the source was not fetched or had not changed. */
  names: Record<Source, number | null>;
}

/** What one fetch of a source found: its names, or that nothing changed since the last one. */
type Fetched = { changed: false; state: Partial<SourceSyncState> } | { changed: true; entries: NamedNumber[]; state: Partial<SourceSyncState> };

/**
 * Keeps the archive's name cache fresh. Each source is refreshed when contactsRefreshPlan says
 * it is due, at sync priority through the rate planner, and cheaply when nothing changed
 * (REALITY 29): the address book by an incremental address-book sync (one request that lists
 * only changes), the directory by conditional requests (304 to the ETags of the last fetch).
 * When something did change, the source is fetched whole (every page) and its names replaced in
 * one transaction, so a half-fetched list never shows.
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

  private checkStopped(): void {
    if (this.stopped) throw new Error('stopped');
  }

  /** The address book: an incremental sync says whether anything changed; if so (or with no token), a full sync. */
  private async fetchContacts(syncToken: string | undefined): Promise<Fetched> {
    if (syncToken) {
      try {
        let changes = 0;
        let token = syncToken;
        let pageId: number | null = null;
        for (let page = 1; page <= MAX_PAGES; page++) {
          this.checkStopped();
          const answer = await this.api.addressBookSync({ syncType: 'ISync', syncToken }, pageId ?? undefined);
          changes += answer.changes;
          token = answer.syncToken;
          pageId = answer.nextPageId;
          // Any change (an edit or a deletion): the whole list again, since names are stored per source.
          if (changes > 0 || pageId === null) break;
        }
        if (changes === 0) return { changed: false, state: { syncToken: token } };
      } catch (error) {
        // An expired or unknown token: the full sync below starts afresh.
        this.checkStopped();
        this.logger.info('Address-book incremental sync refused; fetching it whole', { error: (error as Error).message });
      }
    }
    const entries: NamedNumber[] = [];
    let token = '';
    let pageId: number | null = null;
    for (let page = 1; page <= MAX_PAGES; page++) {
      this.checkStopped();
      const answer = await this.api.addressBookSync({ syncType: 'FSync' }, pageId ?? undefined);
      entries.push(...answer.entries);
      token = answer.syncToken;
      pageId = answer.nextPageId;
      if (pageId === null) break;
    }
    return { changed: true, entries, state: { syncToken: token } };
  }

  /** The directory: each page asked with its last ETag; all 304 means unchanged, else every page again. */
  private async fetchDirectory(saved: readonly string[]): Promise<Fetched> {
    const read = await readDirectoryPages(
      (page, etag) => this.api.directoryPage(page, etag),
      saved,
      () => this.checkStopped(),
    );
    const state = read.etags.length > 0 ? { etags: read.etags } : {};
    return read.changed ? { changed: true, entries: read.entries, state } : { changed: false, state };
  }

  private async runOnce(force: boolean): Promise<ContactsSyncResult> {
    const now = this.clock.now();
    const due: Source[] = force ? ['contact', 'directory'] : contactsRefreshPlan({ contact: this.state('contact'), directory: this.state('directory') }, now);
    const result: ContactsSyncResult = { refreshed: [], failed: [], names: { contact: null, directory: null } };
    for (const source of due) {
      if (this.stopped) break;
      const before = this.state(source);
      try {
        const fetched = source === 'contact' ? await this.fetchContacts(before.syncToken) : await this.fetchDirectory(before.etags ?? []);
        if (this.stopped) break;
        const state: SourceSyncState = { lastSuccess: this.clock.now(), lastFailure: null, ...fetched.state };
        result.names[source] = this.archive.transaction(() => {
          const count = fetched.changed ? this.archive.names.replaceSource(source, fetched.entries) : null;
          this.archive.setMeta(STATE_KEY(source), JSON.stringify(state));
          return count;
        });
        result.refreshed.push(source);
      } catch (error) {
        if (this.stopped) break;
        // No permission (ReadContacts) or offline: keep the names we had, try again later.
        this.archive.setMeta(STATE_KEY(source), JSON.stringify({ ...before, lastFailure: this.clock.now() } satisfies SourceSyncState));
        this.logger.warn('Could not refresh names', { source, error: (error as Error).message });
        result.failed.push(source);
      }
    }
    return result;
  }
}
