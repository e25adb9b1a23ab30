import type { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { cspOf, withPageScript } from './browser-host';
import { defaultDataDir, hasDisplay } from './main';
import { JsonSettingsStore, openerCommand, systemBrowser } from './node-ports';

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

  it('opens URLs with each OS its own URL handler, the URL one argument, no shell (issue 26, item 4)', async () => {
    // What cmd.exe would run or expand: a pipe, %VAR%, a caret, an ampersand.
    const url = 'https://rc.example.com/oauth?state=1&x=|calc|%PATH%^';
    expect(openerCommand('linux', url)).toEqual({ command: 'xdg-open', args: [url] });
    expect(openerCommand('darwin', url)).toEqual({ command: 'open', args: [url] });
    expect(openerCommand('win32', url)).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const calls: Array<{ command: string; args: readonly string[]; options: { shell?: unknown } }> = [];
      const fakeSpawn = ((command: string, args: readonly string[], options: { shell?: unknown }) => {
        calls.push({ command, args, options });
        const child = new EventEmitter() as EventEmitter & { unref(): void };
        child.unref = () => undefined;
        queueMicrotask(() => child.emit('spawn'));
        return child;
      }) as unknown as typeof spawn;
      await systemBrowser({ info: () => undefined, warn: () => undefined, error: () => undefined }, platform, fakeSpawn).open(url);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.command).not.toMatch(/^(cmd|powershell|sh|bash)/i);
      expect(calls[0]!.args.at(-1)).toBe(url);
      expect(calls[0]!.options.shell).toBe(false);
    }
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
