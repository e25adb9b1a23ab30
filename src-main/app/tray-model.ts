import { isInProgress, type TrackedCall } from '../../src-shared/calls';
import type { SyncProgress } from '../../src-shared/history';
import type { SessionView } from '../../src-shared/ipc-contract';
import { tooltipLine } from '../../src-shared/leg-labels';
import { callHasFailedLeg, legTone } from '../../src-shared/leg-tone';
import { localeSyncFormats, syncLine } from '../../src-shared/sync-words';

export type TrayEndLabel = 'Cancel call' | 'Hang up' | 'Ending…';

export type TrayIcon = 'signedOut' | 'idle' | 'ringingYou' | 'ringingThem' | 'connected' | 'failed';

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  /**
   * The call shown at the top of the menu with the way to end it: "Cancel call" before your
   * phone answers, "Hang up" after, "Ending…" (disabled) until RingCentral confirms the end.
   */
  liveCall: { id: string; label: string; cancellable: boolean; endLabel: TrayEndLabel } | null;
  recentNumbers: string[];
  /** Names of the recent numbers that have one (contacts, directory, call log). */
  recentNames: Record<string, string>;
  signedIn: boolean;
  demo: boolean;
  /** Why Ringside is not in touch with RingCentral (the history sync's error), shown instead of "Ready". */
  trouble?: string | null;
  /** "History since 3 Dec 2025 · 1,234 of about 5,000 calls · about 12 min left" (the history window's words); null before the first page. */
  syncLine?: string | null;
}

/** Main's own locale, as the tray shows dates. */
const syncFormats = localeSyncFormats();

/** How long a failed call keeps the tray red after it ended. */
export const FAILED_ICON_MS = 60_000;

function iconFor(call: TrackedCall | undefined, now: number): TrayIcon {
  if (!call) return 'idle';
  const { caller, callee } = call;
  if (isInProgress(call)) {
    // Your own voicemail answered: the other party will not be called (a failure of your leg, not a call).
    if (legTone('caller', caller.state) === 'failure') return 'failed';
    if (caller.state === 'waiting' || caller.state === 'ringing') return 'ringingYou';
    if (caller.state === 'connected' && (callee.state === 'waiting' || callee.state === 'ringing')) return 'ringingThem';
    if (caller.state === 'connected' && (callee.state === 'connected' || callee.state === 'voicemail')) return 'connected';
  }
  // One colour rule per leg (src-shared/leg-tone.ts): a cancel you chose is not a failure.
  const failed = callHasFailedLeg(call) || call.phase === 'failed';
  if (failed && now - (call.endedAt ?? now) < FAILED_ICON_MS) return 'failed';
  if (call.phase === 'live') return 'connected';
  return 'idle';
}

/** A call can be ended in any phase: cancelled before your phone answers, hung up after (Call Control). */
function endAction(call: TrackedCall): { cancellable: boolean; endLabel: TrayEndLabel } {
  if (call.ending) return { cancellable: false, endLabel: 'Ending…' };
  const answered = call.caller.state === 'connected' || call.caller.state === 'voicemail';
  return { cancellable: true, endLabel: answered ? 'Hang up' : 'Cancel call' };
}

/** The tray's look and menu, derived from the session and the calls (pure). */
export function trayModel(
  session: SessionView,
  calls: readonly TrackedCall[],
  recentNumbers: readonly string[],
  now: number,
  nameOf?: (number: string) => string | null,
  sync: SyncProgress | null = null,
): TrayModel {
  // Out of reach of RingCentral: the sync's last error says why.
  const trouble = sync?.phase === 'error' ? sync.message : null;
  const demo = session.demo;
  const recentNames: Record<string, string> = {};
  for (const number of recentNumbers.slice(0, 8)) {
    const name = nameOf?.(number);
    if (name) recentNames[number] = name;
  }
  const suffix = demo ? ' (demo)' : '';
  if (session.status !== 'signedIn') {
    const reason = session.status === 'needsSignIn' ? 'Signed out by RingCentral' : session.status === 'signingIn' ? 'Signing in…' : 'Signed out';
    return {
      icon: 'signedOut',
      tooltip: `Ringside${suffix}: ${reason}`,
      liveCall: null,
      recentNumbers: [...recentNumbers],
      recentNames,
      signedIn: false,
      demo,
    };
  }
  const latest = [...calls].sort((a, b) => b.createdAt - a.createdAt)[0];
  const icon = iconFor(latest, now);
  const active = latest && (isInProgress(latest) || icon === 'failed');
  const idle = trouble ? `Not in touch with RingCentral (${trouble})` : 'Ready';
  const tooltip = active ? `Ringside${suffix}: ${tooltipLine(latest.caller.state, latest.callee.state)}` : `Ringside${suffix}: ${idle}`;
  const liveCall =
    latest && isInProgress(latest)
      ? { id: latest.id, label: `${latest.toName ?? latest.to} — ${tooltipLine(latest.caller.state, latest.callee.state)}`, ...endAction(latest) }
      : null;
  const line = sync ? syncLine(sync, syncFormats) : null;
  return { icon, tooltip, liveCall, recentNumbers: [...recentNumbers], recentNames, signedIn: true, demo, trouble, syncLine: line };
}
