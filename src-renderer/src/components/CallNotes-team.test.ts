/**
 * The note area in team mode (issue 29): who wrote the note and disposition, "Not yet shared with
 * your team" while an edit waits, the team's newer note taken in, and an edit of this desktop that
 * a newer team edit replaced, with "Use mine". Words from the facts, at display time.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../../test-support/fake-bridge';
import type { TeamNoteView } from '../../../src-shared/team-notes';
import { format } from '../lib/messages';
import { RingsideClient } from '../lib/ringside-client';
import { teamNoteLines } from '../lib/team-note-messages';
import { AnnotationsState } from '../state/annotations-state.svelte';
import CallNotes from './CallNotes.svelte';

const AT = Date.UTC(2026, 11, 4, 14, 14);
const EARLIER = Date.UTC(2026, 11, 4, 13, 5);
const field = (over: Partial<TeamNoteView['fields'][number]>): TeamNoteView['fields'][number] => ({
  field: 'note',
  by: 'Sam Lee',
  byYou: false,
  at: AT,
  pending: false,
  elsewhere: null,
  replaced: null,
  ...over,
});

function setup(view: TeamNoteView | null, local = { note: 'Mine, older', disposition: null as string | null }) {
  const bridge = new FakeBridge(
    {},
    {
      'dispositions.list': () => ({ ok: true, value: ['Reached', 'Call back'] }),
      'call.annotation': () => ({ ok: true, value: local }),
      'call.teamNote': () => (view ? { ok: true, value: view } : { ok: false, error: { code: 'NOT_FOUND', message: 'no' } }),
    },
  );
  render(CallNotes, { annotations: new AnnotationsState(new RingsideClient(bridge)), callRef: { id: 'RO' } });
  return bridge;
}

describe('the note area in team mode', () => {
  it("takes the team's newer note and says who wrote each field and when", async () => {
    setup({
      on: true,
      reachable: true,
      refined: true,
      annotation: { note: 'Price agreed, send contract', disposition: 'Call back' },
      fields: [field({}), field({ field: 'disposition', by: 'alex_kim', byYou: true })],
    });
    expect(await screen.findByText(`Note by Sam Lee · ${format.listDate(AT)}`)).toBeTruthy();
    expect(screen.getByText(`Disposition by you · ${format.listDate(AT)}`)).toBeTruthy();
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Price agreed, send contract');
    expect((screen.getByLabelText('Disposition') as HTMLSelectElement).value).toBe('Call back');
  });

  it('says quietly what is not yet shared, and why', async () => {
    setup({
      on: true,
      reachable: false,
      refined: false,
      annotation: { note: 'Mine, older', disposition: null },
      fields: [field({ pending: true, by: null, at: null })],
    });
    expect(await screen.findByText(/Not yet shared with your team/)).toBeTruthy();
    expect(screen.getByText(/The team archive does not answer: it is kept here and sent when it does\./)).toBeTruthy();
    expect(screen.queryByText(/^Note by/)).toBeNull();
  });

  it('shows an edit of this desktop a newer team edit replaced; "Use mine" puts it back to save', async () => {
    setup({
      on: true,
      reachable: true,
      refined: true,
      annotation: { note: 'Lead: price agreed', disposition: null },
      fields: [field({ replaced: { value: 'Offline: send the brochure', editedAt: EARLIER } })],
    });
    expect(await screen.findByText(`Your note from ${format.listDate(EARLIER)} was replaced by Sam Lee's newer one:`, { exact: false })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Use mine' }));
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Offline: send the brochure');
  });

  it('team mode off (or no answer): nothing of it is shown', async () => {
    const bridge = setup(null);
    await screen.findByDisplayValue('Mine, older');
    expect(bridge.calls.some((c) => c.channel === 'call.teamNote')).toBe(true);
    expect(screen.queryByText(/team/i)).toBeNull();
    expect(
      teamNoteLines({ on: false, reachable: null, refined: false, annotation: { note: null, disposition: null }, fields: [field({ pending: true })] }),
    ).toEqual({
      signed: [],
      pending: null,
      elsewhere: [],
      replaced: [],
    });
  });
});
