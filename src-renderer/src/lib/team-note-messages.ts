/**
 * Words for a call's note shared with the team (issue 29): who wrote each field and when, what
 * is not yet shared, and an edit of this desktop a newer team edit replaced. Derived from the
 * facts of `call.teamNote` each time they are shown.
 */
import {
  TEAM_ARCHIVE_DEFAULT_PORT,
  type TeamArchiveAddress,
  type TeamNoteField,
  type TeamNoteFieldView,
  type TeamNoteView,
} from '../../../src-shared/team-notes';
import { format } from './messages';

/** A team archive as people know it: "db.acme.example/sales" (the port when not the usual one), or "sales on this computer" (a socket folder). */
export function teamArchiveName(archive: TeamArchiveAddress): string {
  const port = archive.port === TEAM_ARCHIVE_DEFAULT_PORT ? null : archive.port;
  if (archive.host.startsWith('/')) return `${archive.database} on this computer${port === null ? '' : ` (port ${port})`}`;
  const host = archive.host.includes(':') ? `[${archive.host}]` : archive.host;
  return `${host}${port === null ? '' : `:${port}`}/${archive.database}`;
}

const FIELD_WORDS: Record<TeamNoteField, { signed: string; your: string }> = {
  note: { signed: 'Note', your: 'note' },
  disposition: { signed: 'Disposition', your: 'disposition' },
  favourite: { signed: 'Star', your: 'star' },
};

export const teamNoteMessages = {
  by: (field: TeamNoteField, who: string, at: number) => `${FIELD_WORDS[field].signed} by ${who} · ${format.listDate(at)}`,
  you: 'you',
  notShared: 'Not yet shared with your team',
  notSharedWhy: (reachable: boolean | null) =>
    reachable === false
      ? 'The team archive does not answer: it is kept here and sent when it does.'
      : 'The call is not in the team archive yet: it is kept here and sent once it is.',
  /** An edit made while another team archive was set: it waits for that one. */
  elsewhere: (archive: TeamArchiveAddress) => `Waiting for the team archive ${teamArchiveName(archive)}`,
  elsewhereWhy: 'It was made for that archive, not the one set now: it is kept here and sent when you switch back to it.',
  replaced: (field: TeamNoteField, who: string, editedAt: number | null) =>
    `Your ${FIELD_WORDS[field].your}${editedAt === null ? '' : ` from ${format.listDate(editedAt)}`} was replaced by ${who}'s newer one:`,
  useMine: 'Use mine',
  starred: (value: boolean) => (value ? 'starred' : 'not starred'),
};

export interface TeamNoteLines {
  /** "Note by Sam Lee · Dec 4, 2:14 PM", one per field the team signed (favourite left to the star). */
  signed: string[];
  /** Set when something edited here waits for the team archive set now: the quiet line and why. */
  pending: { line: string; why: string } | null;
  /** Edits waiting for another team archive than the one set now, one line per archive. */
  elsewhere: Array<{ line: string; why: string }>;
  /** Edits of this desktop a newer team edit replaced, with what they said. */
  replaced: Array<{ field: TeamNoteField; line: string; value: string }>;
}

const who = (field: TeamNoteFieldView) => (field.byYou ? teamNoteMessages.you : (field.by ?? ''));

export function teamNoteLines(view: TeamNoteView | null): TeamNoteLines {
  const lines: TeamNoteLines = { signed: [], pending: null, elsewhere: [], replaced: [] };
  if (!view?.on) return lines;
  const order: TeamNoteField[] = ['note', 'disposition', 'favourite'];
  for (const field of [...view.fields].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))) {
    if (!field.pending && field.by !== null && field.at !== null && field.field !== 'favourite')
      lines.signed.push(teamNoteMessages.by(field.field, who(field), field.at));
    if (field.replaced && field.by !== null && !field.pending) {
      const value = typeof field.replaced.value === 'boolean' ? teamNoteMessages.starred(field.replaced.value) : (field.replaced.value ?? '');
      lines.replaced.push({ field: field.field, line: teamNoteMessages.replaced(field.field, who(field), field.replaced.editedAt), value });
    }
  }
  if (view.fields.some((f) => f.pending && !f.elsewhere))
    lines.pending = { line: teamNoteMessages.notShared, why: teamNoteMessages.notSharedWhy(view.reachable) };
  const others = new Set(view.fields.flatMap((f) => (f.pending && f.elsewhere ? [teamNoteMessages.elsewhere(f.elsewhere)] : [])));
  lines.elsewhere = [...others].map((line) => ({ line, why: teamNoteMessages.elsewhereWhy }));
  return lines;
}
