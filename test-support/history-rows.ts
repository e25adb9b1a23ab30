import type { HistoryRow } from '../src-shared/history-row';

/**
 * One history row as main sends it to the renderer, for component and state tests: a
 * RingOut to +1 212 555 0111 where your phone was busy, with `patch` on top.
 */
export function historyRow(i: number, patch: Partial<HistoryRow> = {}): HistoryRow {
  return {
    id: `r${i}`,
    startTime: new Date(Date.UTC(2026, 10, 24, 12, 0) - i * 60_000).toISOString(),
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Busy',
    fromNumber: '+16505550198',
    fromName: 'Alex Demo',
    toNumber: '+12125550111',
    toName: `Person ${i}`,
    duration: 4,
    ringOut: true,
    callerStatus: 'Busy',
    calleeStatus: 'Not called',
    callerState: 'busy',
    calleeState: 'notCalled',
    explanation: 'Your phone was busy, so the other party was never called.',
    tracked: false,
    contactName: null,
    nameSource: null,
    otherNames: [],
    note: null,
    disposition: null,
    favourite: false,
    ...patch,
  };
}
