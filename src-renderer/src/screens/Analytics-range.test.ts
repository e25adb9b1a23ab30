import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { emptyCounts, type AnalyticsReport, type AnalyticsRequest } from '../../../src-shared/annotations';
import { IDLE_SYNC } from '../../../src-shared/history';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { shortDay } from '../lib/analytics-range';
import { AppState } from '../state/app-state.svelte';
import Analytics from './Analytics.svelte';

/** Issue 27: Analytics says what the archive covers of the period, and offers a custom date range. */

const DAY = 86_400_000;
const reportFor = (request: AnalyticsRequest): AnalyticsReport => ({
  from: request.from,
  to: request.to,
  calls: 0,
  yours: emptyCounts(),
  theirs: emptyCounts(),
  byDay: [],
  byWeek: [],
  byMonth: [],
  byHour: [],
  topFailed: [],
  timings: { byDay: 1, byHour: 1, topFailed: 1 },
});

async function show(completeFrom: number | null) {
  const bridge = new FakeBridge(
    { sync: { ...IDLE_SYNC, completeFrom } },
    { 'analytics.query': (request) => ({ ok: true, value: reportFor(request as AnalyticsRequest) }) },
  );
  const app = new AppState(bridge);
  await app.start();
  render(Analytics, { app });
  return bridge;
}

const queries = (bridge: FakeBridge) => bridge.calls.filter((c) => c.channel === 'analytics.query').map((c) => c.request as AnalyticsRequest);
const isoDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('Analytics coverage and custom range', () => {
  it('says "Covers <day> – today" when the archive starts later than the period', async () => {
    const completeFrom = Date.now() - 10 * DAY;
    await show(completeFrom);
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'year' } });
    expect(await screen.findByText(`Covers ${shortDay(completeFrom, Date.now())} – today`)).toBeTruthy();
  });

  it('says nothing of coverage when the archive covers the whole period', async () => {
    const bridge = await show(Date.now() - 400 * DAY);
    await waitFor(() => expect(queries(bridge)).toHaveLength(1));
    expect(screen.queryByText(/^Covers /)).toBeNull();
  });

  it('a custom range asks for its days, and refuses a backwards one in words without asking', async () => {
    const bridge = await show(null);
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'custom' } });
    const from = screen.getByLabelText('From') as HTMLInputElement;
    const to = screen.getByLabelText('To') as HTMLInputElement;
    const first = new Date(Date.now() - 60 * DAY);
    first.setHours(0, 0, 0, 0);
    const last = new Date(Date.now() - 50 * DAY);
    await fireEvent.input(from, { target: { value: isoDay(first.getTime()) } });
    await fireEvent.input(to, { target: { value: isoDay(last.getTime()) } });
    await waitFor(() => expect(queries(bridge).at(-1)?.from).toBe(first.getTime()));
    const asked = queries(bridge).at(-1)!;
    expect(new Date(asked.to + 1).getHours()).toBe(0);
    expect(isoDay(asked.to)).toBe(isoDay(last.getTime()));

    const before = queries(bridge).length;
    await fireEvent.input(to, { target: { value: isoDay(first.getTime() - 5 * DAY) } });
    expect((await screen.findByRole('alert')).textContent).toBe('The range ends before it starts: choose a last day on or after the first.');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(queries(bridge)).toHaveLength(before);
    expect((screen.getByRole('button', { name: 'Export CSV' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('a custom range the archive covers only in part says so, with the range’s last day', async () => {
    const completeFrom = Date.now() - 55 * DAY;
    await show(completeFrom);
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'custom' } });
    await fireEvent.input(screen.getByLabelText('From'), { target: { value: isoDay(Date.now() - 60 * DAY) } });
    const last = Date.now() - 50 * DAY;
    await fireEvent.input(screen.getByLabelText('To'), { target: { value: isoDay(last) } });
    expect(await screen.findByText(`Covers ${shortDay(completeFrom, Date.now())} – ${shortDay(last, Date.now())}`)).toBeTruthy();
  });
});
