/**
 * Team mode (issue 29): an edit waiting for another team archive than the one set now. The note
 * area names that archive (host/database) instead of "Not yet shared with your team", and
 * Settings → Team archive says how many edits wait for which archive. Words from the facts, at
 * display time.
 */
import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TeamArchiveView } from '../../../src-shared/team-analytics';
import type { TeamArchiveAddress, TeamNoteView } from '../../../src-shared/team-notes';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { RingsideClient } from '../lib/ringside-client';
import { teamArchiveName, teamNoteLines } from '../lib/team-note-messages';
import { AnnotationsState } from '../state/annotations-state.svelte';
import CallNotes from './CallNotes.svelte';
import TeamArchiveSettings from './TeamArchiveSettings.svelte';

const SALES: TeamArchiveAddress = { host: 'db.acme.example', port: 5432, database: 'sales' };
const field = (over: Partial<TeamNoteView['fields'][number]>): TeamNoteView['fields'][number] => ({
  field: 'note',
  by: null,
  byYou: false,
  at: null,
  pending: true,
  elsewhere: null,
  replaced: null,
  ...over,
});
const view = (fields: TeamNoteView['fields']): TeamNoteView => ({
  on: true,
  reachable: true,
  refined: false,
  annotation: { note: 'For Acme', disposition: null },
  fields,
});

describe('a team archive named for people', () => {
  it('host/database; the port only when not the usual one; a socket folder is this computer', () => {
    expect(teamArchiveName(SALES)).toBe('db.acme.example/sales');
    expect(teamArchiveName({ ...SALES, port: 6432 })).toBe('db.acme.example:6432/sales');
    expect(teamArchiveName({ host: '/run/postgresql', port: 5432, database: 'team' })).toBe('team on this computer');
    expect(teamArchiveName({ host: '/run/postgresql', port: 5433, database: 'team' })).toBe('team on this computer (port 5433)');
    expect(teamArchiveName({ host: '::1', port: 5433, database: 'team' })).toBe('[::1]:5433/team');
  });
});

describe('the note area: an edit waiting for another team archive', () => {
  it('names the archive it waits for and when it goes, not "Not yet shared with your team"', async () => {
    const bridge = new FakeBridge(
      {},
      {
        'dispositions.list': () => ({ ok: true, value: ['Reached'] }),
        'call.annotation': () => ({ ok: true, value: { note: 'For Acme', disposition: null } }),
        'call.teamNote': () => ({ ok: true, value: view([field({ elsewhere: SALES })]) }),
      },
    );
    render(CallNotes, { annotations: new AnnotationsState(new RingsideClient(bridge)), callRef: { id: 'RO' } });
    expect(await screen.findByText(/Waiting for the team archive db\.acme\.example\/sales/)).toBeTruthy();
    expect(screen.getByText('It was made for that archive, not the one set now: it is kept here and sent when you switch back to it.')).toBeTruthy();
    expect(screen.queryByText(/Not yet shared with your team/)).toBeNull();
  });

  it('one line per archive; an edit waiting for the archive set now keeps its own line', () => {
    const lines = teamNoteLines(
      view([
        field({ elsewhere: SALES }),
        field({ field: 'disposition', elsewhere: SALES }),
        field({ field: 'favourite', elsewhere: { ...SALES, database: 'support' } }),
      ]),
    );
    expect(lines.elsewhere.map((l) => l.line)).toEqual([
      'Waiting for the team archive db.acme.example/sales',
      'Waiting for the team archive db.acme.example/support',
    ]);
    expect(lines.pending).toBeNull();
    const mixed = teamNoteLines(view([field({ elsewhere: SALES }), field({ field: 'disposition' })]));
    expect(mixed.pending?.line).toBe('Not yet shared with your team');
    expect(mixed.elsewhere).toHaveLength(1);
  });
});

describe('Settings → Team archive: edits waiting for another archive', () => {
  const off: TeamArchiveView = { url: null, hasPassword: false, fromEnvironment: false, reachable: null, waitingElsewhere: [] };

  it('says how many wait and for which archive; the line goes once switched back to it', async () => {
    let current: TeamArchiveView = { ...off, url: 'postgres://casey@db.other.example/team', waitingElsewhere: [{ archive: SALES, edits: 2 }] };
    const bridge = new FakeBridge(
      {},
      {
        'teamArchive.get': () => ({ ok: true, value: current }),
        'teamArchive.set': () => {
          current = { ...off, url: 'postgres://casey@db.acme.example/sales', hasPassword: true, reachable: true };
          return { ok: true, value: current };
        },
      },
    );
    render(TeamArchiveSettings, { client: new RingsideClient(bridge) });
    expect((await screen.findByRole('note')).textContent).toBe(
      '2 edits made for the team archive db.acme.example/sales wait here: they are sent when you switch back to it.',
    );
    screen.getByRole('button', { name: 'Save and check' }).click();
    await waitFor(() => expect(screen.queryByRole('note')).toBeNull());
  });

  it('one edit, said as one', async () => {
    const bridge = new FakeBridge({}, { 'teamArchive.get': () => ({ ok: true, value: { ...off, waitingElsewhere: [{ archive: SALES, edits: 1 }] } }) });
    render(TeamArchiveSettings, { client: new RingsideClient(bridge) });
    expect((await screen.findByRole('note')).textContent).toBe(
      '1 edit made for the team archive db.acme.example/sales waits here: it is sent when you switch back to it.',
    );
  });
});
