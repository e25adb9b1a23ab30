import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project's vendored RingCentral reference (spec/ringcentral, see its README). */
export const RINGCENTRAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../spec/ringcentral');

export function readExample<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(RINGCENTRAL_DIR, 'examples', name), 'utf8')) as T;
}
