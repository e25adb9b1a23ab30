/**
 * The collector (issue 29): the company's call log (`/account/~/call-log`,
 * `/account/~/call-log-sync`, admins only) synced into the team archive by the personal sync's
 * own machinery (HistorySync: token first, newest-first Detailed pages of 250, a cursor saved
 * with every page, ISync with deleted records, the full re-read when a token is refused,
 * REALITY 14, 16, 24-26), paced by the rate planner (Heavy, REALITY 23), writing through the
 * collector lease: exactly one instance collects, the others wait (and read the archive).
 * Under the same lease it keeps the company directory (names, departments) in the archive
 * (team-directory.ts).
 */
import type pg from 'pg';
import type { SyncProgress } from '../../../src-shared/history';
import { HistorySync, type SyncApi } from '../history/history-sync';
import type { Clock, Logger } from '../ports';
import type { RingCentralApi } from '../ringcentral/api';
import { ApiError } from '../ringcentral/api-error';
import { CollectorLease } from './collector-lease';
import { CollectorStore } from './collector-store';
import { TeamDirectorySync } from './team-directory';

/** How far back a first collection reads by default: the 30 days a company sync covers. */
export const TEAM_COLLECT_DEPTH_DAYS = 30;

/** The signed-in RingCentral user may not read the company's call log: only an admin can collect. */
export class NotAnAdminError extends Error {
  constructor(readonly errorCode: string | null) {
    super(
      "Only a RingCentral admin can collect the company's call log. Sign the collector in as an admin " +
        '(a user with the Full Company Call Log permission); RingCentral refused this user' +
        (errorCode ? ` (${errorCode}).` : '.'),
    );
    this.name = 'NotAnAdminError';
  }
}

export interface TeamCollectorOptions {
  /** The RingCentral API with the account's call log (RingCentralApi with scope `account`) and the company directory. */
  api: SyncApi & Pick<RingCentralApi, 'directoryPeoplePage'>;
  /** The collector's own connection to the team archive (a login of ringside_collector); the lease lives on it. */
  client: pg.ClientBase;
  /** Who collects (host and process), written beside the cursor. */
  holder: string;
  clock: Clock;
  logger: Logger;
  /** Days a first collection reads back (null: everything RingCentral keeps). */
  depthDays?: number | null;
}

/** Why a request the collector no longer makes fails (the sync ends its run on it). */
const STOPPING = 'The collector is stopping';

export class TeamCollector {
  private lease: CollectorLease | null = null;
  private store: CollectorStore | null = null;
  private sync: HistorySync | null = null;
  private directory: TeamDirectorySync | null = null;
  private refusal: NotAnAdminError | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: TeamCollectorOptions) {}

  /** True once this instance holds the lease. */
  get collecting(): boolean {
    return this.lease !== null;
  }

  /**
   * Waits for the lease (while another instance collects: `onWaiting` is told) and takes it,
   * with the sync where the last collector left it.
   */
  async takeLease(onWaiting: () => void = () => {}): Promise<void> {
    if (this.lease) return;
    let lease = await CollectorLease.tryTake(this.options.client, this.options.holder);
    if (!lease) {
      onWaiting();
      lease = await CollectorLease.take(this.options.client, this.options.holder);
    }
    this.lease = lease;
    const store = await CollectorStore.open(lease);
    this.store = store;
    this.directory = new TeamDirectorySync(this.options.api, this.options.client, this.options.clock, this.options.logger);
    this.sync = new HistorySync(
      this.guarded(this.options.api, store),
      store,
      this.options.clock,
      this.options.logger,
      this.options.depthDays ?? TEAM_COLLECT_DEPTH_DAYS,
    );
  }

  /** Follows the sync's progress (after takeLease). */
  onProgress(listener: (progress: SyncProgress) => void): { dispose(): void } {
    if (!this.sync) throw new Error('The collector has no lease yet');
    return this.sync.onProgress(listener);
  }

  /**
   * One run: the first collection (or its remainder), else an incremental one; every page
   * committed when it resolves. Throws NotAnAdminError, or the archive's failure (the lease is
   * then lost: this collector is done). A RingCentral failure ends the run with phase `error`;
   * the next run resumes.
   */
  async collect(): Promise<SyncProgress> {
    await this.takeLease();
    // The directory first (at the first run, then hourly): the calls it brings are named at once.
    await this.directory!.refreshIfDue();
    const progress = await this.sync!.run();
    await this.store!.flush();
    if (this.refusal) throw this.refusal;
    return progress;
  }

  /** Collects now and every `intervalMs` until stop(); throws as collect() does. */
  async collectUntilStopped(intervalMs: number, onRun: (progress: SyncProgress) => void = () => {}): Promise<void> {
    while (!this.stopping) {
      const progress = await this.collect();
      // A run cut short by stop() is not a failure to report.
      if (this.stopping) break;
      onRun(progress);
      if (progress.phase === 'error') this.options.logger.warn('Team collection stopped; it will resume', { error: progress.message });
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const cancel = this.options.clock.setTimeout(resolve, intervalMs);
        this.wake = () => {
          cancel();
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /**
   * Stops at once: a page already answered is committed, one still waiting for its turn under
   * the rate limit is not asked for (it would hold a service's stop for a whole window); then
   * hands the lease on. The connection stays the caller's.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const stopped = this.sync?.stop();
    this.options.api.planner.cancelQueued('sync', new Error(STOPPING));
    await stopped;
    await this.store?.flush().catch(() => undefined);
    await this.lease?.release().catch(() => undefined);
  }

  /**
   * The API as the sync sees it: each request waits until the pages before it are committed
   * (so a death loses at most the page in flight), and RingCentral's refusal of a user who is
   * not an admin ends the collection with words a person can act on.
   */
  private guarded(api: SyncApi, store: CollectorStore): SyncApi {
    const refused = (error: unknown): never => {
      if (error instanceof ApiError && error.kind === 'forbidden') this.refusal ??= new NotAnAdminError(error.errorCode);
      throw this.refusal ?? error;
    };
    // Stopped while the pages before were being committed: the request is not queued at all
    // (stop() already cancelled what was queued; one queued after it would wait for its slot).
    const committed = async () => {
      await store.flush();
      if (this.stopping) throw new Error(STOPPING);
    };
    return {
      planner: api.planner,
      callLogPage: async (query, priority) => {
        await committed();
        return api.callLogPage(query, priority).catch(refused);
      },
      callLogSync: async (params) => {
        await committed();
        return api.callLogSync(params).catch(refused);
      },
    };
  }
}
