/**
 * The company directory in the team archive (migration 8): each person's name, extension
 * number and department, so team analytics names people and the board can read its people
 * without RingCentral. The collector writes it from `directory/entries` (users), conditionally
 * (REALITY 29: the pages' ETags are kept, an unchanged directory costs one 304 a page), when it
 * starts and then at most once an hour. A person no longer listed keeps their row (their past
 * calls keep their name), marked `goneSince`. Everyone of the team may read it (the directory
 * RingCentral shows every user); only the collector writes it, and nobody deletes.
 */
import type pg from 'pg';
import type { Clock, Logger } from '../ports';
import type { DirectoryPerson, RingCentralApi } from '../ringcentral/api';
import { readDirectoryPages } from '../ringcentral/directory-pages';

/** How often the collector reads the directory again (a person joining shows within the hour). */
export const TEAM_DIRECTORY_REFRESH_MS = 60 * 60_000;

export interface TeamDirectoryEntry extends DirectoryPerson {
  /** When the person left the company directory (ms), or null while listed. */
  goneSince: number | null;
}

interface DirectoryRow {
  extension_id: string;
  name: string;
  extension_number: string | null;
  department: string | null;
  status: string | null;
  gone_since: Date | null;
}

const entryOf = (row: DirectoryRow): TeamDirectoryEntry => ({
  extensionId: row.extension_id,
  name: row.name,
  extensionNumber: row.extension_number,
  department: row.department,
  status: row.status,
  goneSince: row.gone_since ? row.gone_since.getTime() : null,
});

/** The directory as the archive holds it (`extensionIds`: only those), as any team login may read it. */
export async function readTeamDirectory(client: pg.ClientBase, extensionIds?: readonly string[]): Promise<TeamDirectoryEntry[]> {
  const columns = 'extension_id, name, extension_number, department, status, gone_since';
  const result = extensionIds
    ? await client.query<DirectoryRow>(`SELECT ${columns} FROM team_directory WHERE extension_id = ANY ($1)`, [extensionIds])
    : await client.query<DirectoryRow>(`SELECT ${columns} FROM team_directory`);
  return result.rows.map(entryOf);
}

/**
 * Stores a whole directory read in one transaction: everyone listed is upserted (and listed
 * again if they had gone), everyone else still listed is marked gone from now, and the ETags
 * are kept. `people` null: the directory did not change, only the check is recorded.
 */
export async function writeTeamDirectory(client: pg.ClientBase, people: readonly DirectoryPerson[] | null, etags: readonly string[]): Promise<void> {
  await client.query('BEGIN');
  try {
    // An empty answer (an account always has its admin) is a glitch, not everyone leaving.
    if (people && people.length > 0) {
      await client.query(
        `INSERT INTO team_directory AS d (extension_id, name, extension_number, department, status)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (extension_id) DO UPDATE SET name = excluded.name, extension_number = excluded.extension_number,
           department = excluded.department, status = excluded.status, gone_since = NULL, updated_at = clock_timestamp()
         WHERE (d.name, d.extension_number, d.department, d.status, d.gone_since)
           IS DISTINCT FROM (excluded.name, excluded.extension_number, excluded.department, excluded.status, NULL)`,
        [
          people.map((p) => p.extensionId),
          people.map((p) => p.name),
          people.map((p) => p.extensionNumber),
          people.map((p) => p.department),
          people.map((p) => p.status),
        ],
      );
      await client.query(
        'UPDATE team_directory SET gone_since = clock_timestamp(), updated_at = clock_timestamp() WHERE gone_since IS NULL AND NOT (extension_id = ANY ($1))',
        [people.map((p) => p.extensionId)],
      );
    }
    await client.query(
      `INSERT INTO team_directory_state (id, etags, checked_at) VALUES (1, $1, clock_timestamp())
       ON CONFLICT (id) DO UPDATE SET etags = excluded.etags, checked_at = excluded.checked_at`,
      [etags],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * The collector's directory upkeep: read at its first collection, then at most every
 * TEAM_DIRECTORY_REFRESH_MS; a failed read (RingCentral down) is tried again at the next
 * collection and never stops the call log's.
 */
export class TeamDirectorySync {
  private lastRead: number | null = null;

  constructor(
    private readonly api: Pick<RingCentralApi, 'directoryPeoplePage'>,
    private readonly client: pg.ClientBase,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Reads the directory when due; true when it was read (changed or not). */
  async refreshIfDue(): Promise<boolean> {
    const now = this.clock.now();
    if (this.lastRead !== null && now - this.lastRead < TEAM_DIRECTORY_REFRESH_MS) return false;
    try {
      const state = await this.client.query<{ etags: string[] }>('SELECT etags FROM team_directory_state WHERE id = 1');
      const read = await readDirectoryPages((page, etag) => this.api.directoryPeoplePage(page, etag), state.rows[0]?.etags ?? []);
      await writeTeamDirectory(this.client, read.changed ? read.entries : null, read.etags);
      this.lastRead = now;
      return true;
    } catch (error) {
      this.logger.warn('Could not read the company directory; trying again at the next collection', { error: (error as Error).message });
      return false;
    }
  }
}
