import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The RingCentral reference folder (shared/ringcentral) that sits beside the project. */
export const RINGCENTRAL_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../shared/ringcentral',
);

export function readExample<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(RINGCENTRAL_DIR, 'examples', name), 'utf8')) as T;
}
