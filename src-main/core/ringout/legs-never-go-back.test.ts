/**
 * The product's core promise as a property: what a leg SHOWS is only ever refined, never
 * replaced by a worse guess, never goes back (the order is written down in
 * src-shared/leg-refinement.ts), and an ended call never looks live again.
 *
 * Every demo number (src-simulator/ringout/scenarios.ts) × every hang-up moment (none; before
 * your phone answers; while their phone rings; after connect) × push (account level: both
 * parties; your own party only, as for a user who is not an admin; none: polling only),
 * against the real simulator (all of REALITY.md's habits on, a fast clock) and the real
 * tracker. The words each leg shows are derived as the renderer derives them (the lane's
 * label, tone and hint; the strip's short word); the property is checked on the leg state
 * they all come from. Calls run in parallel, one simulator per push mode and moment (one call
 * per number in each, every call ringing its own phone, so no call can be taken for another).
 *
 * "Back" is anything but a refinement (`refines` in src-shared/leg-refinement.ts, the order
 * written down there): a state is replaced only by one that tells more, so no state comes back.
 * The call log's permission to correct a contradicted outcome is not granted here: a simulator
 * that tells the same truth to push, status and call log never needs one, so a correction
 * showing up here is a bug too.
 *
 * Deterministic where it matters: the property holds for every order in which events,
 * polls and call-log reads arrive, so a busy machine changes only which path a call takes
 * (a hang-up moment a poll did not see is not acted on), never the verdict.
 */
import { describe, expect, it } from 'vitest';
import { isInProgress, type LegTrack, type TrackedCall } from '../../../src-shared/calls';
import { LEG_SHORT } from '../../../src-shared/leg-labels';
import { refines } from '../../../src-shared/leg-refinement';
import type { LegState } from '../../../src-shared/leg-state';
import { DEFAULT_SCENARIOS } from '../../../src-simulator/ringout/scenarios';
import { legHint, messages } from '../../../src-renderer/src/lib/messages';
import { legTone } from '../../../src-renderer/src/lib/tone';
import { coreRig, finalCall, type CoreRig } from '../../../test-support/core-harness';
import { TrackerError } from './tracker';

const PUSH_MODES = ['account', 'extension', 'none'] as const;

const MOMENTS = ['none', 'beforeYourPhoneAnswers', 'whileTheirPhoneRings', 'afterConnect'] as const;
type Moment = (typeof MOMENTS)[number];

/** Every demo number, and one the table does not list (the default scenario). */
const NUMBERS = [...Object.keys(DEFAULT_SCENARIOS.numbers), '+13125550142'];

/** The account's own numbers (a RingOut ringing one is logged as two records, REALITY 12), then mobiles of our own. */
const OWN_PHONES = ['+16505550197', '+16505550110'];
const ringMeAt = (index: number, rig: number) => {
  const own = (index + rig) % NUMBERS.length;
  return own < OWN_PHONES.length ? OWN_PHONES[own]! : `+1650555${String(3000 + index).padStart(4, '0')}`;
};

/** What the user sees of one leg, derived as the popover's lane and the tray strip derive it. */
function shown(leg: 'caller' | 'callee', track: LegTrack, over: boolean) {
  return {
    state: track.state,
    words: `${messages.legState[track.state]} (${legTone(leg, track.state)}; strip "${LEG_SHORT[track.state]}"; ${legHint(leg, track.state, over) ?? 'no hint'})`,
  };
}

/** The moment has come (as the user sees the call) to press Cancel / Hang up. */
function momentReached(moment: Moment, call: TrackedCall): boolean {
  if (!isInProgress(call) || !call.ringOutId || call.ending) return false;
  switch (moment) {
    case 'none':
      return false;
    case 'beforeYourPhoneAnswers':
      return call.caller.state === 'ringing';
    case 'whileTheirPhoneRings':
      return call.caller.state === 'connected' && call.callee.state === 'ringing';
    case 'afterConnect':
      return call.callee.state === 'connected' || call.callee.state === 'voicemail';
  }
}

interface Watched {
  number: string;
  legs: Record<'caller' | 'callee', Array<{ state: LegState; words: string }>>;
  /** True once the call looked over; it must never look live again. */
  lookedOver: boolean;
  relived: boolean;
  hungUp: boolean;
}

