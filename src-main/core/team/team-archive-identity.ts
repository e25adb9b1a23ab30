/**
 * Which team archive an address points at (issue 29), so an edit made for one archive is never
 * sent to another: host, port and database, as pg reads the address (defaults included). The
 * login and password are not part of it: another login to the same database is the same archive.
 * Loaded without the PostgreSQL driver (a desktop without team mode never loads it).
 */
import { parse as parseConnectionString } from 'pg-connection-string';
import { TEAM_ARCHIVE_DEFAULT_PORT, type TeamArchiveAddress } from '../../../src-shared/team-notes';

/** The archive an address points at; null when it is not a postgres:// address. */
export function teamArchiveAddress(url: string): TeamArchiveAddress | null {
  if (!/^postgres(ql)?:\/\//.test(url)) return null;
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(url);
  } catch {
    return null;
  }
  // pg's own defaults: localhost, 5432, and a database named after the login.
  const host = (parsed.host || 'localhost').replace(/^\[|\]$/g, '');
  return {
    host: host.startsWith('/') ? host.replace(/\/+$/, '') : host.toLowerCase(),
    port: Number(parsed.port) || TEAM_ARCHIVE_DEFAULT_PORT,
    database: parsed.database || parsed.user || '',
  };
}

/** The archive as the local archive stores it with each edit (one spelling per archive, compared as text). */
export function teamArchiveKey(address: TeamArchiveAddress): string {
  return JSON.stringify([address.host, address.port, address.database]);
}

/** A stored key read back; null for anything else (never thrown: a stored row is not trusted blindly). */
export function teamArchiveOfKey(key: string): TeamArchiveAddress | null {
  try {
    const [host, port, database] = JSON.parse(key) as unknown[];
    return typeof host === 'string' && typeof port === 'number' && typeof database === 'string' ? { host, port, database } : null;
  } catch {
    return null;
  }
}
