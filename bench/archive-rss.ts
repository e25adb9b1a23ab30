// Child process for the archive benchmark: a main process that holds an archive of N calls
// and has just answered history queries. Prints its RSS in MB, then again after streaming
// the whole archive as CSV (to nowhere), which must not grow with the archive.
import { Archive } from '../src-main/core/history/archive';
import { toCsv } from '../src-main/core/history/export';

const rssMb = () => (process.memoryUsage().rss / 1024 / 1024).toFixed(1);
const { archive } = Archive.open(process.argv[2]!);
for (const search of ['Omar', '5550111', 'Sasha']) archive.query({ search, limit: 200 });
archive.query({ outcome: 'notCalled', limit: 200 });
archive.query({ limit: 200, offset: 5000 });
const afterQueries = rssMb();
let bytes = 0;
for (const chunk of toCsv(archive.iterate())) bytes += chunk.length;
console.log(afterQueries, rssMb(), bytes > 0 ? '' : 'empty');
archive.close();
