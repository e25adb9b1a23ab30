/** The times of a bulk load's rows, written without a Date per value, are toISOString's text; a call's UTC month and its bounds. */
import { describe, expect, it } from 'vitest';
import { utcIsoText, utcMonth, utcMonthStart } from './team-calls';

describe('utcIsoText', () => {
  it('writes what toISOString writes, day after day and back again', () => {
    const instants = [
      0,
      -1,
      Date.parse('2021-01-01T08:00:00Z'),
      Date.parse('2021-01-01T08:00:00.007Z'),
      Date.parse('2021-01-01T23:59:59.999Z'),
      Date.parse('2024-02-29T12:34:56.078Z'),
      Date.parse('1969-12-31T23:59:59.990Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
    ];
    // And a deterministic spread over 1900–2100, with runs inside one day (the cached date part).
    let seed = 29;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const ms = Date.UTC(1900, 0, 1) + Math.floor((seed / 2_147_483_648) * 200 * 365.25 * 86_400_000);
      instants.push(ms, ms + 1, ms + 59_999, ms + 3_600_000);
    }
    for (const ms of instants) expect(utcIsoText(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes six-digit years as toISOString does', () => {
    for (const ms of [Date.parse('+010000-01-01T00:00:00Z'), Date.parse('-000001-06-01T12:00:00Z')]) expect(utcIsoText(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('utcMonth', () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  it('gives the month an instant falls in and its bounds, December into the next year', () => {
    const december = utcMonth(Date.parse('2026-12-31T23:59:59.999Z'));
    expect([iso(december.from), iso(december.to)]).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(december.index).toBe(2026 * 12 + 11);
    expect(utcMonth(Date.parse('2027-01-01T00:00:00Z')).index).toBe(december.index + 1);
    expect(utcMonthStart(december.index)).toBe(december.from);
  });

  it('keeps the years 0–99 (Date.UTC would read them as 1900–1999) and years before 0', () => {
    const fifty = utcMonth(Date.parse('0050-03-15T09:00:00Z'));
    expect([iso(fifty.from), iso(fifty.to)]).toEqual(['0050-03-01T00:00:00.000Z', '0050-04-01T00:00:00.000Z']);
    const before = utcMonth(Date.parse('-000001-01-10T00:00:00Z'));
    expect([iso(before.from), iso(before.to)]).toEqual(['-000001-01-01T00:00:00.000Z', '-000001-02-01T00:00:00.000Z']);
  });
});
