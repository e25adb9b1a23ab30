/**
 * Reading the company directory cheaply (REALITY 29): `directory/entries` pages up to 2000 and
 * answers 304 to the ETag of a page's last answer. Each page is first asked with its saved
 * ETag; all 304 means nothing changed. Otherwise (or with none saved) every page is read again,
 * so a list is only ever stored whole. One pager for the personal name cache and the team's
 * directory alike.
 */
import type { DirectoryPage } from './api';

/** At most this many pages a read (400 000 directory entries at 2000). */
export const MAX_DIRECTORY_PAGES = 200;

/** What one read of the directory found: its entries (and the ETags to ask with next time), or that nothing changed. */
export type DirectoryRead<T> = { changed: false; etags: string[] } | { changed: true; entries: T[]; etags: string[] };

export async function readDirectoryPages<T>(
  readPage: (page: number, ifNoneMatch: string | null) => Promise<DirectoryPage<T>>,
  saved: readonly string[],
  checkStopped: () => void = () => {},
): Promise<DirectoryRead<T>> {
  if (saved.length > 0) {
    let unchanged = true;
    for (const [index, etag] of saved.entries()) {
      checkStopped();
      const answer = await readPage(index + 1, etag);
      if (!answer.notModified) {
        unchanged = false;
        break;
      }
    }
    if (unchanged) return { changed: false, etags: [...saved] };
  }
  const entries: T[] = [];
  const etags: string[] = [];
  let pages = 0;
  for (let page = 1; page <= MAX_DIRECTORY_PAGES; page++) {
    checkStopped();
    const answer = await readPage(page, null);
    if (answer.notModified) throw new Error('RingCentral answered 304 to an unconditional request');
    pages++;
    entries.push(...answer.entries);
    if (answer.etag) etags.push(answer.etag);
    if (!answer.hasNextPage) break;
  }
  // Conditional requests next time only when every page had an ETag.
  return { changed: true, entries, etags: etags.length === pages ? etags : [] };
}
