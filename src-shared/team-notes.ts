/**
 * Team mode (issue 29): what a call's detail shows of its note, disposition and favourite shared
 * with the team: who wrote each and when, what has not reached the team archive yet, and a value
 * of this desktop a newer team edit replaced. Facts only; the words are the renderer's.
 */
import type { Annotation } from './annotations';

export type TeamNoteField = 'note' | 'disposition' | 'favourite';

/** PostgreSQL's port, when an address names none. */
export const TEAM_ARCHIVE_DEFAULT_PORT = 5432;

/**
 * Which team archive something belongs to: host, port and database of its address (a login or
 * password does not make another archive). A host starting with "/" is a socket folder on this computer.
 */
export interface TeamArchiveAddress {
  host: string;
  port: number;
  database: string;
}

/** Edits made here for a team archive other than the one configured now: they wait for it. */
export interface TeamEditsElsewhere {
  archive: TeamArchiveAddress;
  edits: number;
}

export interface TeamNoteFieldView {
  field: TeamNoteField;
  /** Who wrote the value shown: their name in the team archive, else their database login; null until the team said. */
  by: string | null;
  byYou: boolean;
  /** When (ms since 1970, the team archive's clock); null until the team said. */
  at: number | null;
  /** Edited here, not yet in the team archive (kept here, sent when it answers). */
  pending: boolean;
  /** Set when the pending edit was made for another team archive than the one configured now: it waits for that one. */
  elsewhere: TeamArchiveAddress | null;
  /** This desktop's value that a newer team edit replaced, and when it was made here. */
  replaced: { value: string | boolean | null; editedAt: number | null } | null;
}

export interface TeamNoteView {
  /** Team mode is on (an archive is configured); when off, nothing else applies. */
  on: boolean;
  /** Whether the team archive answered this time (null: not asked). */
  reachable: boolean | null;
  fields: TeamNoteFieldView[];
  /** The call's note and disposition here, after the team's newer ones were taken. */
  annotation: Annotation;
  /** Whether the team's newer values changed something here (the list shows them). */
  refined: boolean;
}
