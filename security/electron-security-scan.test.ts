import { describe, expect, it } from 'vitest';
import { scanHtml, scanPackaging, scanSource } from './electron-security-scan';

const ids = (findings: Array<{ id: string }>) => findings.map((f) => f.id);

describe('Electron security scan', () => {
  it('passes a window created with the secure literal', () => {
    const source = `new BrowserWindow({ webPreferences: { preload: p, contextIsolation: true, sandbox: true, nodeIntegration: false } });`;
    expect(scanSource('ok.ts', source)).toEqual([]);
  });

  it('flags dangerous web preferences anywhere, as HIGH', () => {
    const findings = scanSource('bad.ts', `const prefs = { nodeIntegration: true, contextIsolation: false, webviewTag: true, webSecurity: false };`);
    expect(findings.map((f) => [f.id, f.severity])).toEqual(Array(4).fill(['DANGEROUS_WEB_PREFERENCE', 'HIGH']));
  });

  it('refuses windows whose preferences it cannot verify or that miss a protection', () => {
    expect(ids(scanSource('a.ts', 'new BrowserWindow({ webPreferences: makePrefs() });'))).toEqual(['WEB_PREFERENCES_NOT_VERIFIABLE']);
    expect(
      ids(scanSource('b.ts', 'new BrowserWindow({ webPreferences: { ...base, contextIsolation: true, sandbox: true, nodeIntegration: false } });')),
    ).toEqual(['WEB_PREFERENCES_SPREAD']);
    expect(ids(scanSource('c.ts', 'new BrowserWindow({ webPreferences: { contextIsolation: true } });'))).toEqual([
      'WEB_PREFERENCE_MISSING',
      'WEB_PREFERENCE_MISSING',
    ]);
  });

  it('wants a review note on openExternal and forbids exposing ipcRenderer or remote', () => {
    expect(ids(scanSource('d.ts', 'shell.openExternal(assertExternalUrl(url));'))).toEqual(['OPEN_EXTERNAL']);
    expect(scanSource('e.ts', '// security-reviewed: https only\nshell.openExternal(assertExternalUrl(url));')).toEqual([]);
    expect(ids(scanSource('f.ts', "contextBridge.exposeInMainWorld('api', ipcRenderer);"))).toEqual(['EXPOSED_IPC_RENDERER']);
    expect(ids(scanSource('g.ts', "import { remote } from 'electron';"))).toEqual(['REMOTE_MODULE']);
    expect(ids(scanSource('h.ts', "win.loadURL('http://example.com/app');"))).toEqual(['INSECURE_REMOTE_CONTENT']);
  });

  it('checks the Content-Security-Policy', () => {
    const page = (csp: string) => `<html><head><meta http-equiv="Content-Security-Policy" content="${csp}"></head></html>`;
    expect(scanHtml('ok.html', page("default-src 'self'; script-src 'self'; object-src 'none'"))).toEqual([]);
    expect(ids(scanHtml('none.html', '<html></html>'))).toEqual(['CSP_MISSING']);
    expect(ids(scanHtml('weak.html', page("default-src 'self'; script-src 'self' 'unsafe-eval'")))).toEqual(['CSP_UNSAFE_SCRIPT', 'CSP_OBJECT_SRC']);
  });

  it('checks the packaging fuses', () => {
    expect(
      scanPackaging(
        'ok.yml',
        'electronFuses:\n  runAsNode: false\n  enableCookieEncryption: true\n  enableNodeOptionsEnvironmentVariable: false\n  enableNodeCliInspectArguments: false\n  enableEmbeddedAsarIntegrityValidation: true\n  onlyLoadAppFromAsar: true\n',
      ),
    ).toEqual([]);
    expect(scanPackaging('bad.yml', 'appId: x\n').map((f) => f.message)).toContain('electronFuses.runAsNode must be false');
  });
});
