import { RingsideError } from '../core/index';

/** An error whose message is meant for the person at the terminal (no stack trace). */
export class UserError extends RingsideError {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super('USAGE', message);
    this.name = 'UserError';
  }
}
