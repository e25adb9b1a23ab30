import { SDK } from '@ringcentral/sdk';
import type { Simulator, SimulatorOptions } from '../src-simulator';
import { callLogQuery } from '../src-simulator/call-log/call-log-store';
import { startTestSimulator } from '../src-simulator/testing';

/** A Storage the SDK keeps its tokens in; one per SDK so test clients never share a session. */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

export function sdkFor(sim: Simulator, options: Partial<ConstructorParameters<typeof SDK>[0]> = {}): SDK {
  return new SDK({
    server: sim.url,
    clientId: sim.app.clientId,
    clientSecret: sim.app.clientSecret,
    localStorage: memoryStorage(),
    refreshDelayMs: 1,
    ...options,
  });
}

/** A simulator at 50x speed with short expiries (control routes on), and an SDK signed in with the demo JWT. */
export async function signedInSimulator(options: SimulatorOptions = {}) {
  const sim = await startTestSimulator({ timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 20, ...options });
  const sdk = sdkFor(sim);
  await sdk.platform().login({ jwt: 'ringside-demo-jwt' });
  return { sim, sdk, platform: sdk.platform() };
}

export async function waitFor<T>(probe: () => T | Promise<T>, { timeoutMs = 5000, intervalMs = 20, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * True once the call log has caught up with the calls (REALITY 14): every stored record is
 * shown, and each RingOut record of a call that reached the other party carries that leg.
 */
export function callLogSettled(sim: Simulator): boolean {
  if (sim.callLog.query(callLogQuery()).total !== sim.callLog.size) return false;
  return [...sim.calls.values()].every(
    (call) =>
      !call.legs().calleeLeg ||
      sim.callLog
        .query(callLogQuery({ view: 'Detailed', telephonySessionId: call.telephonySessionId }))
        .records.every((record) => ((record['legs'] as unknown[] | undefined)?.length ?? 0) > 1),
  );
}

/** A response body as loosely typed JSON: tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function jsonOf(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}

/** The HTTP answer of an SDK call that must fail (the SDK throws with `response`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function apiFailure(request: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    await request;
  } catch (error) {
    const response = (error as { response?: Response }).response;
    if (!response) throw error;
    return { status: response.status, body: await response.json().catch(() => null) };
  }
  throw new Error('expected the request to fail, but it succeeded');
}
