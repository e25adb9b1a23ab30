/**
 * The simulator as tests and benchmarks start it: with the HTTP control routes (faults, reset,
 * seed, request log) behind a per-run random token. Demo mode imports `src-simulator` only and
 * so never carries these routes.
 */
import { CONTROL_TOKEN_HEADER, createControlRoutes, MAX_SEED_PER_REQUEST } from './routes/control-routes';
import { Simulator, type SimulatorOptions } from './simulator';

export { CONTROL_TOKEN_HEADER, MAX_SEED_PER_REQUEST };

/** Starts a simulator whose control routes answer to `controlToken` (sent in `X-Simulator-Token`). */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return Simulator.start({ ...options, controls: createControlRoutes() });
}

/** Calls one control route of a simulator started by `startTestSimulator`. */
export function control(sim: Simulator, method: 'GET' | 'POST', name: string, body?: unknown, token = sim.controlToken ?? ''): Promise<Response> {
  return fetch(`${sim.url}${sim.controlPrefix}${name}`, {
    method,
    headers: { [CONTROL_TOKEN_HEADER]: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
