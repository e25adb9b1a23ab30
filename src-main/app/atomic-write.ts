import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from '../core/index';

/**
 * Writes `chunks` to `file` through a temporary file next to it, renamed into place only when
 * every byte is on disk: a full disk or any error leaves no partial export (and keeps a file
 * that was there before). The file is for this user only (0600).
 */
export async function writeFileAtomically(file: string, chunks: Iterable<string>): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.part`);
  const out = createWriteStream(temp, { encoding: 'utf8', flags: 'wx', mode: PRIVATE_FILE_MODE });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  try {
    for (const chunk of chunks) if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    out.end();
    await Promise.race([once(out, 'close'), failed]);
    await rename(temp, file);
  } catch (error) {
    // The stream may still be opening the file: wait for it to close before removing it, or
    // the open would create the part file after the removal.
    out.destroy();
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
