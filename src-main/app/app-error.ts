import { RingsideError } from '../core/index';

export class AppError extends RingsideError {
  declare readonly code: 'NOT_SIGNED_IN' | 'SIGN_IN_FAILED' | 'INVALID_REQUEST';
  constructor(code: 'NOT_SIGNED_IN' | 'SIGN_IN_FAILED' | 'INVALID_REQUEST', message: string) {
    super(code, message);
    this.name = 'AppError';
  }
}
