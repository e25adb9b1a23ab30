/**
 * The team's totals as anyone on the team may read them: RingOut calls counted by how both
 * legs ended, in the analytics' buckets, from a database function that returns counts only
 * (row-level security keeps a member's own reads to their own calls).
 */
import type pg from 'pg';
import { emptyCounts, type OutcomeCounts } from '../../../src-shared/annotations';
import { analyticsOutcome } from '../history/analytics';

export interface TeamTotals {
  from: Date;
  to: Date;
  calls: number;
  yours: OutcomeCounts;
  theirs: OutcomeCounts;
}

export async function teamTotals(client: pg.ClientBase, from: Date, to: Date): Promise<TeamTotals> {
  const result = await client.query<{ caller_state: string | null; callee_state: string | null; calls: string }>(
    'SELECT caller_state, callee_state, calls FROM ringside_team_totals($1, $2)',
    [from, to],
  );
  const totals: TeamTotals = { from, to, calls: 0, yours: emptyCounts(), theirs: emptyCounts() };
  for (const row of result.rows) {
    const n = Number(row.calls);
    totals.calls += n;
    totals.yours[analyticsOutcome(row.caller_state)] += n;
    totals.theirs[analyticsOutcome(row.callee_state)] += n;
  }
  return totals;
}
