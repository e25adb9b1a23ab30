/** Words of the Team board window (issue 29). Leg words come from messages.legState, as in the popover. */
import type { PresenceKind } from '../../../src-shared/team-board';
import type { LegTone } from './tone';

export const teamBoardMessages = {
  title: 'Team board',
  live: 'Live',
  polling: 'Reconnecting — showing the calls it knows',
  department: 'Department',
  allDepartments: 'All departments',
  onCallOnly: 'On a call only',
  person: 'Person',
  status: 'Now',
  yourPhone: 'Their phone',
  otherParty: 'Other party',
  noDepartment: 'No department',
  extension: (number: string) => `Ext. ${number}`,
  loading: 'Opening the team board…',
  signedOut: 'Sign in to see your team’s calls.',
  askAdmin: {
    title: 'Ask your admin',
    body: 'The team board shows everyone’s live calls, so RingCentral shows it only to admins and to the people an admin names as team leads. Your sign-in is not one of them.',
    next: 'Ask your RingCentral admin to make you a lead (a role with permission to see the company’s calls), then open the board again.',
  },
  unavailable: (problem: string) => `The team’s live calls cannot be followed right now (${problem}). Ringside keeps trying.`,
  empty: 'Nobody in the team directory yet.',
  emptyFilter: 'Nobody here is on a call right now.',
  presence: {
    idle: 'Free',
    ringing: 'Ringing',
    talking: 'Talking',
    busy: 'Busy',
    notAnswering: 'Not answering',
    failed: 'Call failed',
    ended: 'Call ended',
  } satisfies Record<PresenceKind, string>,
  summary: (counts: Partial<Record<PresenceKind, number>>) =>
    (['ringing', 'talking', 'busy', 'notAnswering'] as const)
      .filter((k) => counts[k])
      .map((k) => `${counts[k]} ${teamBoardMessages.presence[k].toLowerCase()}`)
      .join(' · ') || 'No calls right now',
};

/** A person's presence in the popover's colours (the leg-tone rule: amber ringing, green talking, red failed). */
export function presenceTone(kind: PresenceKind): LegTone {
  switch (kind) {
    case 'ringing':
      return 'progress';
    case 'talking':
      return 'success';
    case 'busy':
    case 'notAnswering':
    case 'failed':
      return 'failure';
    default:
      return 'neutral';
  }
}
