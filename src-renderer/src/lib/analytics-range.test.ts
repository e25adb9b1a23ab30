import { describe, expect, it } from 'vitest';
import { coverageWords, customRange, rangeMessages, shortDay } from './analytics-range';

// Local dates, so the tests hold in any time zone the machine is in.
const at = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).getTime();
const NOW = at(2026, 12, 3, 15);

describe('customRange', () => {
  it('runs from the first day’s midnight to the end of the last day', () => {
    expect(customRange('2026-09-03', '2026-09-30', NOW)).toEqual({ ok: true, from: at(2026, 9, 3), to: at(2026, 10, 1) - 1 });
  });

  it('a range that ends today ends now; a one-day range is fine', () => {
    expect(customRange('2026-12-03', '2026-12-03', NOW)).toEqual({ ok: true, from: at(2026, 12, 3), to: NOW });
  });

  it.each([
    ['', '2026-09-30', rangeMessages.noFrom],
    ['2026-09-03', '', rangeMessages.noTo],
    ['2026-02-30', '2026-03-01', '2026-02-30 is not a date.'],
    ['03/09/2026', '2026-09-30', '03/09/2026 is not a date.'],
    ['2026-09-30', '2026-09-03', rangeMessages.backwards],
    ['2026-12-04', '2026-12-10', rangeMessages.future],
    ['2010-01-01', '2026-12-01', rangeMessages.tooLong],
  ])('refuses from %j to %j in words', (from, to, message) => {
    expect(customRange(from, to, NOW)).toEqual({ ok: false, message });
  });
});

describe('coverageWords', () => {
  const year = { from: at(2025, 12, 4), to: NOW };
  const idle = { phase: 'idle', depthFrom: null };

  it('says nothing when the archive covers the whole period, or does not know yet', () => {
    expect(coverageWords(year, { ...idle, completeFrom: at(2025, 11, 1) }, NOW)).toBeNull();
    expect(coverageWords(year, { ...idle, completeFrom: null }, NOW)).toBeNull();
  });

  it('"Covers 3 Sep – today" when history is complete only from later', () => {
    expect(coverageWords(year, { ...idle, completeFrom: at(2026, 9, 3, 10) }, NOW)).toBe(`Covers ${shortDay(at(2026, 9, 3), NOW)} – today`);
    expect(shortDay(at(2026, 9, 3), NOW)).toMatch(/3/);
  });

  it('says why when it knows: still downloading, or beyond the chosen depth', () => {
    const completeFrom = at(2026, 9, 3, 10);
    expect(coverageWords(year, { phase: 'initial', depthFrom: at(2025, 12, 3), completeFrom }, NOW)).toBe(
      `Covers ${shortDay(completeFrom, NOW)} – today (earlier calls are still downloading)`,
    );
    expect(coverageWords(year, { phase: 'idle', depthFrom: at(2026, 9, 3), completeFrom }, NOW)).toMatch(/further back than Settings › History goes back\)$/);
  });

  it('a custom range that ended before today names its last day; one with nothing archived says so', () => {
    const september = { from: at(2026, 8, 20), to: at(2026, 9, 30, 23) };
    expect(coverageWords(september, { ...idle, completeFrom: at(2026, 9, 3) }, NOW)).toBe(
      `Covers ${shortDay(at(2026, 9, 3), NOW)} – ${shortDay(september.to, NOW)}`,
    );
    expect(coverageWords({ from: at(2026, 1, 1), to: at(2026, 2, 1) }, { ...idle, completeFrom: at(2026, 9, 3) }, NOW)).toBe(
      `None of this period is in the archive yet: history since ${shortDay(at(2026, 9, 3), NOW)}.`,
    );
  });
});
