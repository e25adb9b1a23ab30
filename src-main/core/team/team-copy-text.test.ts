/** The times of a bulk load's rows, written without a Date per value, are toISOString's text. */
import { describe, expect, it } from 'vitest';
import { utcIsoText } from './team-calls';

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
