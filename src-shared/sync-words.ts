/**
 * The history sync's line in words, written once for the history window and the tray:
 * "History since 3 Dec 2025 · 1,234 of about 5,000 calls · about 12 min left". Derived from
 * SyncProgress's numbers when shown, never stored.
 */
import type { SyncProgress } from './history';

/** How dates and counts read, in the viewer's locale (the renderer's and main's own Intl). */
export interface SyncWordFormats {
  date(epochMs: number): string;
  count(n: number): string;
}

export const localeSyncFormats = (locale?: string): SyncWordFormats => {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const count = new Intl.NumberFormat(locale);
  return { date: (ms) => date.format(new Date(ms)), count: (n) => count.format(n) };
};

/** 40 s → "less than a minute", 720 s → "about 12 min", 4,200 s → "about 1 h 10 min" (to 5 min once it is hours). */
export function timeLeftWords(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  if (seconds < 3600 - 150) return `about ${Math.max(1, Math.round(seconds / 60))} min`;
  const minutes = Math.round(seconds / 300) * 5;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h` : `about ${h} h ${m} min`;
}

/** "History since 3 Dec 2025", once the archive is complete from somewhere. */
export function historySinceWords(progress: Pick<SyncProgress, 'completeFrom'>, formats: SyncWordFormats): string | null {
  return progress.completeFrom === null ? null : `History since ${formats.date(progress.completeFrom)}`;
}

/**
 * The fill's counts in calls: the calls its records made so far, and the records expected
 * scaled by the same share (two-record RingOuts make fewer calls than records). Records when
 * the core did not count calls.
 */
function callsOf({ fetched, total, calls }: SyncProgress): { fetched: number; total: number | null } {
  if (calls === null || calls === undefined || fetched === 0) return { fetched, total };
  return { fetched: calls, total: total === null ? null : Math.round((total * calls) / fetched) };
}

/**
 * While the first (or a deeper) sync fills the archive: "1,234 of about 5,000 calls · about
 * 12 min left", with "(RingCentral allows 10 history requests a minute)" when asked for.
 * Parts RingCentral has not told yet are left out; null when nothing is filling.
 */
export function fillWords(progress: SyncProgress, formats: SyncWordFormats, options: { rateNote?: boolean } = {}): string | null {
  if (progress.phase !== 'initial') return null;
  const parts: string[] = [];
  const { secondsLeft, requestsPerMinute } = progress;
  const { fetched, total } = callsOf(progress);
  // Past the estimate, the count alone: "of about" a smaller number would read as an error.
  if (total !== null && fetched <= total) parts.push(`${formats.count(fetched)} of about ${formats.count(total)} calls`);
  else parts.push(`${formats.count(fetched)} ${fetched === 1 ? 'call' : 'calls'}`);
  if (secondsLeft !== null && secondsLeft > 0) parts.push(`${timeLeftWords(secondsLeft)} left`);
  const line = parts.join(' · ');
  return options.rateNote && requestsPerMinute !== null ? `${line} (RingCentral allows ${requestsPerMinute} history requests a minute)` : line;
}

/** The whole line: where history is complete from, then how the fill stands. */
export function syncLine(progress: SyncProgress, formats: SyncWordFormats, options: { rateNote?: boolean } = {}): string | null {
  const fill = fillWords(progress, formats, options);
  const since = historySinceWords(progress, formats) ?? (fill ? 'Downloading history' : null);
  return [since, fill].filter((part) => part !== null).join(' · ') || null;
}
