import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetElectronMock, Tray } from '../../../test-support/electron-mock';
import type { TrayModel } from '../../app/tray-model';
import { TrayController, trayIconPath, type TrayActions } from './tray-controller';

const actions = (): TrayActions => ({
  togglePopover: vi.fn(),
  cancelCall: vi.fn(),
  callAgain: vi.fn(),
  openHistory: vi.fn(),
  openSettings: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  restartToUpdate: vi.fn(),
  quit: vi.fn(),
});

const model = (patch: Partial<TrayModel>): TrayModel => ({
  icon: 'idle',
  tooltip: 'Ringside: Ready',
  liveCall: null,
  recentNumbers: [],
  recentNames: {},
  signedIn: true,
  demo: false,
  ...patch,
});
type Item = { label?: string; enabled?: boolean; type?: string; submenu?: Item[]; click?: () => void };

describe('TrayController', () => {
  beforeEach(resetElectronMock);

  it.each(['idle', 'ringingYou', 'ringingThem', 'connected', 'failed', 'signedOut'] as const)('shows the %s icon (colour PNG, template on macOS)', (icon) => {
    const linux = new TrayController('/icons', actions(), 'linux');
    linux.update(model({ icon }));
    expect(Tray.instances[0]!.image.path).toBe(`/icons/${icon}.png`);
    const mac = new TrayController('/icons', actions(), 'darwin');
    mac.update(model({ icon }));
    expect(Tray.instances[1]!.image.path).toBe(`/icons/${icon}Template.png`);
    expect(Tray.instances[1]!.image.template).toBe(true);
  });

  it('puts both legs in the tooltip and the live call with cancel at the top of the menu', () => {
    const acts = actions();
    const controller = new TrayController('/icons', acts, 'linux');
    controller.update(
      model({
        icon: 'ringingThem',
        tooltip: 'Ringside: You: answered · Them: ringing',
        liveCall: { id: 'c1', label: 'Jordan — You: answered · Them: ringing', cancellable: true, endLabel: 'Hang up' },
        recentNumbers: ['+12125550100', '+12125550101'],
        recentNames: { '+12125550101': 'Marcus Bell' },
      }),
    );
    const tray = Tray.instances[0]!;
    expect(tray.tooltip).toBe('Ringside: You: answered · Them: ringing');
    const items = tray.menu!.items as Item[];
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      'Jordan — You: answered · Them: ringing',
      'Hang up',
      'separator',
      'Call again',
      'History…',
      'Settings…',
      'separator',
      'Sign out',
      'Quit Ringside',
    ]);
    items[1]!.click!();
    expect(acts.cancelCall).toHaveBeenCalledWith('c1');
    const again = items[3]!.submenu!;
    expect(again.map((i) => i.label)).toEqual(['+1 212 555 0100', 'Marcus Bell · +1 212 555 0101']);
    again[0]!.click!();
    expect(acts.callAgain).toHaveBeenCalledWith('+12125550100');
  });

  it('greys out the end action while the call is ending and offers sign-in when signed out', () => {
    const controller = new TrayController('/icons', actions(), 'linux');
    controller.update(model({ liveCall: { id: 'c1', label: 'x', cancellable: false, endLabel: 'Ending…' } }));
    expect((Tray.instances[0]!.menu!.items as Item[])[1]).toMatchObject({ label: 'Ending…', enabled: false });
    controller.update(model({ icon: 'signedOut', signedIn: false }));
    const labels = (Tray.instances[0]!.menu!.items as Item[]).map((i) => i.label);
    expect(labels).toContain('Sign in…');
    expect((Tray.instances[0]!.menu!.items as Item[]).find((i) => i.label === 'History…')?.enabled).toBe(false);
  });

  it('opens the popover at the tray when clicked', () => {
    const acts = actions();
    new TrayController('/icons', acts, 'linux');
    Tray.instances[0]!.emit('click');
    expect(acts.togglePopover).toHaveBeenCalledWith({ x: 1800, y: 0, width: 24, height: 24 });
  });

  it('names an icon file for every state', () => {
    expect(trayIconPath('/r', 'failed', 'win32')).toBe('/r/failed.png');
  });
});

describe('tray icon assets', () => {
  const size = (file: string) => {
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    return [png.readUInt32BE(16), png.readUInt32BE(20)];
  };
  it.each(['idle', 'ringingYou', 'ringingThem', 'connected', 'failed', 'signedOut'])('has drawn %s icons at 1x and 2x, colour and template', (icon) => {
    const dir = path.resolve(import.meta.dirname, '../../../resources/tray');
    expect(size(path.join(dir, `${icon}.png`))).toEqual([16, 16]);
    expect(size(path.join(dir, `${icon}@2x.png`))).toEqual([32, 32]);
    expect(size(path.join(dir, `${icon}Template.png`))).toEqual([16, 16]);
    expect(size(path.join(dir, `${icon}Template@2x.png`))).toEqual([32, 32]);
  });
  it('draws each state differently', () => {
    const dir = path.resolve(import.meta.dirname, '../../../resources/tray');
    const images = ['idle', 'ringingYou', 'ringingThem', 'connected', 'failed', 'signedOut'].map((icon) =>
      readFileSync(path.join(dir, `${icon}@2x.png`)).toString('base64'),
    );
    expect(new Set(images).size).toBe(6);
  });

  it('offers a downloaded update above Sign out, and restarts into it only on a click', () => {
    const acts = actions();
    const controller = new TrayController('/icons', acts, 'linux');
    controller.update(model({}));
    const labels = () => (Tray.instances[0]!.menu!.items as Item[]).map((i) => i.label ?? i.type);
    expect(labels()).not.toContain('Restart to update to Ringside 1.2.0');
    controller.setUpdateItem({ label: 'Restart to update to Ringside 1.2.0', enabled: true });
    expect(labels().slice(-3)).toEqual(['Restart to update to Ringside 1.2.0', 'Sign out', 'Quit Ringside']);
    expect(acts.restartToUpdate).not.toHaveBeenCalled();
    (Tray.instances[0]!.menu!.items as Item[]).find((i) => i.label === 'Restart to update to Ringside 1.2.0')!.click!();
    expect(acts.restartToUpdate).toHaveBeenCalledTimes(1);
    controller.setUpdateItem({ label: 'Ringside 1.2.0 installs when this call ends', enabled: false });
    expect((Tray.instances[0]!.menu!.items as Item[]).find((i) => i.label === 'Ringside 1.2.0 installs when this call ends')!.enabled).toBe(false);
  });
});
