/**
 * Notes, dispositions and favourites between a desktop's local archive and the team archive
 * (issue 29). The local save comes first and is never lost; each edited field waits in the
 * local archive (team-shares.ts) until the team archive has it.
 *
 * The rule for concurrent edits is the team archive's own, per field: the newest by the server's
 * clock wins. An edit sent late (made while the archive did not answer) carries the time it was
 * made, on the server's clock (this computer's clock plus the offset measured when the archive
 * answered), so a team edit made after it stays, and this desktop takes the team's value, keeping
 * its own as "replaced" to show and restore. Reading a call refines the local fields with any
 * newer team edit (by someone else, or on another desktop) and remembers who wrote it and when.
 */
import type pg from 'pg';
import { UNCONFIRMED_PREFIX } from '../history/archive-rows';
import { TEAM_FIELDS, type TeamField, type TeamFieldValue, type TeamShareSide } from '../history/team-shares';
import { NotAnnotatableError, teamAnnotation, writeAnnotation, type AnnotationChange, type TeamAnnotation } from './team-annotations';

/** Milliseconds to add to this computer's clock to read the server's (half the round trip is the error). */
export async function serverClockOffset(client: pg.ClientBase, now: () => number = Date.now): Promise<number> {
  const before = now();
  const result = await client.query<{ ms: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms');
  const after = now();
  return Number(result.rows[0]!.ms) - (before + after) / 2;
}

interface TeamFieldState {
  value: TeamFieldValue;
  by: string | null;
  atMs: number | null;
}

function teamField(annotation: TeamAnnotation, field: TeamField): TeamFieldState {
  const at = annotation[`${field}At`];
  return { value: annotation[field], by: annotation[`${field}By`], atMs: at ? at.getTime() : null };
}

/** A note or disposition of nothing and an unstarred call are the same absence. */
const same = (a: TeamFieldValue, b: TeamFieldValue) => (a || null) === (b || null);

/**
 * Sends the edits waiting here for this team archive (`archive`: teamArchiveKey), oldest first;
 * edits made for another archive keep waiting for it. Throws when the archive does not answer
 * (they keep waiting). An edit of a call the team archive does not have yet (the collector has
 * not brought it, or a call still unconfirmed here) keeps waiting too.
 */
export async function shareWithTeam(
  client: pg.ClientBase,
  side: TeamShareSide,
  offsetMs: number,
  archive: string,
  limit = 1000,
): Promise<{ shared: number; waiting: number }> {
  let shared = 0;
  let waiting = 0;
  side.shares.claimUnrecorded(archive);
  for (const row of side.shares.pending(limit, archive)) {
    if (row.callId.startsWith(UNCONFIRMED_PREFIX)) {
      waiting++;
      continue;
    }
    const editedAt = row.editedMs === null ? undefined : new Date(row.editedMs + offsetMs);
    let written: Awaited<ReturnType<typeof writeAnnotation>>;
    try {
      written = await writeAnnotation(client, row.callId, { [row.field]: row.value } as AnnotationChange, { editedAt });
    } catch (error) {
      if (!(error instanceof NotAnnotatableError)) throw error;
      waiting++;
      continue;
    }
    const team = teamField(written.annotation, row.field);
    const kept = written.applied.includes(row.field);
    const lost = !kept && !same(team.value, row.value);
    // A newer edit made here while this one was on its way stays pending: it goes next.
    if (side.shares.settle(row.callId, row.field, team, lost ? { value: row.value, editedMs: row.editedMs } : null, row.editedMs, archive)) {
      if (lost) side.applyFromTeam(row.callId, row.field, team.value);
      shared++;
    }
  }
  return { shared, waiting };
}

/**
 * Refines this desktop's fields of a call with the team's newer ones (written by someone else
 * or on another desktop) from this team archive (`archive`). A field edited here and still
 * waiting (for this archive or another) is left to shareWithTeam. What another archive said of
 * a field is not this one's: as if unknown. A value here that the team never had is kept as
 * "replaced". Says whether anything here changed.
 */
export async function refreshFromTeam(client: pg.ClientBase, side: TeamShareSide, callId: string, archive: string): Promise<boolean> {
  const annotation = await teamAnnotation(client, callId);
  if (!annotation) return false;
  let refined = false;
  for (const field of TEAM_FIELDS) {
    const team = teamField(annotation, field);
    if (team.atMs === null) continue;
    const stored = side.shares.row(callId, field);
    if (stored?.pending) continue;
    const row = stored?.archive === archive ? stored : null;
    if (row && row.atMs === team.atMs) continue;
    const local = side.localValue(callId, field);
    const differs = !same(local, team.value);
    const replaced = differs && !row && local ? { value: local, editedMs: null } : null;
    if (!side.shares.settle(callId, field, team, replaced, null, archive)) continue;
    if (differs) {
      side.applyFromTeam(callId, field, team.value);
      refined = true;
    }
  }
  return refined;
}

/** Who this login is, and the name of each login bound to a person (the admin's name for it, else the directory's). */
export interface TeamAuthors {
  me: string;
  names: Map<string, string>;
}

export async function teamAuthors(client: pg.ClientBase): Promise<TeamAuthors> {
  const who = await client.query<{ me: string }>('SELECT session_user AS me');
  const named = await client.query<{ login: string; name: string }>('SELECT login, name FROM ringside_author_names()');
  return { me: who.rows[0]!.me, names: new Map(named.rows.map((row) => [row.login, row.name])) };
}
