// Child process for the history-window benchmark: a main process holding an archive of N
// calls that has just answered what the history window asks (the first page, pages down the
// whole list as a fling and a dragged scrollbar ask, searches as typed, each analytics period).
// Prints its RSS in MB, garbage collected (run with --expose-gc).
import { Archive } from '../src-main/core/history/archive';
import { analyticsReport } from '../src-main/core/history/analytics';

const DAY = 86_400_000;
const { archive } = Archive.open(process.argv[2]!);
const total = archive.query({ limit: 200 }).total;
for (let offset = 0; offset < total; offset += Math.max(200, Math.floor(total / 120))) archive.query({ limit: 200, offset });
for (const word of ['Omar', 'Haddad', '555', 'Sasha Iv', '(212) 555-2'])
  for (let i = 1; i <= word.length; i++) archive.query({ search: word.slice(0, i), limit: 200 });
const now = Date.now();
for (const days of [7, 30, 90, 365, 730]) analyticsReport(archive.database, archive.names, { from: now - days * DAY, to: now, utcOffsetMinutes: -120 });
(globalThis as { gc?: () => void }).gc?.();
console.log((process.memoryUsage().rss / 1024 / 1024).toFixed(1));
archive.close();
