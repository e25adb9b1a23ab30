/**
 * Exactly one Ringside instance collects into a team archive at a time: the collector holds a
 * session-level PostgreSQL advisory lock on its own connection. The lock goes when that
 * connection does (the instance quits, crashes or loses its network: the server ends the
 * session), and another instance waiting for it takes over. Every write goes through the same
 * connection, in one transaction with the sync cursor, so a collector that lost its lease
 * cannot write, and a batch cut short by a death is rolled back whole; the next collector
 * re-reads from the cursor and upserts by record id: nothing lost, nothing doubled.
 * (Needs a direct or session-pooled connection: a transaction-pooling proxy drops session locks.)
 */
import type pg from 'pg';
import { bulkLoadTeamRecords } from './team-bulk-load';
import { writeTeamRecords, type TeamRecord } from './team-calls';

/** The advisory lock key of the collector (advisory locks are per database). */
export const COLLECTOR_LOCK = 29_0002;
/** Batches this large are streamed with COPY (same result, far fewer round trips: team-bulk-load.test.ts). */
export const BULK_LOAD_FROM = 500;

export class CollectorLease {
  private released = false;

  private constructor(
    private readonly client: pg.ClientBase,
    /** Who collects (host and process), written beside the cursor for people to see. */
    readonly holder: string,
  ) {}

  /** The lease now, or null when another instance holds it. */
  static async tryTake(client: pg.ClientBase, holder: string): Promise<CollectorLease | null> {
    const result = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [COLLECTOR_LOCK]);
    return result.rows[0]?.taken ? new CollectorLease(client, holder) : null;
  }

  /** Waits for the lease (while another instance collects, this one reads) and takes it. */
  static async take(client: pg.ClientBase, holder: string): Promise<CollectorLease> {
    await client.query('SELECT pg_advisory_lock($1)', [COLLECTOR_LOCK]);
    return new CollectorLease(client, holder);
  }

  /** The cursor the last batch left (null: nothing collected yet). */
  async cursor(): Promise<string | null> {
    const result = await this.client.query<{ cursor: string | null }>('SELECT cursor FROM collector_state WHERE id = 1');
    return result.rows[0]?.cursor ?? null;
  }

  /** One batch of records and the cursor after it, in one transaction: both or neither. */
  async ingest(records: readonly TeamRecord[], cursor: string): Promise<void> {
    if (this.released) throw new Error('This collector gave up its lease: it may not write');
    await this.client.query('BEGIN');
    try {
      if (records.length >= BULK_LOAD_FROM) await bulkLoadTeamRecords(this.client, records);
      else await writeTeamRecords(this.client, records);
      await this.client.query(
        `INSERT INTO collector_state (id, cursor, holder, updated_at) VALUES (1, $1, $2, clock_timestamp())
         ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, holder = excluded.holder, updated_at = excluded.updated_at`,
        [cursor, this.holder],
      );
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /** How many calls the team archive holds that started from `from` to `to` (open-ended without it). */
  async countBetween(from: number, to?: number): Promise<number> {
    const result = await this.client.query<{ n: string }>(
      'SELECT count(*) AS n FROM calls WHERE start_time >= $1 AND ($2::timestamptz IS NULL OR start_time <= $2)',
      [new Date(from), to === undefined ? null : new Date(to)],
    );
    return Number(result.rows[0]!.n);
  }

  /** Hands the lease on (an instance that quits); the connection stays the caller's. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.client.query('SELECT pg_advisory_unlock($1)', [COLLECTOR_LOCK]);
  }
}
