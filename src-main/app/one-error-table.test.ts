/**
 * Issue 28, item 1: one error type with a code (core/errors.ts) and one table of words, used by
 * the window (IPC) and the command line alike. Before it, an unsafe link reached the window as
 * "Something went wrong" and RingCentral's own failures reached the terminal as "unexpected error".
 */
import { describe, expect, it } from 'vitest';
import { failureOf, RINGSIDE_ERROR_CODES, RingsideError, wordsFor } from '../core/index';
import type { Logger } from '../core/ports';
import { ApiError } from '../core/ringcentral/api-error';
import { SessionError } from '../core/auth/session';
import { ArchiveFullError, ArchiveReadOnlyError } from '../core/history/archive';
import { reportFailure } from '../cli/main';
import { UnsafeExternalUrlError } from './external-url';
import { RedirectPortTakenError } from './loopback-redirect';
import { dispatchInvoke, type HandlerTable } from './ipc-handlers';

const SOMETHING_WENT_WRONG = /Something went wrong/;

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info: () => undefined, warn: () => undefined, error: (message) => void errors.push(message) };
}

/** A handler table whose `history.sync` throws the given error. */
function throwing(error: unknown): HandlerTable {
  return {
    'history.sync': () => {
      throw error;
    },
  } as unknown as HandlerTable;
}

function cli(error: unknown): { exit: number; lines: string[] } {
  const lines: string[] = [];
  const exit = reportFailure(error, { stderr: (line) => void lines.push(line) });
  return { exit, lines };
}

describe('one error type, one table of words (issue 28)', () => {
  it('every code has its own words, and both the window and the terminal say them', async () => {
    const logger = recordingLogger();
    for (const code of RINGSIDE_ERROR_CODES) {
      const words = wordsFor(code);
      expect(words, code).toMatch(/\w.*\.$/);
      expect(words, code).not.toMatch(SOMETHING_WENT_WRONG);
      const answer = await dispatchInvoke(throwing(new RingsideError(code)), 'history.sync', {}, logger);
      expect(answer, code).toEqual({ ok: false, error: { code: failureOf(new RingsideError(code))!.code, message: words } });
      expect(cli(new RingsideError(code)).lines, code).toEqual([`ringside: ${words}`]);
    }
    expect(logger.errors).toEqual([]);
  });

  it('every error Ringside throws on purpose is a RingsideError with a code from the table', () => {
    const errors = [
      new ApiError('network', wordsFor('RC_NETWORK'), null, null),
      new SessionError('SIGN_IN_DENIED', 'Sign-in was cancelled.'),
      new ArchiveFullError(),
      new ArchiveReadOnlyError('Your call history file is in use by another program, so it is read-only this session.'),
      new UnsafeExternalUrlError('file:///etc/passwd'),
      new RedirectPortTakenError(37219, 'http://127.0.0.1:37219/callback'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(RingsideError);
      expect(RINGSIDE_ERROR_CODES).toContain(error.code);
    }
  });

  it('the window is told why a link was not opened, not "Something went wrong"', async () => {
    const logger = recordingLogger();
    const error = new UnsafeExternalUrlError('file:///etc/passwd');
    expect(await dispatchInvoke(throwing(error), 'history.sync', {}, logger)).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/^Ringside will not open "file:\/\/\/etc\/passwd": only https:\/\//) },
    });
    expect(logger.errors).toEqual([]);
  });

  it("the terminal says RingCentral's failures and sign-in failures in words, not as an unexpected error", () => {
    const unreachable = cli(new ApiError('network', wordsFor('RC_NETWORK'), null, null));
    expect(unreachable).toEqual({ exit: 1, lines: [`ringside: ${wordsFor('RC_NETWORK')}`] });
    const denied = cli(new SessionError('SIGN_IN_DENIED', 'The user denied access.'));
    expect(denied).toEqual({ exit: 1, lines: ['ringside: The user denied access.'] });
    // A full disk and a read-only history keep their words on both sides (issue 26).
    expect(cli(new ArchiveFullError()).lines).toEqual([`ringside: ${wordsFor('DISK_FULL')}`]);
  });

  it('an error Ringside does not know stays "unexpected" on the terminal and "Something went wrong" (logged) in the window', async () => {
    const logger = recordingLogger();
    expect(await dispatchInvoke(throwing(new TypeError('x is undefined')), 'history.sync', {}, logger)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(SOMETHING_WENT_WRONG) },
    });
    expect(logger.errors).toEqual(['IPC handler failed']);
    expect(cli(new TypeError('x is undefined')).lines).toEqual(['ringside: unexpected error: x is undefined']);
  });
});
