/**
 * Analytics' custom date range and how much of a period the archive covers, in words derived
 * when shown: "Covers 3 Sep – today" when history is complete only from later than the
 * period's start.
 */
import { startOfDay } from './dates';
import { parseLocalDay } from '../../../src-shared/local-day';

const DAY = 86_400_000;
/** The longest custom range, as far back as the history depth reaches (src-shared/settings.ts). */
export const MAX_RANGE_DAYS = 3660;

export const rangeMessages = {
  custom: 'Custom range',
  from: 'From',
  to: 'To',
  noFrom: 'Choose the first day of the range.',
  noTo: 'Choose the last day of the range.',
  notADate: (what: string) => `${what} is not a date.`,
  backwards: 'The range ends before it starts: choose a last day on or after the first.',
  future: 'The range starts after today: choose a first day up to today.',
  tooLong: 'A range can span at most 10 years.',
  covers: (from: string, to: string) => `Covers ${from} – ${to}`,
  today: 'today',
  noneYet: (since: string) => `None of this period is in the archive yet: history since ${since}.`,
  stillFilling: 'earlier calls are still downloading',
  beyondDepth: 'earlier calls are further back than Settings › History goes back',
};

export type CustomRange = { ok: true; from: number; to: number } | { ok: false; message: string };

/**
 * A custom range from two date inputs (YYYY-MM-DD, the viewer's calendar): from the first
 * day's midnight to the end of the last day, or to now when the last day is today.
 */
export function customRange(fromValue: string, toValue: string, now: number): CustomRange {
  if (!fromValue.trim()) return { ok: false, message: rangeMessages.noFrom };
  if (!toValue.trim()) return { ok: false, message: rangeMessages.noTo };
  const from = parseLocalDay(fromValue);
  if (from === null) return { ok: false, message: rangeMessages.notADate(fromValue) };
  const toDay = parseLocalDay(toValue);
  if (toDay === null) return { ok: false, message: rangeMessages.notADate(toValue) };
  if (toDay < from) return { ok: false, message: rangeMessages.backwards };
  if (from > now) return { ok: false, message: rangeMessages.future };
  // The end of the last day: the next midnight (a DST day is not 24 h) less a millisecond.
  const last = new Date(toDay);
  const endOfDay = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1).getTime() - 1;
  const to = Math.min(endOfDay, now);
  if (to - from > MAX_RANGE_DAYS * DAY) return { ok: false, message: rangeMessages.tooLong };
  return { ok: true, from, to };
}

const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** "3 Sep" this year, "3 Sep 2025" another, in the viewer's locale. */
export function shortDay(ms: number, now: number): string {
  return (new Date(ms).getFullYear() === new Date(now).getFullYear() ? dayMonth : dayMonthYear).format(new Date(ms));
}

/**
 * What the archive covers of a period, or null when it covers all of it (or does not know
 * yet where it is complete from). Why the start is missing follows when it is known.
 */
export function coverageWords(
  period: { from: number; to: number },
  sync: { completeFrom: number | null; depthFrom: number | null; phase: string },
  now: number,
): string | null {
  const { completeFrom } = sync;
  if (completeFrom === null || completeFrom <= period.from) return null;
  if (completeFrom > period.to) return rangeMessages.noneYet(shortDay(completeFrom, now));
  const end = period.to >= startOfDay(now) ? rangeMessages.today : shortDay(period.to, now);
  const covers = rangeMessages.covers(shortDay(completeFrom, now), end);
  // The depth chosen stops where the archive starts: what is missing was not asked for.
  const why =
    sync.phase === 'initial' ? rangeMessages.stillFilling : sync.depthFrom !== null && sync.depthFrom >= completeFrom - DAY ? rangeMessages.beyondDepth : null;
  return why ? `${covers} (${why})` : covers;
}
