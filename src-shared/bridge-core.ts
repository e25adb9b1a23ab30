/**
 * `window.ringside`, written once. The preload calls `createBridge` over Electron's IPC; the
 * browser edition's page script and the test harness send its source text into the page
 * (`bridgeSource()`), where it runs over a WebSocket or Playwright's binding. So it stays one
 * self-contained function: no imports, nothing from this module's scope, plain syntax.
 */
import type { RingsideBridge } from './ipc-contract';

/** How a bridge reaches main: a contract request out (main's Result back), a contract event in. */
export interface BridgeTransport {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Delivers the event's payloads to `deliver` until the returned function is called. */
  listen(channel: string, deliver: (payload: unknown) => void): () => void;
}

/**
 * Exactly the IPC contract, nothing else: `invoke` for the contract's requests (anything else
 * is refused without reaching main) and `on` for its events, returning an unsubscribe.
 */
export function createBridge(transport: BridgeTransport, invokeNames: readonly string[], eventNames: readonly string[]): RingsideBridge {
  const invokeChannels = new Set(invokeNames);
  const eventChannels = new Set(eventNames);
  const bridge = {
    invoke(channel: string, request: unknown): Promise<unknown> {
      if (!invokeChannels.has(channel)) return Promise.resolve({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown request.' } });
      return transport.invoke(channel, request === undefined ? {} : request);
    },
    on(channel: string, listener: (payload: unknown) => void): () => void {
      if (!eventChannels.has(channel) || typeof listener !== 'function') return () => undefined;
      return transport.listen(channel, listener);
    },
  };
  return Object.freeze(bridge) as unknown as RingsideBridge;
}

/**
 * `createBridge` as JavaScript for a page: an expression that evaluates to the function. A
 * transpiler that keeps function names (tsx, esbuild's keepNames) may call a `__name` helper
 * inside it; the page gets a harmless one.
 */
export function bridgeSource(): string {
  return `((__name) => (${createBridge.toString()}))((target) => target)`;
}
