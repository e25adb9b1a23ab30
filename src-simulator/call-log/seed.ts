import type { SimAccount } from '../account/demo-account';
import * as ids from '../ids';
import { buildOrdinaryRecord, buildRingOutRecord, type RingOutFlavour } from './record-builder';

type Json = Record<string, unknown>;

export interface SeedOptions {
  count: number;
  baseUrl: string;
  account: SimAccount;
  /** Wall-clock end of the generated history (default now). */
  until?: number;
  /** How far back the history reaches (default grows with the count, 7..365 days). */
  spanDays?: number;
  /** PRNG seed: the same seed gives the same history. */
  seed?: number;
  /**
   * Records as messy as the live service's (REALITY 12, 15): some RingOuts to your own
   * RingCentral phone logged as two records, `from` with only a name, numbers without `+`,
   * legs without `billing`/`master`, and `Answered Not Accepted` results. Default off.
   */
  messy?: boolean;
  /**
   * Enums as they drift on the live service (REALITY 27): RingOutOneLegToCaller legs, newer
   * results (`Sent to Voicemail`, `Answered Elsewhere`, `Callback requested`, `Not Allowed`),
   * a busy leg's `reason: Line Busy`. Default off.
   */
  drift?: boolean;
  /**
   * A legacy account's history (REALITY 5, 27): the older half spells the reason `line Busy`,
   * as before RingCentral changed it. The spec lists only `Line Busy`, so default off.
   */
  legacy?: boolean;
}

/** Makes a record as untidy as real ones are (REALITY 15); which mess depends on the roll. */
function untidy(record: Json, roll: number): void {
  const legs = (record['legs'] as Json[] | undefined) ?? [];
  if (roll < 0.3) {
    const from = record['from'] as { name?: string } | undefined;
    if (from?.name) record['from'] = { name: from.name };
  } else if (roll < 0.6) {
    for (const holder of [record, ...legs]) {
      for (const key of ['from', 'to']) {
        const p = holder[key] as { phoneNumber?: string } | undefined;
        if (p?.phoneNumber) holder[key] = { ...p, phoneNumber: p.phoneNumber.replace(/^\+/, '') };
      }
    }
  } else {
    for (const leg of legs) {
      delete leg['billing'];
      delete leg['master'];
    }
  }
}

const PEOPLE = [
  'Jordan Rivera',
  'Casey Morgan',
  'Riley Chen',
  'Taylor Brooks',
  'Morgan Lee',
  'Avery Patel',
  'Jamie Fox',
  'Drew Kim',
  'Quinn Alvarez',
  'Reese Novak',
  'Skyler Grant',
  'Harper Singh',
  'Emerson Wright',
  'Rowan Ito',
  'Sasha Ivanova',
  'Noah Becker',
  'Lena Schulz',
  'Omar Haddad',
  'Priya Raman',
  'Mateo Rossi',
];

/** Outcome mix of RingOut calls: [weight, caller result, callee result or null (not dialled)]. */
const RINGOUT_MIX: Array<[number, string, string | null]> = [
  [55, 'Call connected', 'Call connected'],
  [10, 'Call connected', 'Busy'],
  [12, 'Call connected', 'No Answer'],
  [4, 'Call connected', 'Rejected'],
  [5, 'Call connected', 'Voicemail'],
  [2, 'Call connected', 'International Disabled'],
  [6, 'Busy', null],
  [6, 'No Answer', null],
];

const ORDINARY_MIX: Array<[number, 'Inbound' | 'Outbound', string]> = [
  [40, 'Inbound', 'Call connected'],
  [15, 'Inbound', 'Missed'],
  [10, 'Inbound', 'Voicemail'],
  [30, 'Outbound', 'Call connected'],
  [5, 'Outbound', 'No Answer'],
];

function pick<T extends [number, ...unknown[]]>(random: () => number, mix: T[]): T {
  const total = mix.reduce((sum, item) => sum + item[0], 0);
  let roll = random() * total;
  for (const item of mix) {
    roll -= item[0];
    if (roll < 0) return item;
  }
  return mix[mix.length - 1]!;
}