async function runRig(rig: CoreRig, moment: Moment, rigIndex: number) {
  // Keyed by the phone each call rings first (one per call): every update is seen, from "placing" on.
  const watched = new Map<string, Watched>();
  const observe = (call: TrackedCall) => {
    const entry = watched.get(call.from);
    if (!entry) return;
    const over = !isInProgress(call);
    for (const leg of ['caller', 'callee'] as const) {
      const view = shown(leg, call[leg], over);
      const seen = entry.legs[leg];
      if (seen.at(-1)?.state !== view.state) seen.push(view);
    }
    if (over) entry.lookedOver = true;
    else if (entry.lookedOver) entry.relived = true;
    if (!entry.hungUp && momentReached(moment, call)) {
      entry.hungUp = true;
      rig.tracker.cancel(call.id).catch((error: unknown) => {
        // Still being placed: press again at the next change. Refused or over: as a user would, carry on.
        if (error instanceof TrackerError && error.code === 'TOO_LATE') entry.hungUp = false;
      });
    }
  };
  rig.tracker.onUpdated(observe);
  // The prompt ("press 1") on in every other rig: your voicemail then "answers" (Answered Not Accepted).
  const playPrompt = rigIndex % 2 === 0;
  // Placed one after the other (each POST answered before the next, as a user places them), so
  // the rate planner has learnt the Heavy group's limit before the next; the calls then overlap.
  const calls: Array<{ id: string; entry: Watched }> = [];
  for (const [index, number] of NUMBERS.entries()) {
    const from = ringMeAt(index, rigIndex);
    const entry: Watched = { number, legs: { caller: [], callee: [] }, lookedOver: false, relived: false, hungUp: false };
    watched.set(from, entry);
    const call = await rig.tracker.place({ to: number, from, playPrompt });
    calls.push({ id: call.id, entry });
  }
  const finals = await Promise.all(
    calls.map(({ id, entry }) =>
      finalCall(rig, id, 60_000).catch((error: Error) => {
        const call = rig.tracker.get(id);
        throw new Error(
          `${error.message}: ${entry.number} ${JSON.stringify({ phase: call?.phase, caller: call?.caller.history, callee: call?.callee.history, ending: call?.ending, problem: call?.problem, attempts: call?.reconcileAttempts })}`,
        );
      }),
    ),
  );
  return { calls, finals };
}

function violations(entry: Watched, context: string): string[] {
  const found: string[] = [];
  for (const leg of ['caller', 'callee'] as const) {
    const seen = entry.legs[leg];
    for (let i = 1; i < seen.length; i++) {
      if (!refines(seen[i - 1]!.state, seen[i]!.state)) {
        found.push(`${context} ${entry.number} ${leg === 'caller' ? 'You' : 'Them'}: ${seen.map((s) => s.words).join(' → ')}`);
        break;
      }
    }
  }
  if (entry.relived) found.push(`${context} ${entry.number}: looked ended, then live again`);
  return found;
}

describe.concurrent('every leg only moves forward: every demo outcome × hang-up moment × push', () => {
  PUSH_MODES.forEach((push, p) => {
    MOMENTS.forEach((moment, m) => {
      it(`push ${push}, hang-up ${moment}`, async () => {
        // Each test its own simulator and core, closed by the test itself (the tests run side by side).
        const rig = await coreRig({
          push: push !== 'none',
          pushScope: push === 'account' ? 'account' : 'extension',
          sim: { timeScale: 25, callLogDelaySeconds: 5, statusExpirySeconds: 10 },
        });
        // Switch: generous rate limits. Thirteen calls placed, cancelled and reconciled within a few
        // (25× fast) windows would otherwise meet 429s, which are the rate planner's own tests' matter.
        rig.sim.rateLimiter.limits = { Light: 10_000, Medium: 10_000, Heavy: 10_000, Auth: 10_000 };
        const { calls, finals } = await runRig(rig, moment, p * MOMENTS.length + m).finally(() => rig.close());
        const found = calls.flatMap(({ entry }) => violations(entry, `[push ${push}, hang-up ${moment}]`));
        expect(found).toEqual([]);
        // Not vacuous: every call ended, and the call log confirmed them (the simulator logs them all).
        // One exception is honest: a hang-up between your answer and their phone being dialled
        // (the status reads "InProgress" for them meanwhile) leaves a record without their leg,
        // which Ringside does not take for "not called": "not yet in the call log", until a sync.
        const unconfirmed = finals.filter((c) => c.phase !== 'confirmed' && !(c.phase === 'unknown' && c.callLogPending && moment !== 'none'));
        expect(unconfirmed.map((c) => `${c.to}: ${c.phase} (${c.problem}) ${JSON.stringify([c.caller.history, c.callee.history])}`)).toEqual([]);
        expect(finals.filter((c) => c.phase === 'confirmed').length).toBeGreaterThan(NUMBERS.length / 2);
        expect(finals.map((c) => c.to)).toEqual(calls.map(({ entry }) => entry.number));
        // Every call was seen moving (your phone at least rang), and the moment came for some calls.
        expect(calls.every(({ entry }) => entry.legs.caller.length >= 2)).toBe(true);
        if (moment !== 'none') expect(calls.some(({ entry }) => entry.hungUp)).toBe(true);
      }, 90_000);
    });
  });
});
