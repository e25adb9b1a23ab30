/**
 * Opens an archive the way Ringside does and prints what the user would get, as JSON. Run by
 * src-main/core/history/archive-open-edges.test.ts as an unprivileged user when the suite runs
 * as root (folder permissions do not apply to root).
 */
import { Archive } from '../src-main/core/history/archive';

const opened = Archive.open(process.argv[2]!, { busyRetries: 0, busyTimeoutMs: 50 });
let write: string;
try {
  opened.archive.annotations.annotate('any-call', { note: 'a note', disposition: null }, Date.now());
  write = 'saved';
} catch (error) {
  write = (error as Error).message;
}
console.log(JSON.stringify({ readOnly: opened.readOnly, count: opened.archive.count(), write }));
opened.archive.close();
