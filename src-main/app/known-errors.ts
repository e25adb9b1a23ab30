import type { ErrorCode } from '../../src-shared/ipc-contract';
import { ArchiveFullError, ArchiveReadOnlyError } from '../core/history/archive';

/** What a person is told about a failure Ringside knows, and the code a window can act on. */
export interface KnownFailure {
  code: ErrorCode;
  message: string;
}

/**
 * Known conditions and their words, for the window (IPC) and the command line alike: each
 * has its own sentence, never "Something went wrong". Checked in order; the first match wins.
 */
const KNOWN: ReadonlyArray<{ is: (error: unknown) => boolean; failure: (error: Error) => KnownFailure }> = [
  { is: (error) => error instanceof ArchiveFullError, failure: (error) => ({ code: 'DISK_FULL', message: error.message }) },
  { is: (error) => error instanceof ArchiveReadOnlyError, failure: (error) => ({ code: 'READ_ONLY', message: error.message }) },
];

/** The known condition behind an error, or null when Ringside does not know it. */
export function knownFailure(error: unknown): KnownFailure | null {
  const known = KNOWN.find((entry) => entry.is(error));
  return known ? known.failure(error as Error) : null;
}
