export class AppError extends Error {
  constructor(
    readonly code: 'NOT_SIGNED_IN' | 'SIGN_IN_FAILED' | 'INVALID_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