/**
 * Generates a realistic call history: about 60% RingOut calls (all three flavours, every
 * outcome including one-leg records) and 40% ordinary inbound/outbound calls, spread over
 * the span, mostly for the signed-in user and some for a colleague (account level only).
 */
export function generateHistory(options: SeedOptions): Array<{ record: Json; extensionId: number }> {
  const random = ids.seededRandom(options.seed ?? 1);
  const until = options.until ?? Date.now();
  const spanDays = options.spanDays ?? Math.min(365, Math.max(7, Math.ceil(options.count / 200)));
  const spanMs = spanDays * 24 * 3600 * 1000;
  const flavours: RingOutFlavour[] = ['Client', 'Client', 'Web', 'Device'];
  const out: Array<{ record: Json; extensionId: number }> = [];
  const contacts = PEOPLE.map((name, i) => ({ name, phoneNumber: `+1212555${String(2000 + i * 37).padStart(4, '0')}` }));
  // A record is never modified after the history's end (it would look changed to the first sync).
  for (let i = 0; i < options.count; i++) {
    const user = random() < 0.85 ? options.account.extensions[0]! : (options.account.extensions[1] ?? options.account.extensions[0]!);
    const ctx = { baseUrl: options.baseUrl, accountId: options.account.id, extensionId: user.id };
    // Evenly spread with jitter, so any window of the span holds calls.
    const start = until - spanMs + ((i + random()) / options.count) * spanMs;
    const contact = contacts[Math.floor(random() * contacts.length)]!;
    const other = random() < 0.15 ? { phoneNumber: contact.phoneNumber } : contact;
    const id = ids.callRecordId(random);
    const sessionId = ids.sessionId(random);
    if (random() < 0.6) {
      const [, callerResult, calleeResult] = pick(random, RINGOUT_MIX);
      // RingOut rings first only a phone it may (a mobile or a digital line), never a home landline.
      const ringable = user.forwardingNumbers.filter((n) => n.type === 'Mobile' || n.type === 'PhoneLine');
      const ringMeAtNumber = ringable[Math.floor(random() * ringable.length)]!;
      const ringMeAt = ringMeAtNumber.phoneNumber;
      const callerRing = 2 + Math.floor(random() * 8);
      const talk = calleeResult === 'Call connected' ? 20 + Math.floor(random() * 600) : calleeResult === 'Voicemail' ? 15 + Math.floor(random() * 40) : 0;
      const calleeRing = calleeResult === 'No Answer' ? 30 : 2 + Math.floor(random() * 10);
      const callerDuration = calleeResult === null ? (callerResult === 'No Answer' ? 30 : callerRing) : callerRing + calleeRing + talk;
      const startIso = new Date(start).toISOString();
      const calleeStart = new Date(start + callerRing * 1000 + 500).toISOString();
      const end = start + callerDuration * 1000;
      const record = buildRingOutRecord({
        ...ctx,
        id,
        sessionId,
        flavour: flavours[Math.floor(random() * flavours.length)]!,
        user: { phoneNumber: ringMeAt, name: user.name },
        other,
        callerLeg: { startTime: startIso, duration: callerDuration, result: callerResult },
        calleeLeg: calleeResult === null ? undefined : { startTime: calleeStart, duration: calleeRing + talk, result: calleeResult },
        lastModifiedTime: new Date(Math.min(until, end + 20_000 + Math.floor(random() * 20_000))).toISOString(),
      });
      out.push({ record, extensionId: user.id });
      if (options.messy)
        messUp(record, {
          random,
          ringMeAtIsOwn: ringMeAtNumber.type === 'PhoneLine',
          user: { phoneNumber: ringMeAt, name: user.name },
          other,
          out,
          extensionId: user.id,
          ctx,
        });
    } else {
      const [, direction, result] = pick(random, ORDINARY_MIX);
      const duration = result === 'Call connected' ? 10 + Math.floor(random() * 900) : result === 'Voicemail' ? 20 : 0;
      const me = { phoneNumber: user.directNumber, name: user.name };
      const record = buildOrdinaryRecord({
        ...ctx,
        id,
        sessionId,
        direction,
        action: random() < 0.5 ? 'Phone Call' : 'VoIP Call',
        result,
        startTime: new Date(start).toISOString(),
        duration,
        from: direction === 'Inbound' ? other : me,
        to: direction === 'Inbound' ? me : other,
        lastModifiedTime: new Date(Math.min(until, start + duration * 1000 + 25_000)).toISOString(),
      });
      out.push({ record, extensionId: user.id });
      if (options.messy && random() < 0.1) untidy(record, random());
    }
  }
  // Its own random numbers, so the history without drift stays the same record for record.
  if (options.drift) driftEnums(out, ids.seededRandom((options.seed ?? 1) * 7919 + 27), options.legacy ? until - spanMs / 2 : Number.NEGATIVE_INFINITY);
  return out;
}

