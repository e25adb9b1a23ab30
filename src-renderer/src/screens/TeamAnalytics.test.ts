/** Issue 29: the Team analytics screen over a scripted bridge (the queries themselves: core/team/team-analytics.test.ts). */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { emptyCounts, type AnalyticsBucket } from '../../../src-shared/annotations';
import type { TeamAnalyticsReport } from '../../../src-shared/team-analytics';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import TeamAnalytics from './TeamAnalytics.svelte';

const bucket = (key: string, answered: number, busy: number, noAnswer = 0): AnalyticsBucket => ({
  key,
  calls: answered + busy + noAnswer,
  yours: { ...emptyCounts(), answered: answered + busy + noAnswer },
  theirs: { ...emptyCounts(), answered, busy, noAnswer },
});

/** A team report: the archive starting well inside the period, so the screen says what it covers. */
export function teamReport(now = Date.now()): TeamAnalyticsReport {
  return {
    from: now - 29 * 86_400_000,
    to: now,
    team: bucket('team', 30, 6, 4),
    byPerson: [
      { ...bucket('101', 18, 4, 2), name: 'Casey Morgan', extensionNumber: '201', department: 'Sales', goneSince: null },
      { ...bucket('103', 3, 1, 0), name: 'Dana Ruiz', extensionNumber: '205', department: null, goneSince: now - 5 * 86_400_000 },
      { ...bucket('102', 12, 2, 2), name: null, extensionNumber: null, department: null, goneSince: null },
    ],
    byHour: Array.from({ length: 24 }, (_, h) =>
      h === 10 ? bucket('10', 20, 4, 2) : h === 15 ? bucket('15', 10, 2, 2) : bucket(String(h).padStart(2, '0'), 0, 0),
    ),
    topFailed: [
      { number: '+12125550101', byState: { busy: 3, noAnswer: 1 }, failed: 4, calls: 9 },
      { number: '+12125550102', byState: { noAnswer: 2 }, failed: 2, calls: 2 },
    ],
    coverage: { firstCall: now - 10 * 86_400_000, lastCall: now - 60_000, collectedAt: now - 30_000 },
    timings: { byPerson: 1, byHour: 1, topFailed: 1, coverage: 1 },
  };
}

describe('Team analytics', () => {
  it('shows answer rates per person, the team by hour with a table alternative, the failed numbers and what the archive covers; exports a table', async () => {
    const bridge = new FakeBridge(
      {},
      {
        'team.analytics': () => ({ ok: true, value: teamReport() }),
        'team.analyticsExport': () => ({ ok: true, value: { saved: true, path: '/tmp/people.csv', rows: 2 } }),
      },
    );
    const app = new AppState(bridge);
    await app.start();
    render(TeamAnalytics, { app });
    // Casey: 18 of 24 called phones answered, with her extension number and department.
    const casey = (await screen.findByRole('rowheader', { name: 'Casey Morgan Ext. 201' })).closest('tr')!;
    expect(casey.textContent).toMatch(/Sales.*24.*100%.*75%.*6/);
    // Someone who left keeps their name, marked; someone the directory never listed reads so, by extension id.
    expect(screen.getByRole('rowheader', { name: 'Dana Ruiz Ext. 205 · left the directory' }).closest('tr')!.textContent).toMatch(/No department/);
    expect(screen.getByRole('rowheader', { name: 'Not in the directory (extension id 102)' })).toBeTruthy();
    expect(screen.getAllByRole('img', { name: /stacked bars/ })).toHaveLength(2);
    await fireEvent.click(screen.getAllByRole('button', { name: 'Show as table' })[1]!);
    expect(screen.getByRole('table', { name: /The team by hour of day: Their phone/ })).toBeTruthy();
    const failed = screen.getAllByRole('rowheader', { name: /212/ })[0]!.closest('tr')!;
    expect(failed.textContent).toMatch(/^1.*4.*3.*1.*0.*0.*9$/);
    expect(screen.getByRole('status').textContent).toMatch(/^Covers .* – today$/);
    await fireEvent.click(screen.getByRole('button', { name: 'Export Answer rates per person as CSV' }));
    await waitFor(() => expect(screen.getByText('Exported to /tmp/people.csv.')).toBeTruthy());
    expect(bridge.calls.find((c) => c.channel === 'team.analyticsExport')!.request).toMatchObject({ table: 'people' });
  });

  it('says how to turn team mode on when there is no team archive', async () => {
    const words = 'Team mode is off: enter the team archive’s address in Settings → Team archive (or set RINGSIDE_TEAM_DATABASE_URL).';
    const bridge = new FakeBridge({}, { 'team.analytics': () => ({ ok: false, error: { code: 'NOT_FOUND', message: words } }) });
    const app = new AppState(bridge);
    await app.start();
    render(TeamAnalytics, { app });
    expect(await screen.findByText(words)).toBeTruthy();
  });
});
