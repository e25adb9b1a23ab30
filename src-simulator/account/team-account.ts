/**
 * A company of 50 users for team mode (issue 29): the demo account's two people (Alex Demo, the
 * admin who signs in with the demo JWT, and Sam Colleague, not an admin) and 48 colleagues,
 * each with a name, an extension number, a department (the extension info's
 * `contact.department`), a direct number and phones to be rung at, and a call history of their
 * own. Seeded with the same generator as the demo user's history (call-log/seed.ts), one
 * extension at a time, so every habit of the personal call log holds for each of them.
 */
import type { CallLogStore } from '../call-log/call-log-store';
import { generateHistory } from '../call-log/seed';
import type { SimContext } from '../context';
import type { RingOutCall } from '../ringout/ringout-call';
import { scenarioFor } from '../ringout/scenarios';
import { DEMO_ACCOUNT, DEMO_APP, type SimAccount, type SimApp, type SimExtension } from './demo-account';

/** How many users the team account has. */
export const TEAM_SIZE = 50;

export const TEAM_DEPARTMENTS = ['Sales', 'Support', 'Billing', 'Partners', 'Operations'] as const;

const FIRST_NAMES = ['Avery', 'Blake', 'Cameron', 'Dakota', 'Elliot', 'Finley', 'Gray', 'Hayden', 'Indy', 'Jules', 'Kai', 'Logan'];
const LAST_NAMES = ['Abbott', 'Barnes', 'Castillo', 'Dunn', 'Ellis', 'Foster', 'Garcia', 'Hughes', 'Iqbal', 'Jensen', 'Kowalski', 'Lam'];

/** Extension `i` (2..49) of the team. */
function colleague(i: number): SimExtension {
  const firstName = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const lastName = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
  const line = String(200 + i).padStart(4, '0');
  // Ids and numbers clear of the demo directory's own entries (ids 400162076020.., extensions 120, 121, 200).
  const extensionNumber = String(200 + i);
  return {
    id: 400162078000 + i,
    extensionNumber,
    name: `${firstName} ${lastName}`,
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${extensionNumber}@example.com`.toLowerCase(),
    directNumber: `+1650555${line}`,
    admin: false,
    department: TEAM_DEPARTMENTS[i % TEAM_DEPARTMENTS.length]!,
    forwardingNumbers: [
      { id: String(400164000 + i * 2), phoneNumber: `+1650556${line}`, label: 'Mobile', type: 'Mobile' },
      // A desk phone of the company: a RingOut that rings it first is logged as two records (REALITY 12).
      { id: String(400164001 + i * 2), phoneNumber: `+1650557${line}`, label: 'Desk phone', type: 'PhoneLine' },
    ],
  };
}

function teamAccountOf(size: number): SimAccount {
  const [alex, sam] = DEMO_ACCOUNT.extensions;
  const extensions: SimExtension[] = [
    { ...alex!, department: 'Sales' },
    { ...sam!, department: 'Support' },
  ];
  for (let i = extensions.length; i < size; i++) extensions.push(colleague(i));
  return { ...DEMO_ACCOUNT, companyName: 'Ringside Team Co.', extensions };
}

export const TEAM_ACCOUNT: SimAccount = teamAccountOf(TEAM_SIZE);

/** The demo app, with a JWT for Sam Colleague too (not an admin: the company call log refuses him). */
export const TEAM_APP: SimApp = { ...DEMO_APP, jwts: { ...DEMO_APP.jwts, 'ringside-team-member-jwt': DEMO_ACCOUNT.extensions[1]!.id } };

export interface TeamSeed {
  callLog: CallLogStore;
  account: SimAccount;
  baseUrl: string;
  /** Records per user (a two-record RingOut adds one). */
  perUser: number;
  seed?: number;
  spanDays?: number;
  until: number;
  messy: boolean;
  drift: boolean;
  legacy: boolean;
}

/** Fills every user's call history: `perUser` calls each, over the same span, from one seed. */
export function seedEveryUser(options: TeamSeed): void {
  const seed = options.seed ?? 1;
  options.account.extensions.forEach((extension, i) => {
    // One user at a time: the generator gives a one-extension account's calls all to that extension.
    const records = generateHistory({
      count: options.perUser,
      seed: seed * 1000 + i,
      baseUrl: options.baseUrl,
      account: { ...options.account, extensions: [extension] },
      messy: options.messy,
      drift: options.drift,
      legacy: options.legacy,
      until: options.until,
      ...(options.spanDays ? { spanDays: options.spanDays } : {}),
    });
    options.callLog.addMany(records);
  });
}

/**
 * A colleague places a RingOut from their mobile, as if from their own Ringside (only Alex and
 * Sam sign in to the simulator): the call runs its demo scenario, its parties go out on the
 * account-level telephony push with the live service's habits (REALITY 7, 19-22), and it is
 * logged in that colleague's call log when it ends.
 */
export function placeColleagueCall(sim: Pick<SimContext, 'account' | 'scenarios' | 'startCall'>, extensionId: number, to: string): RingOutCall {
  const extension = sim.account.extensions.find((e) => e.id === extensionId);
  if (!extension) throw new Error(`No extension ${extensionId} in the account`);
  const mobile = extension.forwardingNumbers.find((f) => f.type === 'Mobile') ?? extension.forwardingNumbers[0]!;
  return sim.startCall({
    accountId: sim.account.id,
    extensionId,
    userName: extension.name,
    ringMeAt: mobile.phoneNumber,
    to,
    callerId: extension.directNumber,
    playPrompt: false,
    scenario: scenarioFor(sim.scenarios, to),
    flavour: 'Client',
  });
}