/** Sets a result on a record and on each of its legs that carried the old one. */
function setResult(record: Json, from: string, to: string): void {
  record['result'] = to;
  for (const leg of (record['legs'] as Json[] | undefined) ?? []) if (leg['result'] === from) leg['result'] = to;
}

/** The live service's enum drift (see SeedOptions.drift) on a generated history. */
function driftEnums(out: Array<{ record: Json }>, random: () => number, oldBefore: number): void {
  for (const { record } of out) {
    const legs = (record['legs'] as Json[] | undefined) ?? [];
    const result = String(record['result']);
    const ringOut = legs.some((leg) => /^RingOut/.test(String(leg['legType'])));
    const inbound = record['direction'] === 'Inbound';
    const roll = random();
    // A RingOut whose other party was never dialled, logged with the one-leg type.
    if (ringOut && legs.length === 1 && roll < 0.35) legs[0]!['legType'] = 'RingOutOneLegToCaller';
    else if (inbound && result === 'Voicemail' && roll < 0.5) setResult(record, result, 'Sent to Voicemail');
    else if (inbound && result === 'Missed' && roll < 0.15) setResult(record, result, 'Answered Elsewhere');
    else if (inbound && result === 'Missed' && roll < 0.25) setResult(record, result, 'Callback requested');
    else if (ringOut && result === 'International Disabled' && roll < 0.5) setResult(record, result, 'Not Allowed');
    // `line Busy` became `Line Busy`: a legacy account's old records keep the old spelling.
    const reason = Date.parse(String(record['startTime'])) < oldBefore ? 'line Busy' : 'Line Busy';
    for (const holder of [record, ...legs]) if (holder['result'] === 'Busy') holder['reason'] = reason;
  }
}

/** The live service's habits on one seeded RingOut record (see SeedOptions.messy). */
function messUp(
  record: Json,
  seedContext: {
    random: () => number;
    ringMeAtIsOwn: boolean;
    user: { phoneNumber: string; name: string };
    other: { phoneNumber: string; name?: string };
    out: Array<{ record: Json; extensionId: number }>;
    extensionId: number;
    ctx: { baseUrl: string; accountId: number; extensionId: number };
  },
): void {
  const { random, ringMeAtIsOwn, user, other, out, extensionId, ctx } = seedContext;
  const legs = record['legs'] as Json[];
  const callerLeg = legs[legs.length - 1]!;
  if (ringMeAtIsOwn) {
    // Your own RingCentral phone rang: the caller leg is logged again as an inbound call (REALITY 12).
    [record['from'], record['to']] = [record['to'], record['from']];
    const answered = callerLeg['result'] === 'Call connected';
    out.push({
      extensionId,
      record: buildOrdinaryRecord({
        ...ctx,
        id: ids.callRecordId(random),
        sessionId: String(Number(record['sessionId']) + 1000 + Math.floor(random() * 3000)),
        direction: 'Inbound',
        action: 'Phone Call',
        result: answered ? 'Accepted' : 'Missed',
        startTime: String(callerLeg['startTime']),
        duration: Number(callerLeg['duration']),
        from: other,
        to: user,
        lastModifiedTime: String(record['lastModifiedTime']),
      }),
    });
    return;
  }
  const roll = random();
  if (roll < 0.04 && legs.length === 1 && callerLeg['result'] === 'No Answer') {
    // Your voicemail took the call, played "press 1", and nobody pressed it.
    callerLeg['result'] = 'Answered Not Accepted';
    record['result'] = 'Answered Not Accepted';
  } else if (roll < 0.2) {
    untidy(record, random());
  }
}
