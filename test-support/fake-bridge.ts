import { vi } from 'vitest';
import type { TrackedCall } from '../src-shared/calls';
import type { AppSnapshot, EventChannel, EventPayloads, InvokeChannel, InvokeResponses, Result, RingsideBridge } from '../src-shared/ipc-contract';
import type { LegState } from '../src-shared/leg-state';
import { DEFAULT_SETTINGS } from '../src-shared/settings';
import { IDLE_SYNC } from '../src-shared/history';

type Answers = { [C in InvokeChannel]?: (request: unknown) => Result<InvokeResponses[C]> | Promise<Result<InvokeResponses[C]>> };

/** A scripted stand-in for window.ringside in component tests: answers per channel, and emit(). */
export class FakeBridge implements RingsideBridge {
  readonly calls: Array<{ channel: InvokeChannel; request: unknown }> = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  answers: Answers;

  constructor(snapshot: Partial<AppSnapshot> = {}, answers: Answers = {}) {
    const full: AppSnapshot = {
      session: { status: 'signedIn', demo: true, server: 'http://127.0.0.1:1', userName: 'Alex Demo', extensionNumber: '101' },
      calls: [],
      sync: { ...IDLE_SYNC },
      rate: { queued: { user: 0, live: 0, sync: 0 }, waitingUntil: null },
      settings: structuredClone(DEFAULT_SETTINGS),
      notice: null,
      envRedirectUri: null,
      wrapUps: [],
      ...snapshot,
    };
    this.answers = {
      'app.snapshot': () => ({ ok: true, value: full }),
      'numbers.list': () => ({
        ok: true,
        value: {
          ringMeAt: [{ id: '1', phoneNumber: '+16505550198', label: 'My mobile' }],
          callerIds: [{ phoneNumber: '+16505550110', label: 'Direct number' }],
        },
      }),
      'history.query': () => ({ ok: true, value: { rows: [], total: 0 } }),
      ...answers,
    };
  }

  invoke = vi.fn(async (channel: InvokeChannel, request: unknown) => {
    this.calls.push({ channel, request });
    const answer = this.answers[channel];
    if (!answer) return { ok: false, error: { code: 'INTERNAL', message: `no fake answer for ${channel}` } };
    return answer(request);
  }) as unknown as RingsideBridge['invoke'];

  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    this.listeners.set(channel, set);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    this.listeners.get(channel)?.forEach((listener) => listener(payload));
  }
}

/** A tracked call in a given state, for rendering. */
export function trackedCall(caller: LegState, callee: LegState, patch: Partial<TrackedCall> = {}): TrackedCall {
  const at = Date.now() - 4000;
  const leg = (state: LegState) => ({
    state,
    raw: null,
    since: at,
    confirmed: false,
    history: [
      { state: 'waiting' as const, raw: null, at, source: 'local' as const },
      ...(state === 'waiting' ? [] : [{ state, raw: null, at, source: 'status' as const }]),
    ],
  });
  return {
    id: 'call-1',
    ringOutId: 'ro-1',
    to: '+12125550100',
    toName: 'Jordan Rivera',
    from: '+16505550198',
    callerId: null,
    playPrompt: false,
    createdAt: at,
    endedAt: null,
    phase: 'live',
    caller: leg(caller),
    callee: leg(callee),
    sessionId: null,
    telephonySessionId: null,
    recordId: null,
    explanation: null,
    problem: null,
    lastContactAt: at,
    reconcileAttempts: 0,
    partySequences: {},
    ...patch,
  };
}
