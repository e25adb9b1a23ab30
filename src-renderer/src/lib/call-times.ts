import type { TrackedCall } from '../../../src-shared/calls';

/**
 * How long the two parties talked, in seconds: from the moment their leg answered to the end
 * of the call. Null when they never answered or the call has not ended.
 */
export function talkSeconds(call: Pick<TrackedCall, 'endedAt' | 'callee'>): number | null {
  if (call.endedAt === null) return null;
  const answered = call.callee.history.find((h) => h.state === 'connected')?.at;
  if (answered === undefined) return null;
  return Math.max(0, (call.endedAt - answered) / 1000);
}
