import type {
  ErrorCode,
  EventChannel,
  EventPayloads,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
  Result,
  RingsideBridge,
} from '../../../src-shared/ipc-contract';

/** The one shape of an error the renderer shows: a known code and words for a person. */
export interface ClientError {
  code: ErrorCode;
  message: string;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; error: ClientError };

const KNOWN_CODES = new Set<ErrorCode>([
  'INVALID_REQUEST',
  'INVALID_NUMBER',
  'NOT_SIGNED_IN',
  'SIGN_IN_FAILED',
  'CALL_FAILED',
  'NOT_FOUND',
  'TOO_LATE',
  'NETWORK',
  'RATE_LIMITED',
  'FORBIDDEN_SENDER',
  'DISK_FULL',
  'READ_ONLY',
  'INTERNAL',
]);

const NO_ANSWER = 'Ringside did not answer this window. Close it and open it again; if it keeps happening, restart Ringside.';
const UNREADABLE = 'Ringside sent this window an answer it cannot read. Close it and open it again.';

/** Any answer or failure as one `ClientError`: a known code, and words (never empty, never a stack). */
export function toClientError(failure: unknown): ClientError {
  const error = failure as { code?: unknown; message?: unknown } | null;
  const code = typeof error?.code === 'string' && KNOWN_CODES.has(error.code as ErrorCode) ? (error.code as ErrorCode) : 'INTERNAL';
  const message = typeof error?.message === 'string' && error.message.trim() !== '' ? error.message : UNREADABLE;
  return { code, message };
}

/**
 * The renderer's one way to main: the state managers ask through it, components never touch
 * the bridge. Every request settles as an `Answer` (a failed Result, a bridge that throws or an
 * answer of the wrong shape become one `ClientError`), so nothing escapes unhandled.
 */
export class RingsideClient {
  private readonly errorListeners = new Set<(error: ClientError, channel: InvokeChannel) => void>();

  constructor(private readonly bridge: RingsideBridge) {}

  /** Asks main; resolves with the value or the mapped error, never rejects. */
  async ask<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<Answer<InvokeResponses[C]>> {
    let answer: Result<InvokeResponses[C]>;
    try {
      answer = await this.bridge.invoke(channel, request);
    } catch (failure) {
      return this.failed(channel, { code: 'INTERNAL', message: NO_ANSWER, cause: failure });
    }
    if (answer?.ok === true) return { ok: true, value: answer.value };
    return this.failed(channel, answer?.ok === false ? answer.error : { code: 'INTERNAL', message: UNREADABLE });
  }

  /** The value, or null when the request failed (its error has gone to `onError`). */
  async value<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponses[C] | null> {
    const answer = await this.ask(channel, request);
    return answer.ok ? answer.value : null;
  }

  /** A request whose answer nobody waits for (a failure goes to `onError`). */
  send<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): void {
    void this.ask(channel, request);
  }

  /** Main's events; a listener that throws does not stop the others. Returns the unsubscribe. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void {
    try {
      return this.bridge.on(channel, (payload) => {
        try {
          listener(payload);
        } catch (error) {
          console.error(`Ringside: a listener for ${channel} failed`, error);
        }
      });
    } catch {
      return () => undefined;
    }
  }

  /** Hears every failed request (the app shows it when no screen does). */
  onError(listener: (error: ClientError, channel: InvokeChannel) => void): () => void {
    this.errorListeners.add(listener);
    return () => void this.errorListeners.delete(listener);
  }

  private failed(channel: InvokeChannel, failure: unknown): { ok: false; error: ClientError } {
    const error = toClientError(failure);
    for (const listener of this.errorListeners) listener(error, channel);
    return { ok: false, error };
  }
}
