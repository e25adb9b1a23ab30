/** Words of the Team analytics screen (issue 29), derived when shown; the outcome names are the personal analytics'. */
import type { LegState } from '../../../src-shared/leg-state';

export const teamMessages = {
  title: 'Team analytics',
  link: 'Team analytics',
  back: 'My analytics',
  people: 'Answer rates per person',
  peopleNote: 'Members see their own row; admins and leads see everyone’s.',
  columns: { person: 'Person', calls: 'RingOut calls', yours: 'Their own phone answered', theirs: 'Called phone answered', failed: 'Failed' },
  byHour: 'The team by hour of day',
  topFailed: 'Numbers that failed most across the team',
  failedColumns: { rank: '#', number: 'Number', failed: 'Failed', calls: 'Calls' },
  failedStates: { busy: 'Busy', noAnswer: 'No answer', rejected: 'Declined', failed: 'Failed' } as Partial<Record<LegState, string>>,
  exportTable: (what: string) => `Export ${what} as CSV`,
  exportShort: 'Export CSV',
  teamCalls: 'Team RingOut calls',
  teamRate: 'Called phone answered (team)',
  nothing: 'The team archive has no RingOut calls in this period.',
  extension: (id: string) => `Extension ${id}`,
};
