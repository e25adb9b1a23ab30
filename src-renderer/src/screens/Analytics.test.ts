import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { emptyCounts, type AnalyticsBucket, type AnalyticsReport } from '../../../src-shared/annotations';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import CallNotes from '../components/CallNotes.svelte';
import Analytics from './Analytics.svelte';

const bucket = (key: string, answered: number, busy: number, notCalled: number): AnalyticsBucket => ({
  key,
  calls: answered + busy + notCalled,
  yours: { ...emptyCounts(), answered: answered + busy, busy: notCalled },
  theirs: { ...emptyCounts(), answered, busy, notCalled },
});

const report: AnalyticsReport = {
  from: Date.UTC(2026, 10, 22),
  to: Date.UTC(2026, 10, 24),
  calls: 20,
  yours: { ...emptyCounts(), answered: 16, busy: 4 },
  theirs: { ...emptyCounts(), answered: 12, busy: 4, notCalled: 4 },
  byDay: [bucket('2026-11-22', 6, 2, 2), bucket('2026-11-23', 6, 2, 2)],
  byWeek: [bucket('2026-11-16', 6, 2, 2), bucket('2026-11-23', 6, 2, 2)],
  byMonth: [bucket('2026-11', 12, 4, 4)],
  byHour: Array.from({ length: 24 }, (_, h) => (h === 9 ? bucket('09', 12, 4, 4) : bucket(String(h).padStart(2, '0'), 0, 0, 0))),
  topFailed: [{ number: '+12125550101', name: 'Marcus Bell', failed: 4, calls: 6 }],
  timings: { byDay: 1, byHour: 1, topFailed: 1 },
};

describe('Analytics', () => {
  it('shows both answer rates, charts with a table alternative, and the top failed numbers', async () => {
    const bridge = new FakeBridge(
      {},
      {
        'analytics.query': () => ({ ok: true, value: report }),
        'analytics.export': () => ({ ok: true, value: { saved: true, path: '/tmp/a.csv', rows: 27 } }),
      },
    );
    const app = new AppState(bridge);
    await app.start();
    render(Analytics, { app });
    // Yours: 16 of 20; theirs: 12 of the 16 calls where their phone was dialled.
    expect(await screen.findByText('80%')).toBeTruthy();
    expect(screen.getByText('75%')).toBeTruthy();
    expect(screen.getAllByRole('img', { name: /stacked bars/ })).toHaveLength(4);
    expect(screen.getByRole('rowheader', { name: /Marcus Bell/ })).toBeTruthy();
    await fireEvent.click(screen.getAllByRole('button', { name: 'Show as table' })[1]!);
    const table = screen.getByRole('table', { name: /By day: Their phone/ });
    expect(table.textContent).toMatch(/Answered.*Busy/);
    expect(screen.getAllByRole('img', { name: /stacked bars/ })).toHaveLength(3);
    const request = bridge.calls.find((c) => c.channel === 'analytics.query')!.request as { from: number; to: number; utcOffsetMinutes: number };
    expect(request.to - request.from).toBeGreaterThan(29 * 86_400_000);
    expect(request.utcOffsetMinutes).toBe(-new Date().getTimezoneOffset());
    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(screen.getByText('Exported to /tmp/a.csv.')).toBeTruthy());
  });
});

describe('CallNotes', () => {
  it('loads the call’s note, offers the user’s dispositions and saves with Ctrl+Enter', async () => {
    const bridge = new FakeBridge(
      {},
      {
        'dispositions.list': () => ({ ok: true, value: ['Reached', 'Call back'] }),
        'call.annotation': () => ({ ok: true, value: { note: 'first try', disposition: null } }),
        'call.annotate': (request) => ({ ok: true, value: (request as { annotation: { note: string | null; disposition: string | null } }).annotation }),
      },
    );
    render(CallNotes, { annotations: new AppState(bridge).annotations, callRef: { callId: 'c1' } });
    const note = (await screen.findByDisplayValue('first try')) as HTMLTextAreaElement;
    const select = screen.getByLabelText('Disposition') as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.value)).toEqual(['', 'Reached', 'Call back']));
    await fireEvent.change(select, { target: { value: 'Call back' } });
    await fireEvent.input(note, { target: { value: 'busy, try at 3' } });
    await fireEvent.keyDown(note, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(bridge.calls.some((c) => c.channel === 'call.annotate')).toBe(true));
    expect(bridge.calls.find((c) => c.channel === 'call.annotate')!.request).toEqual({
      ref: { callId: 'c1' },
      annotation: { note: 'busy, try at 3', disposition: 'Call back' },
    });
    expect(await screen.findByText('Saved.')).toBeTruthy();
  });
});
