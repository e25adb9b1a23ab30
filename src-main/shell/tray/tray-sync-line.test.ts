import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_SYNC } from '../../../src-shared/history';
import { localeSyncFormats, syncLine } from '../../../src-shared/sync-words';
import { resetElectronMock, Tray } from '../../../test-support/electron-mock';
import { TrayController, type TrayActions } from './tray-controller';
import { trayModel } from '../../app/tray-model';

const signedIn = { status: 'signedIn' as const, demo: false, server: 'x', userName: 'A', extensionNumber: '1' };
const now = Date.UTC(2026, 11, 3, 12);
const completeFrom = Date.UTC(2025, 11, 3, 12);
const filling = { ...IDLE_SYNC, phase: 'initial' as const, fetched: 1234, total: 5000, completeFrom, secondsLeft: 720, requestsPerMinute: 10 };
const since = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(completeFrom);

describe("the tray's sync line", () => {
  beforeEach(resetElectronMock);

  it('says what the history window says, without the rate note', () => {
    const model = trayModel(signedIn, [], [], now, undefined, filling);
    expect(model.syncLine).toBe(`History since ${since} · 1,234 of about 5,000 calls · about 12 min left`);
    // One function writes both: the window's line is the tray's with the rate limit explained.
    expect(syncLine(filling, localeSyncFormats(), { rateNote: true })).toBe(`${model.syncLine} (RingCentral allows 10 history requests a minute)`);
    expect(model.tooltip).toBe('Ringside: Ready');
  });

  it('idle: "History since", and nothing before the first page', () => {
    expect(trayModel(signedIn, [], [], now, undefined, { ...IDLE_SYNC, completeFrom }).syncLine).toBe(`History since ${since}`);
    expect(trayModel(signedIn, [], [], now, undefined, IDLE_SYNC).syncLine).toBeNull();
  });

  it('is a disabled line above "History…" in the menu, only when signed in', () => {
    const actions = { openHistory: vi.fn() } as unknown as TrayActions;
    const controller = new TrayController('/icons', actions, 'linux');
    controller.update(trayModel(signedIn, [], [], now, undefined, filling));
    const items = Tray.instances[0]!.menu!.items as Array<{ label?: string; enabled?: boolean }>;
    const at = items.findIndex((i) => i.label === 'History…');
    expect(items[at - 1]).toMatchObject({ label: `History since ${since} · 1,234 of about 5,000 calls · about 12 min left`, enabled: false });
    controller.update(trayModel({ status: 'signedOut', demo: false }, [], [], now, undefined, filling));
    const signedOut = Tray.instances[0]!.menu!.items as Array<{ label?: string }>;
    expect(signedOut.some((i) => i.label?.startsWith('History since'))).toBe(false);
  });
});
