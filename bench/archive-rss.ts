// Child process for the archive benchmark: a main process that holds an archive of N calls
// and has just answered history queries. Prints its RSS in MB.
import { Archive } from '../src-main/core/history/archive';

const { archive } = Archive.open(process.argv[2]!);
for (const search of ['Omar', '5550111', 'Sasha']) archive.query({ search, limit: 200 });
archive.query({ outcome: 'notCalled', limit: 200 });
archive.query({ limit: 200, offset: 5000 });
console.log((process.memoryUsage().rss / 1024 / 1024).toFixed(1));
archive.close();
