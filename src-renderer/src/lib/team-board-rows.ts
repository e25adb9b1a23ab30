/** The Team board's rows (issue 29): one per person, their newest call's legs side by side, busiest first. */
import { personPresence, type BoardCall, type BoardSnapshot, type BoardUpdate, type PresenceKind, type TeamMember } from '../../../src-shared/team-board';

export interface BoardRow {
  member: TeamMember;
  /** The newest call first (a live one before an ended one). */
  calls: BoardCall[];
  presence: PresenceKind;
}

/** Who to look at first: the live and the failing before the quiet. */
const ORDER: Record<PresenceKind, number> = { ringing: 0, talking: 1, busy: 2, notAnswering: 3, failed: 4, ended: 5, idle: 6 };

export function boardRows(snapshot: BoardSnapshot, department: string | null, onCallOnly: boolean): BoardRow[] {
  const byPerson = new Map<string, BoardCall[]>();
  for (const call of snapshot.calls) byPerson.set(call.extensionId, [...(byPerson.get(call.extensionId) ?? []), call]);
  return snapshot.members
    .filter((m) => department === null || (m.department ?? '') === department)
    .map((member) => {
      const calls = (byPerson.get(member.extensionId) ?? []).sort(
        (a, b) => Number(a.endedAt !== null) - Number(b.endedAt !== null) || b.startedAt - a.startedAt,
      );
      return { member, calls, presence: personPresence(calls) };
    })
    .filter((row) => !onCallOnly || row.calls.length > 0)
    .sort((a, b) => ORDER[a.presence] - ORDER[b.presence] || a.member.name.localeCompare(b.member.name));
}

/** The board after one update; an older copy of a call (lower revision) never replaces a newer one. */
export function applyBoardUpdate(snapshot: BoardSnapshot, update: BoardUpdate): BoardSnapshot {
  switch (update.kind) {
    case 'snapshot':
      return update.snapshot;
    case 'removed':
      return { ...snapshot, calls: snapshot.calls.filter((c) => c.telephonySessionId !== update.telephonySessionId) };
    case 'call': {
      const known = snapshot.calls.find((c) => c.telephonySessionId === update.call.telephonySessionId);
      if (known && known.revision > update.call.revision) return snapshot;
      return { ...snapshot, calls: [...snapshot.calls.filter((c) => c !== known), update.call] };
    }
  }
}

/** The departments of the team, sorted (people without one under ''). */
export function departmentsOf(snapshot: BoardSnapshot): string[] {
  return [...new Set(snapshot.members.map((m) => m.department ?? ''))].sort((a, b) => a.localeCompare(b));
}
