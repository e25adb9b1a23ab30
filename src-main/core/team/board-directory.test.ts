/**
 * The team board's people: the team archive's directory when team mode is on (no request to
 * RingCentral's directory), RingCentral's when there is no archive, it is empty, or it does not
 * answer. Either way each person carries the department the board's filter reads.
 */
import { expect, it } from 'vitest';
import { Emitter } from '../../../src-shared/emitter';
import type { TeamMember } from '../../../src-shared/team-board';
import { quietLogger } from '../../../test-support/core-harness';
import { FakeClock } from '../../../test-support/fake-clock';
import { RatePlanner } from '../ringcentral/rate-planner';
import type { PushSource, TelephonyEvent } from '../ringout/telephony-push';
import { TeamBoard } from './board';

const push: PushSource & { scope: 'account' } = {
  connected: true,
  scope: 'account',
  onEvent: new Emitter<TelephonyEvent>().event,
  start: async () => {},
  stop: async () => {},
};

const FROM_RINGCENTRAL = [{ extensionId: '101', name: 'Alex Demo', extensionNumber: '101', department: 'Sales', status: 'Enabled' }];
const FROM_ARCHIVE: TeamMember[] = [
  { extensionId: '101', name: 'Alex Demo', extensionNumber: '101', department: 'Sales' },
  { extensionId: '102', name: 'Sam Colleague', extensionNumber: '102', department: 'Support' },
];

async function openBoard(archiveDirectory?: () => Promise<TeamMember[] | null>) {
  const clock = new FakeClock();
  let asked = 0;
  const api = {
    planner: new RatePlanner(clock),
    teamDirectory: async () => {
      asked++;
      return FROM_RINGCENTRAL;
    },
    callSession: async () => null,
  };
  const board = new TeamBoard({ push, api, clock, logger: quietLogger, archiveDirectory });
  await board.open();
  const snapshot = board.snapshot();
  board.stop();
  return { snapshot, asked };
}

it('reads its people from the team archive when one is configured, not from RingCentral', async () => {
  const { snapshot, asked } = await openBoard(async () => FROM_ARCHIVE);
  expect(snapshot.access).toEqual({ kind: 'allowed' });
  expect(snapshot.members).toEqual(FROM_ARCHIVE);
  expect(asked).toBe(0);
  expect(snapshot.members.filter((m) => m.department === 'Support').map((m) => m.name)).toEqual(['Sam Colleague']);
});

const ARCHIVES: Array<[string, (() => Promise<TeamMember[] | null>) | undefined]> = [
  ['no team archive', async () => null],
  ['an archive whose directory is still empty', async () => []],
  ['an archive that does not answer', async () => Promise.reject(new Error('connection refused'))],
  ['no archive wired at all', undefined],
];
it.each(ARCHIVES)('asks RingCentral with %s; each person keeps their department', async (_, archiveDirectory) => {
  const { snapshot, asked } = await openBoard(archiveDirectory);
  expect(asked).toBe(1);
  // Only what the board shows goes to the window (no RingCentral status).
  expect(snapshot.members).toEqual([{ extensionId: '101', name: 'Alex Demo', extensionNumber: '101', department: 'Sales' }]);
});
