/**
 * Ringside's files are for its user only: folders 0700, files 0600 (call history, its WAL,
 * settings, calls in flight, exports). Explicit modes where a file is created, and a repair
 * of what an older Ringside left readable to others. On Windows the modes mean little and
 * the user's profile folder already keeps other users out; errors there are ignored.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** For a whole process (the browser edition, the CLI): nothing it creates is readable by others. */
export const PRIVATE_UMASK = 0o077;

/** Takes group and others' access away, keeping the owner's as it is (a read-only folder stays read-only). */
function tighten(target: string): void {
  try {
    const { mode } = statSync(target);
    if ((mode & 0o077) !== 0) chmodSync(target, mode & 0o700);
  } catch {
    // Not ours to change (or gone): opening it says what is wrong, if anything.
  }
}

/** Creates a folder (and its parents) 0700, or takes away others' access to an existing one. */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch {
    // A folder we cannot create: whoever writes into it says what is wrong.
  }
  tighten(dir);
}

/**
 * Makes a file 0600 before a library opens it: created empty when missing (SQLite gives its
 * -wal and -shm the mode of the database file), tightened when it exists, with `siblings`
 * (suffixes such as -wal) tightened too.
 */
export function ensurePrivateFile(file: string, siblings: readonly string[] = []): void {
  if (!existsSync(file)) {
    try {
      closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    } catch {
      // A folder we cannot write: the library's own open reports it.
    }
  }
  for (const target of [file, ...siblings.map((suffix) => file + suffix)]) if (existsSync(target)) tighten(target);
}
