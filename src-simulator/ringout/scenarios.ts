import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What happens on each leg of a simulated RingOut, keyed by the number called. */
const callerOutcome = z.enum(['answer', 'busy', 'noAnswer', 'rejected', 'voicemail']);
const calleeOutcome = z.enum(['answer', 'busy', 'noAnswer', 'rejected', 'voicemail', 'internationalDisabled', 'noSuchUser']);

export const scenarioSchema = z.object({
  label: z.string(),
  /** Your phone (the "ring me at" number): how long it rings and how it ends. */
  caller: z.object({ outcome: callerOutcome, afterSeconds: z.number().min(0).max(600) }),
  /** The other party, dialled only if your phone answered. */
  callee: z.object({ outcome: calleeOutcome, afterSeconds: z.number().min(0).max(600) }),
  /** How long a connected call lasts (simulated seconds). */
  talkSeconds: z.number().min(0).max(36_000).default(20),
  calleeName: z.string().optional(),
  /**
   * After the other party answered: you move the call to another of your phones (`switch`,
   * reason CallSwitch; `pickup`, reason Pickup) or blind-transfer it (REALITY 20).
   */
  handoff: z.object({ kind: z.enum(['switch', 'pickup', 'blindTransfer']), afterSeconds: z.number().min(0).max(36_000) }).optional(),
});

export const scenarioFileSchema = z.object({
  default: scenarioSchema.optional(),
  numbers: z.record(z.string().regex(/^\+\d{6,15}$/, 'numbers must be E.164, like +12125550100'), scenarioSchema),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type CallerOutcome = z.infer<typeof callerOutcome>;
export type CalleeOutcome = z.infer<typeof calleeOutcome>;
export type Handoff = NonNullable<Scenario['handoff']>;

export interface ScenarioTable {
  default: Scenario;
  numbers: Record<string, Scenario>;
}

const answer = (afterSeconds: number) => ({ outcome: 'answer' as const, afterSeconds });

/** The demo numbers (documented in the README). */
export const DEFAULT_SCENARIOS: ScenarioTable = {
  default: { label: 'Connects', caller: answer(3), callee: answer(5), talkSeconds: 30 },
  numbers: {
    '+12125550100': { label: 'Connects, both answer', caller: answer(3), callee: answer(4), talkSeconds: 20, calleeName: 'Jordan Rivera' },
    '+12125550101': {
      label: 'Their line is busy',
      caller: answer(3),
      callee: { outcome: 'busy', afterSeconds: 2 },
      talkSeconds: 0,
      calleeName: 'Casey Morgan',
    },
    '+12125550102': {
      label: 'They do not pick up',
      caller: answer(3),
      callee: { outcome: 'noAnswer', afterSeconds: 30 },
      talkSeconds: 0,
      calleeName: 'Riley Chen',
    },
    '+12125550103': { label: 'They decline', caller: answer(3), callee: { outcome: 'rejected', afterSeconds: 6 }, talkSeconds: 0, calleeName: 'Taylor Brooks' },
    '+12125550104': {
      label: 'Their voicemail answers',
      caller: answer(3),
      callee: { outcome: 'voicemail', afterSeconds: 20 },
      talkSeconds: 15,
      calleeName: 'Morgan Lee',
    },
    '+12125550105': {
      label: 'Your phone is busy',
      caller: { outcome: 'busy', afterSeconds: 2 },
      callee: answer(4),
      talkSeconds: 0,
      calleeName: 'Daenerys Targaryen',
    },
    '+12125550106': {
      label: 'You do not answer',
      caller: { outcome: 'noAnswer', afterSeconds: 30 },
      callee: answer(4),
      talkSeconds: 0,
      calleeName: 'Avery Patel',
    },
    '+12125550107': {
      label: 'You decline on your phone',
      caller: { outcome: 'rejected', afterSeconds: 4 },
      callee: answer(4),
      talkSeconds: 0,
      calleeName: 'Jamie Fox',
    },
    '+12125550108': { label: 'Long call (2 minutes)', caller: answer(2), callee: answer(3), talkSeconds: 120, calleeName: 'Drew Kim' },
    '+12125550109': { label: 'The number does not exist', caller: answer(3), callee: { outcome: 'noSuchUser', afterSeconds: 1 }, talkSeconds: 0 },
    '+12125550111': {
      label: 'Your voicemail answers (with the prompt on, nobody presses 1)',
      caller: { outcome: 'voicemail', afterSeconds: 6 },
      callee: answer(4),
      talkSeconds: 0,
      calleeName: 'Sasha Ivanova',
    },
    '+12125550112': {
      label: 'You move the call to your mobile mid-call',
      caller: answer(2),
      callee: answer(3),
      talkSeconds: 30,
      calleeName: 'Robin Okafor',
      handoff: { kind: 'switch', afterSeconds: 8 },
    },
    '+442071838750': { label: 'International calls blocked', caller: answer(3), callee: { outcome: 'internationalDisabled', afterSeconds: 1 }, talkSeconds: 0 },
  },
};

export function scenarioFor(table: ScenarioTable, toNumber: string): Scenario {
  return table.numbers[toNumber] ?? table.default;
}

/** Loads a scenario file; the file's numbers override (and add to) the defaults. */
export function loadScenarioFile(file: string): ScenarioTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read scenario file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Scenario file ${file} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return {
    default: parsed.data.default ?? DEFAULT_SCENARIOS.default,
    numbers: { ...DEFAULT_SCENARIOS.numbers, ...parsed.data.numbers },
  };
}
