/**
 * Notes, dispositions and favourites in the team archive, shared by the team. Each field keeps
 * who wrote it (the database login) and when (the server's clock); of two writes to one field
 * the newer by server time wins, whichever commits last; writes to different fields never undo
 * each other. `version` counts the writes that took effect. Row-level security decides whose
 * calls a person may annotate (their own; a lead everyone's).
 */
import type pg from 'pg';

export interface TeamAnnotation {
  callId: string;
  note: string | null;
  noteBy: string | null;
  noteAt: Date | null;
  disposition: string | null;
  dispositionBy: string | null;
  dispositionAt: Date | null;
  favourite: boolean;
  favouriteBy: string | null;
  favouriteAt: Date | null;
  version: number;
}

export interface AnnotationChange {
  note?: string | null;
  disposition?: string | null;
  favourite?: boolean;
}

/** The column triple of each field (fixed names: never from input). */
const FIELDS = { note: 'note', disposition: 'disposition', favourite: 'favourite' } as const;

interface AnnotationRow {
  call_id: string;
  note: string | null;
  note_by: string | null;
  note_at: Date | null;
  disposition: string | null;
  disposition_by: string | null;
  disposition_at: Date | null;
  favourite: boolean;
  favourite_by: string | null;
  favourite_at: Date | null;
  version: number;
}

const toAnnotation = (row: AnnotationRow): TeamAnnotation => ({
  callId: row.call_id,
  note: row.note,
  noteBy: row.note_by,
  noteAt: row.note_at,
  disposition: row.disposition,
  dispositionBy: row.disposition_by,
  dispositionAt: row.disposition_at,
  favourite: row.favourite,
  favouriteBy: row.favourite_by,
  favouriteAt: row.favourite_at,
  version: row.version,
});

/** A call's annotation as this login may see it (null: none, or not theirs to see). */
export async function teamAnnotation(client: pg.ClientBase, callId: string): Promise<TeamAnnotation | null> {
  const result = await client.query<AnnotationRow>('SELECT * FROM call_annotations WHERE call_id = $1', [callId]);
  return result.rows[0] ? toAnnotation(result.rows[0]) : null;
}

/** A call that is not in the team archive, or not this login's to annotate (row-level security). */
export class NotAnnotatableError extends Error {
  constructor(callId: string) {
    super(`No call ${callId} that you may annotate`);
    this.name = 'NotAnnotatableError';
  }
}

/**
 * Writes the given fields, each stamped with this login and the server's clock. Returns the
 * annotation after it (a field a newer write already set keeps that write) and which fields
 * took effect. Throws NotAnnotatableError when the call is not one this login may annotate.
 *
 * `editedAt` (on the server's clock): when the edit was made, for an edit sent later (made while
 * the archive did not answer). It is stamped instead of the server's now, never later than now,
 * so a team edit made in between, newer, stays; no one can claim a time still to come.
 */
export async function annotateTeamCall(
  client: pg.ClientBase,
  callId: string,
  change: AnnotationChange,
  options: { editedAt?: Date } = {},
): Promise<TeamAnnotation> {
  return (await writeAnnotation(client, callId, change, options)).annotation;
}

/** annotateTeamCall, also saying which fields took effect (the others: a newer write stays). */
export async function writeAnnotation(
  client: pg.ClientBase,
  callId: string,
  change: AnnotationChange,
  options: { editedAt?: Date } = {},
): Promise<{ annotation: TeamAnnotation; applied: Array<keyof AnnotationChange> }> {
  const applied: Array<keyof AnnotationChange> = [];
  const stamp = options.editedAt ? 'least(clock_timestamp(), $3::timestamptz)' : 'clock_timestamp()';
  for (const key of Object.keys(FIELDS) as Array<keyof typeof FIELDS>) {
    if (!(key in change) || change[key] === undefined) continue;
    const field = FIELDS[key];
    const value = change[key];
    const written = await client.query(
      `INSERT INTO call_annotations AS a (call_id, extension_id, ${field}, ${field}_by, ${field}_at)
       SELECT c.id, c.extension_id, $2, session_user, ${stamp} FROM calls c WHERE c.id = $1 LIMIT 1
       ON CONFLICT (call_id) DO UPDATE SET ${field} = excluded.${field}, ${field}_by = excluded.${field}_by, ${field}_at = excluded.${field}_at,
         version = a.version + 1
       WHERE a.${field}_at IS NULL OR a.${field}_at <= excluded.${field}_at`,
      options.editedAt ? [callId, value, options.editedAt] : [callId, value],
    );
    if (written.rowCount === 0 && !(await teamAnnotation(client, callId))) throw new NotAnnotatableError(callId);
    if (written.rowCount) applied.push(key);
  }
  const after = await teamAnnotation(client, callId);
  if (!after) throw new NotAnnotatableError(callId);
  return { annotation: after, applied };
}
