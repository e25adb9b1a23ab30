import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { cspOf, withPageScript } from './browser-host';
import { defaultDataDir, hasDisplay } from './main';
import { JsonSettingsStore, openerCommand } from './node-ports';

const appIndex = readFileSync(path.resolve('src-renderer/index.html'), 'utf8');

describe('serving the built renderer', () => {
  it('serves the same CSP as the app, and refuses a page without one', () => {
    expect(cspOf(appIndex)).toContain("script-src 'self'");
    expect(cspOf(appIndex)).toContain("connect-src 'self'");
    expect(() => cspOf('<html><script type="module" src="x.js"></script></html>')).toThrow(/no Content-Security-Policy/);
  });

  it('adds the bridge script before the app module, so window.ringside exists when the app starts', () => {
    const page = withPageScript(appIndex);
    expect(page.indexOf('src="./ringside-browser.js"')).toBeGreaterThan(0);
    expect(page.indexOf('src="./ringside-browser.js"')).toBeLessThan(page.indexOf('<script type="module"'));
    expect(page).not.toMatch(/<script>/);
  });
});

describe('the browser host ports', () => {
  it('keeps settings in a JSON file and sets an unreadable one aside', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-settings-'));
    const file = path.join(dir, 'settings.json');
    const store = new JsonSettingsStore(file);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    store.set({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(new JsonSettingsStore(file).get().theme).toBe('dark');
    writeFileSync(file, '{not json');
    const recovered = new JsonSettingsStore(file);
    expect(recovered.get()).toEqual(DEFAULT_SETTINGS);
    expect(recovered.notice).toMatch(/could not be read/);
  });

  it('opens URLs with each OS its own opener', () => {
    expect(openerCommand('linux', 'http://x/').command).toBe('xdg-open');
    expect(openerCommand('darwin', 'http://x/').command).toBe('open');
    expect(openerCommand('win32', 'http://x/?a=1&b=2').args).toEqual(['/c', 'start', '""', 'http://x/?a=1^&b=2']);
  });

  it('opens a browser only where there is a display', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
  });

  it('keeps its data in RINGSIDE_DATA_DIR or the OS config folder', () => {
    expect(defaultDataDir({ RINGSIDE_DATA_DIR: '/tmp/r' }, 'linux', '/home/a')).toBe('/tmp/r');
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/ringside/browser');
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/ringside/browser');
  });
});
