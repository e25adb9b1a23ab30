// Child process for the archive benchmark (run with --expose-gc): a main process that holds
// an archive of N calls and has just answered history queries. Prints its RSS in MB; then
// streams the whole archive as CSV (to nowhere) and prints the highest RSS seen during the
// export (sampled at each progress report) and the RSS once the garbage is collected, which
// shows what the export keeps: a streamed export keeps nothing.
import { Archive } from '../src-main/core/history/archive';
import { toCsv } from '../src-main/core/history/export';

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const { archive } = Archive.open(process.argv[2]!);
for (const search of ['Omar', '5550111', 'Sasha']) archive.query({ search, limit: 200 });
archive.query({ outcome: 'notCalled', limit: 200 });
archive.query({ limit: 200, offset: 5000 });
const afterQueries = rssMb();
let peak = afterQueries;
let bytes = 0;
for (const chunk of toCsv(archive.iterate(), { onProgress: () => (peak = Math.max(peak, rssMb())) })) bytes += chunk.length;
(globalThis as { gc?: () => void }).gc?.();
console.log([afterQueries, peak, rssMb()].map((n) => n.toFixed(1)).join(' '), bytes > 0 ? '' : 'empty');
archive.close();
