import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether another user of this machine (a test's stand-in runs as `nobody`) can reach `file`:
 * the file readable or executable by others, and every folder above it searchable by them. A
 * fresh clone under `mktemp -d` (as CI runs it) sits in a 0700 folder: nobody can reach it.
 */
export function reachableByOthers(file: string): boolean {
  let current = path.resolve(file);
  try {
    if ((statSync(current).mode & 0o005) === 0) return false;
    for (;;) {
      const parent = path.dirname(current);
      if (parent === current) return true;
      current = parent;
      if ((statSync(current).mode & 0o001) === 0) return false;
    }
  } catch {
    return false;
  }
}
