/** The tray menu opens the Team board (issue 29) once signed in; signed out it is not offered. */
import { expect, it, vi } from 'vitest';
import type { TrayModel } from '../../app/tray-model';
import { trayMenuTemplate, type TrayActions } from './tray-controller';

const actions = (): TrayActions => ({
  togglePopover: vi.fn(),
  cancelCall: vi.fn(),
  callAgain: vi.fn(),
  openHistory: vi.fn(),
  openTeamBoard: vi.fn(),
  openSettings: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  restartToUpdate: vi.fn(),
  quit: vi.fn(),
});

const model = (signedIn: boolean): TrayModel => ({
  icon: 'idle',
  tooltip: 'Ringside: Ready',
  liveCall: null,
  recentNumbers: [],
  recentNames: {},
  signedIn,
  demo: false,
});

it('offers "Team board…" after History once signed in, and opens that window', () => {
  const tray = actions();
  const items = trayMenuTemplate(model(true), tray);
  const labels = items.map((i) => i.label);
  expect(labels.indexOf('Team board…')).toBe(labels.indexOf('History…') + 1);
  items.find((i) => i.label === 'Team board…')!.click!({} as never, undefined as never, {} as never);
  expect(tray.openTeamBoard).toHaveBeenCalledOnce();
  expect(trayMenuTemplate(model(false), tray).some((i) => i.label === 'Team board…')).toBe(false);
});
