import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { NAME_SOURCES, type NameSource } from '../../../src-shared/annotations';
import { digitsOf } from '../../../src-shared/phone-numbers';

/** Contact names cached in the archive (schema 5): one row per number, source and name. */
export const CONTACT_NAMES_SCHEMA = `
CREATE TABLE IF NOT EXISTS contact_names (digits TEXT NOT NULL, source TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (digits, source, name)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contact_names_by_name ON contact_names (name);
`;

export interface NameCandidate {
  source: NameSource;
  name: string;
}

export interface ResolvedName {
  name: string | null;
  source: NameSource | null;
  /** The other names this number goes by (other sources, or a second contact), for a hover. */
  others: NameCandidate[];
}

const RANK: Record<NameSource, number> = Object.fromEntries(NAME_SOURCES.map((s, i) => [s, i])) as Record<NameSource, number>;

/**
 * The best name for a number: the user's own contact first (they chose it), then the company
 * directory, then whatever the call log carried. Names differing only in case count once;
 * every other name is kept for the hover.
 */
export function resolveName(candidates: readonly NameCandidate[]): ResolvedName {
  const ordered = candidates
    .map((c) => ({ source: c.source, name: c.name.trim() }))
    .filter((c) => c.name !== '')
    .sort((a, b) => RANK[a.source] - RANK[b.source] || a.name.localeCompare(b.name));
  const seen = new Set<string>();
  const distinct = ordered.filter((c) => !seen.has(c.name.toLowerCase()) && seen.add(c.name.toLowerCase()));
  const [best, ...others] = distinct;
  return { name: best?.name ?? null, source: best?.source ?? null, others };
}

/** How often each source is fetched again, and how soon after a failure. */
export const CONTACTS_REFRESH_MS = 12 * 3600_000;
export const CONTACTS_RETRY_MS = 30 * 60_000;

export interface SourceSyncState {
  /** Last complete fetch (epoch ms), null when never. */
  lastSuccess: number | null;
  /** Last failed attempt, null when the last attempt succeeded. */
  lastFailure: number | null;
  /** Address book: the sync token of the last complete sync (the next one asks only what changed). */
  syncToken?: string;
  /** Directory: the ETag of each page of the last complete fetch (the next one asks "changed?"). */
  etags?: string[];
}

/**
 * Which name sources are due: a source is fetched when it never was, when its copy is older
 * than the refresh interval, or a while after a failure (never in a tight loop). With at most
 * two refreshes a day, the address book (Heavy, 10 a minute) and the directory (Medium) cost a
 * handful of requests a day, sent at sync priority so calls always go first; and a refresh of
 * unchanged names is one incremental sync and one 304 (ContactsSync).
 */
export function contactsRefreshPlan(
  state: Record<'contact' | 'directory', SourceSyncState>,
  now: number,
  refreshMs = CONTACTS_REFRESH_MS,
  retryMs = CONTACTS_RETRY_MS,
): Array<'contact' | 'directory'> {
  return (['contact', 'directory'] as const).filter((source) => {
    const { lastSuccess, lastFailure } = state[source];
    if (lastFailure !== null && now - lastFailure < retryMs) return false;
    return lastSuccess === null || now - lastSuccess >= refreshMs || now < lastSuccess;
  });
}

/** The name cache: replaced per source after a complete fetch, read per number. */
export class ContactNames {
  private readonly bySource: StatementSync;
  private readonly insert: StatementSync;
  private readonly forDigits: StatementSync;
  private readonly callLogName: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.bySource = db.prepare('DELETE FROM contact_names WHERE source = ?');
    this.insert = db.prepare('INSERT OR IGNORE INTO contact_names (digits, source, name) VALUES (?, ?, ?)');
    this.forDigits = db.prepare('SELECT source, name FROM contact_names WHERE digits = ?');
    this.callLogName = db.prepare('SELECT name FROM parties WHERE digits = ? AND name IS NOT NULL');
  }

  /** Replaces one source's names (a complete fetch), in the caller's transaction. */
  replaceSource(source: 'contact' | 'directory', entries: Iterable<{ number: string; name: string }>): number {
    this.bySource.run(source);
    let count = 0;
    for (const { number, name } of entries) {
      const digits = digitsOf(number);
      if (!digits || !name.trim()) continue;
      this.insert.run(digits, source, name.trim());
      count++;
    }
    return count;
  }

  /** Every name known for a number, the call log's included (`callLogName` when the caller has it at hand). */
  candidates(number: string | null | undefined, callLogName?: string | null): NameCandidate[] {
    const digits = digitsOf(number);
    if (!digits) return callLogName ? [{ source: 'callLog', name: callLogName }] : [];
    const cached = this.forDigits.all(digits) as Array<{ source: NameSource; name: string }>;
    const fromLog = callLogName ?? (this.callLogName.get(digits) as { name: string } | undefined)?.name ?? null;
    return fromLog ? [...cached, { source: 'callLog', name: fromLog }] : cached;
  }

  resolve(number: string | null | undefined, callLogName?: string | null): ResolvedName {
    return resolveName(this.candidates(number, callLogName));
  }
}
