import type { AnalyticsOutcome, NameSource } from '../../../src-shared/annotations';
import { callCount } from './messages';

/** Words for names, notes, favourites and analytics (issue 21). */
export const whoMessages = {
  notes: {
    heading: 'Note and disposition',
    disposition: 'Disposition',
    none: 'No disposition',
    any: 'Any disposition',
    note: 'Note',
    notePlaceholder: 'Why you called, what was agreed…',
    save: 'Save note',
    saving: 'Saving…',
    saved: 'Saved.',
    shortcut: 'Ctrl+Enter saves',
    left: (n: number) => `${n} characters left`,
  },
  nameSource: { contact: 'your contacts', directory: 'company directory', callLog: 'call log' } satisfies Record<NameSource, string>,
  alsoKnownAs: (names: string[]) => `Also: ${names.join(', ')}`,
  quick: {
    favourites: 'Favourites',
    recents: 'Recent numbers',
    call: (who: string) => `Call ${who}`,
    callTitle: (who: string) => `Call ${who}: shows the number to confirm first`,
    star: (who: string) => `Add ${who} to favourites`,
    unstar: (who: string) => `Remove ${who} from favourites`,
    never: 'Not called yet',
  },
  dispositions: {
    heading: 'Dispositions',
    help: 'Offered for each call, one per line (up to 20, 40 characters each).',
    label: 'Dispositions, one per line',
    save: 'Save dispositions',
    saved: 'Dispositions saved.',
  },
  analytics: {
    title: 'Analytics',
    link: 'Analytics',
    back: 'Call list',
    period: 'Period',
    periods: { week: 'Last 7 days', month: 'Last 30 days', quarter: 'Last 90 days', year: 'Last 12 months' },
    exportCsv: 'Export CSV',
    exported: (path: string) => `Exported to ${path}.`,
    calls: (n: number) => callCount(n, { one: 'RingOut call', other: 'RingOut calls' }),
    callsLabel: 'RingOut calls',
    yourRate: 'Your phone answered',
    theirRate: 'Their phone answered',
    yours: 'Your phone',
    theirs: 'Their phone',
    byDay: 'By day',
    byWeek: 'By week',
    byMonth: 'By month',
    byHour: 'By hour of day',
    topFailed: 'Numbers whose phone failed most',
    topColumns: { rank: '#', who: 'Number', failed: 'Failed', calls: 'Calls' },
    showTable: 'Show as table',
    showChart: 'Show as chart',
    tableCaption: (what: string, side: string) => `${what}: ${side}, calls by outcome`,
    when: 'When',
    total: 'Total',
    empty: 'No RingOut calls in this period.',
    chartLabel: (what: string, side: string) => `${what}, ${side}: stacked bars of calls by outcome. A table with the same numbers follows.`,
  },
  outcome: {
    answered: 'Answered',
    busy: 'Busy',
    noAnswer: 'No answer',
    declined: 'Declined',
    voicemail: 'Voicemail',
    notCalled: 'Not called',
    other: 'Other',
  } satisfies Record<AnalyticsOutcome, string>,
};

/** "62%" of a part in a whole, "—" for none. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';
}
