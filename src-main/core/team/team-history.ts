/**
 * One person's calls in the team archive, newest first, a page at a time (keyset: the page
 * after `before`). What the connected login may read is row-level security's: a member asking
 * for another extension gets an empty page.
 */
import type pg from 'pg';

export interface TeamHistoryRow {
  id: string;
  startTime: number;
  extensionId: string;
  direction: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  toName: string | null;
  result: string | null;
  ringOut: boolean;
  callerState: string | null;
  calleeState: string | null;
  duration: number | null;
}

export const TEAM_HISTORY_PAGE = 50;

export async function teamHistoryPage(
  client: pg.ClientBase,
  extensionId: string,
  options: { before?: { startTime: number; id: string }; limit?: number } = {},
): Promise<TeamHistoryRow[]> {
  const before = options.before;
  const result = await client.query<{
    id: string;
    start_time: Date;
    extension_id: string;
    direction: string | null;
    from_number: string | null;
    to_number: string | null;
    to_name: string | null;
    result: string | null;
    ring_out: boolean;
    caller_state: string | null;
    callee_state: string | null;
    duration: number | null;
  }>(
    `SELECT id, start_time, extension_id, direction, from_number, to_number, to_name, result, ring_out, caller_state, callee_state, duration
     FROM calls WHERE extension_id = $1 ${before ? 'AND (start_time, id) < ($3, $4)' : ''}
     ORDER BY start_time DESC, id DESC LIMIT $2`,
    before ? [extensionId, options.limit ?? TEAM_HISTORY_PAGE, new Date(before.startTime), before.id] : [extensionId, options.limit ?? TEAM_HISTORY_PAGE],
  );
  return result.rows.map((r) => ({
    id: r.id,
    startTime: r.start_time.getTime(),
    extensionId: r.extension_id,
    direction: r.direction,
    fromNumber: r.from_number,
    toNumber: r.to_number,
    toName: r.to_name,
    result: r.result,
    ringOut: r.ring_out,
    callerState: r.caller_state,
    calleeState: r.callee_state,
    duration: r.duration,
  }));
}
