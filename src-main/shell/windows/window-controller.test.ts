import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, resetElectronMock } from '../../../test-support/electron-mock';
import { RecordingPorts } from '../../../test-support/recording-ports';
import { POPOVER_SIZE, popoverPosition, WindowController, windowOptions } from './window-controller';

const workArea = { x: 0, y: 24, width: 1920, height: 1056 };

describe('window options', () => {
  it('makes the popover a frameless, always-on-top utility that hides on blur', () => {
    expect(windowOptions('popover', null)).toMatchObject({
      frame: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      resizable: false,
      ...POPOVER_SIZE,
      show: false,
    });
  });
  it('restores the history window where the user left it', () => {
    expect(windowOptions('history', { x: 10, y: 20, width: 900, height: 700 })).toMatchObject({ x: 10, y: 20, width: 900, height: 700, minWidth: 720 });
    expect(windowOptions('history', null)).not.toHaveProperty('x');
  });
  it('places the popover under a top tray and above a bottom one, inside the screen', () => {
    expect(popoverPosition({ x: 1900, y: 0, width: 24, height: 24 }, workArea)).toEqual({ x: 1920 - POPOVER_SIZE.width - 8, y: 28 });
    expect(popoverPosition({ x: 100, y: 1050, width: 24, height: 30 }, { ...workArea, y: 0, height: 1040 })).toEqual({
      x: 8,
      y: 1050 - POPOVER_SIZE.height - 8,
    });
  });
});

describe('WindowController', () => {
  beforeEach(resetElectronMock);
  const make = () => {
    const ports = new RecordingPorts();
    return {
      ports,
      controller: new WindowController(
        '/app/out/preload/index.cjs',
        '/app/out/renderer',
        { devServerUrl: null, appPage: 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html' },
        ports.settings,
      ),
    };
  };

  it('creates one secure window per kind, loads its route, and reuses it', () => {
    const { controller } = make();
    controller.open('history');
    controller.open('history');
    expect(BrowserWindow.instances).toHaveLength(1);
    const window = BrowserWindow.instances[0]!;
    expect(window.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html', { hash: '/history' });
    expect(window.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true, preload: '/app/out/preload/index.cjs' });
  });

  it('toggles the popover at the tray and hides it when it loses focus', () => {
    const { controller } = make();
    controller.togglePopover({ x: 1800, y: 0, width: 24, height: 24 });
    const popover = BrowserWindow.instances[0]!;
    expect(popover.isVisible()).toBe(true);
    expect(popover.setPosition).toHaveBeenCalledWith(1532, 28);
    popover.emit('blur');
    expect(popover.isVisible()).toBe(false);
    controller.togglePopover({ x: 1800, y: 0, width: 24, height: 24 });
    controller.togglePopover({ x: 1800, y: 0, width: 24, height: 24 });
    expect(popover.isVisible()).toBe(false);
  });

  it('remembers the history window size and position', () => {
    const { controller, ports } = make();
    controller.open('history');
    const window = BrowserWindow.instances[0]!;
    window.setBounds({ x: 40, y: 50, width: 1000, height: 640 });
    window.emit('resized');
    expect(ports.settings.get().historyBounds).toEqual({ x: 40, y: 50, width: 1000, height: 640 });
  });
});
