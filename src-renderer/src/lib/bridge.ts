import type { EventChannel, EventPayloads, InvokeChannel, InvokeRequest, InvokeResponses, Result, RingsideBridge } from '../../../src-shared/ipc-contract';

/** The preload's bridge, or one that explains it is missing (a page opened outside the app). */
export function getBridge(): RingsideBridge {
  const exposed = (globalThis as { ringside?: RingsideBridge }).ringside;
  if (exposed) return exposed;
  return {
    async invoke<C extends InvokeChannel>(_channel: C, _request: InvokeRequest<C>): Promise<Result<InvokeResponses[C]>> {
      return { ok: false, error: { code: 'INTERNAL', message: 'This page is not running inside Ringside.' } };
    },
    on<E extends EventChannel>(_channel: E, _listener: (payload: EventPayloads[E]) => void) {
      return () => undefined;
    },
  };
}
