import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { emptyCounts, type AnalyticsBucket, type AnalyticsReport } from '../../../src-shared/annotations';
import { FakeBridge } from '../../../test-support/fake-bridge';
import { AppState } from '../state/app-state.svelte';
import StackedBars from '../components/StackedBars.svelte';
import Analytics from './Analytics.svelte';

/** Issue 25, item 12: long periods grouped, Declined its own series, Other told apart, tables that keep their place. */

const bucket = (key: string, answered: number, declined: number, other: number): AnalyticsBucket => ({
  key,
  calls: answered + declined + other,
  yours: { ...emptyCounts(), answered: answered + declined + other },
  theirs: { ...emptyCounts(), answered, declined, other },
});

const days = Array.from({ length: 35 }, (_, i) => bucket(new Date(Date.UTC(2025, 10, 25) + i * 86_400_000).toISOString().slice(0, 10), 1, 0, 0));
const months = Array.from({ length: 13 }, (_, i) => bucket(`${i === 0 ? 2025 : 2026}-${String(i === 0 ? 11 : i).padStart(2, '0')}`, 20, 3, 1));
const report: AnalyticsReport = {
  from: Date.UTC(2025, 10, 25),
  to: Date.UTC(2026, 10, 24),
  calls: 1,
  yours: { ...emptyCounts(), answered: 1 },
  theirs: { ...emptyCounts(), declined: 1 },
  byDay: days,
  byWeek: Array.from({ length: 53 }, (_, i) => bucket(new Date(Date.UTC(2025, 10, 24) + i * 7 * 86_400_000).toISOString().slice(0, 10), 5, 1, 1)),
  byMonth: months,
  byHour: Array.from({ length: 24 }, (_, h) => bucket(String(h).padStart(2, '0'), 1, 1, 1)),
  topFailed: [],
  timings: { byDay: 1, byHour: 1, topFailed: 1 },
};

async function show() {
  const bridge = new FakeBridge({}, { 'analytics.query': () => ({ ok: true, value: report }) });
  const app = new AppState(bridge);
  await app.start();
  render(Analytics, { app });
  return bridge;
}

const bars = (chart: HTMLElement) => chart.querySelectorAll(':scope > g:not(.grid)').length;

describe('Analytics (issue 25)', () => {
  it('draws "Last 12 months" as months and "Last 90 days" as weeks, not a bar per day', async () => {
    await show();
    await screen.findAllByRole('img', { name: /^By day, Your phone/ }, { timeout: 5000 });
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'year' } });
    const [yours] = await screen.findAllByRole('img', { name: /^By month, Your phone/ }, { timeout: 5000 });
    expect(bars(yours!)).toBe(13);
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'quarter' } });
    const [weekly] = await screen.findAllByRole('img', { name: /^By week, Your phone/ }, { timeout: 5000 });
    expect(bars(weekly!)).toBe(53);
    await fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'month' } });
    expect(bars((await screen.findAllByRole('img', { name: /^By day, Your phone/ }, { timeout: 5000 }))[0]!)).toBe(35);
  });

  it('counts in the right plural form', async () => {
    await show();
    expect(await screen.findByRole('region', { name: '1 RingOut call' }, { timeout: 5000 })).toBeTruthy();
  });
});

describe('StackedBars (issue 25)', () => {
  it('gives Declined its own series and colour, and draws Other hatched so it never looks like Not called', () => {
    render(StackedBars, { buckets: months, side: 'theirs', title: 'By month', label: (k: string) => k });
    const legend = screen.getByText('Declined').closest('ul')!;
    expect([...legend.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Answered',
      'Busy',
      'No answer',
      'Declined',
      'Voicemail',
      'Not called',
      'Other',
    ]);
    const svg = screen.getByRole('img');
    const fills = new Set([...svg.querySelectorAll(':scope > g rect')].map((r) => r.getAttribute('fill')));
    expect(fills).toContain('var(--chart-declined)');
    const other = [...fills].find((f) => f?.startsWith('url(#'));
    expect(other).toBeTruthy();
    expect(svg.querySelector(`pattern[id="${other!.slice(5, -1)}"]`)).toBeTruthy();
    expect(legend.querySelector('.swatch-other')).toBeTruthy();
  });

  it('shows its table in a box of the chart’s height, scrollable by keyboard', async () => {
    render(StackedBars, { buckets: days, side: 'yours', title: 'By day', label: (k: string) => k });
    await fireEvent.click(screen.getByRole('button', { name: 'Show as table' }));
    const box = screen.getByRole('region', { name: 'By day: Your phone, calls by outcome' });
    expect(box.tabIndex).toBe(0);
    expect(box.className).toContain('table-box');
    expect(within(box).getAllByRole('row')).toHaveLength(36);
    await fireEvent.click(screen.getByRole('button', { name: 'Show as chart' }));
    await waitFor(() => expect(screen.getByRole('img')).toBeTruthy());
  });

  it('labels fewer bars when labels would touch', () => {
    // jsdom lays nothing out: the chart is 560 px wide here.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(560);
    const { unmount } = render(StackedBars, { buckets: report.byHour, side: 'yours', title: 'By hour', label: (k: string) => k });
    // 24 hours across the default 560 px: "00" fits every bar.
    expect(screen.getByRole('img').querySelectorAll('text.axis')).toHaveLength(24);
    unmount();
    render(StackedBars, { buckets: days, side: 'yours', title: 'By day', label: () => 'Nov 25' });
    const labels = screen.getByRole('img').querySelectorAll('text.axis').length;
    // Six characters need about 45 px; 35 bars in 560 px leave about 14.7 px each: every 4th.
    expect(labels).toBe(9);
    vi.restoreAllMocks();
  });
});
