import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, resetElectronMock, shell } from '../../../test-support/electron-mock';
import { createSecureWindow, isOwnPage } from './secure-window';
import { rendererUrlFromEnv } from './own-page';

const packaged = { devServerUrl: null, appPage: 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html' };
const dev = { devServerUrl: 'http://localhost:5173', appPage: 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html' };

describe('createSecureWindow', () => {
  beforeEach(resetElectronMock);

  it('isolates the renderer: sandbox, context isolation, no Node', () => {
    createSecureWindow({ preloadPath: '/app/preload/index.cjs', source: packaged });
    const prefs = BrowserWindow.instances[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
    });
  });

  it('does not let callers weaken web preferences through window options', () => {
    const unsafe = { webPreferences: { nodeIntegration: true } } as unknown as Record<string, never>;
    createSecureWindow({ preloadPath: '/p.cjs', source: packaged, window: unsafe });
    const prefs = BrowserWindow.instances[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs['nodeIntegration']).toBe(false);
  });

  it('blocks navigation to foreign pages and allows our own', () => {
    const window = createSecureWindow({ preloadPath: '/p.cjs', source: dev });
    const contents = window.webContents as unknown as InstanceType<typeof BrowserWindow>['webContents'];
    expect(contents.simulate('will-navigate', 'https://evil.example.com/').defaultPrevented).toBe(true);
    expect(contents.simulate('will-navigate', 'http://localhost:5173/#/history').defaultPrevented).toBe(false);
    expect(contents.simulate('will-redirect', 'http://localhost:6666/').defaultPrevented).toBe(true);
  });

  it('denies pop-ups and opens web links in the system browser', () => {
    const window = createSecureWindow({ preloadPath: '/p.cjs', source: packaged });
    const contents = window.webContents as unknown as InstanceType<typeof BrowserWindow>['webContents'];
    expect(contents.windowOpenHandler?.({ url: 'https://www.ringcentral.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.ringcentral.com/');
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses every permission request', () => {
    const window = createSecureWindow({ preloadPath: '/p.cjs', source: packaged });
    const contents = window.webContents as unknown as InstanceType<typeof BrowserWindow>['webContents'];
    let granted: boolean | undefined;
    contents.session.permissionRequestHandler?.(contents, 'media', (allow: boolean) => (granted = allow));
    expect(granted).toBe(false);
  });
});

describe('isOwnPage', () => {
  it('accepts only the dev server origin in development', () => {
    expect(isOwnPage('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isOwnPage('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnPage('not a url', dev)).toBe(false);
  });
  it('accepts only the app page itself when packaged, not any file:// URL (finding 8)', () => {
    expect(isOwnPage('file:///opt/Ringside/resources/app.asar/out/renderer/index.html#/popover', packaged)).toBe(true);
    expect(isOwnPage('file:///opt/Ringside/resources/app.asar/out/renderer/index.html?x=1#/history', packaged)).toBe(true);
    expect(isOwnPage('file://attacker-host/share/out/renderer/index.html', packaged)).toBe(false);
    expect(isOwnPage('file://attacker-host/opt/Ringside/resources/app.asar/out/renderer/index.html', packaged)).toBe(false);
    expect(isOwnPage('file:///tmp/downloaded.html', packaged)).toBe(false);
    expect(isOwnPage('file:///opt/Ringside/resources/app.asar/out/renderer/other.html', packaged)).toBe(false);
    expect(isOwnPage('https://example.com/', packaged)).toBe(false);
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app (finding 8)', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://evil.example:5173' };
    expect(rendererUrlFromEnv(env, true)).toBeNull();
    expect(rendererUrlFromEnv(env, false)).toBe('http://evil.example:5173');
    expect(rendererUrlFromEnv({}, false)).toBeNull();
  });
});
