/** Words of the Team analytics screen (issue 29), derived when shown; the outcome names are the personal analytics'. */
import type { LegState } from '../../../src-shared/leg-state';
import type { TeamEditsElsewhere } from '../../../src-shared/team-notes';
import { callCount } from './messages';
import { teamArchiveName } from './team-note-messages';

export const teamMessages = {
  title: 'Team analytics',
  link: 'Team analytics',
  back: 'My analytics',
  people: 'Answer rates per person',
  peopleNote: 'Members see their own row; admins and leads see everyone’s.',
  columns: {
    person: 'Person',
    department: 'Department',
    calls: 'RingOut calls',
    yours: 'Their own phone answered',
    theirs: 'Called phone answered',
    failed: 'Failed',
  },
  byHour: 'The team by hour of day',
  topFailed: 'Numbers that failed most across the team',
  failedColumns: { rank: '#', number: 'Number', failed: 'Failed', calls: 'Calls' },
  failedStates: { busy: 'Busy', noAnswer: 'No answer', rejected: 'Declined', failed: 'Failed' } as Partial<Record<LegState, string>>,
  exportTable: (what: string) => `Export ${what} as CSV`,
  exportShort: 'Export CSV',
  teamCalls: 'Team RingOut calls',
  teamRate: 'Called phone answered (team)',
  nothing: 'The team archive has no RingOut calls in this period.',
  /** A person the team archive's directory does not know (the collector has not read it yet, or never listed them): their extension id. */
  unlisted: (id: string) => `Not in the directory (extension id ${id})`,
  left: 'left the directory',
};

/** Settings → Team archive's words. */
export const teamArchiveMessages = {
  heading: 'Team archive',
  help: 'Team mode reads your team’s shared call archive (PostgreSQL). Ask your admin for its address and your login.',
  address: 'Address',
  addressPlaceholder: 'postgres://you@db.example.com:5432/ringside?sslmode=verify-full',
  addressHint: 'Any computer but this one is reached over TLS (sslmode=verify-full). Leave the password out of the address.',
  password: 'Password',
  passwordSaved: 'Saved (type a new one to replace it)',
  passwordHint: 'Kept in your system’s secret store, never in Ringside’s settings.',
  save: 'Save and check',
  turnOff: 'Turn team mode off',
  checking: 'Checking the team archive…',
  reachable: 'The team archive answered: team mode is on.',
  saved: 'Saved.',
  off: 'Team mode is off.',
  fromEnvironment: 'RINGSIDE_TEAM_DATABASE_URL is set: Ringside uses that address, not the one here.',
  /** Notes, dispositions or stars edited for another archive than this one, still waiting for it. */
  waitingElsewhere: ({ archive, edits }: TeamEditsElsewhere) =>
    `${callCount(edits, { one: 'edit', other: 'edits' })} made for the team archive ${teamArchiveName(archive)} ${edits === 1 ? 'waits here: it is' : 'wait here: they are'} sent when you switch back to it.`,
};
