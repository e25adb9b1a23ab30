import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations.
import * as lib from './start-lib.mjs';

const { afterInstall, downloadFailureMessage, electronBinaryPresent, firstStep, needsBuild } = lib as {
  afterInstall(o: { exitCode: number; timedOut: boolean; binaryPresent: boolean }): string;
  downloadFailureMessage(o: { version: string; timedOut: boolean; timeoutSeconds: number }): string;
  electronBinaryPresent(o: { electronDir: string; env: Record<string, string>; platform: string; fs: unknown }): boolean;
  firstStep(o: { args: string[]; binaryPresent: boolean }): string;
  needsBuild(o: { builtMtime: number | null; sourcesMtime: number }): boolean;
};

/** A fake node_modules/electron: files by path relative to it. */
function fakeFs(files: Record<string, string>) {
  const at = (p: string) => path.relative('/e', p);
  return {
    readFileSync: (p: string) => {
      const content = files[at(p)];
      if (content === undefined) throw new Error('ENOENT');
      return content;
    },
    existsSync: (p: string) => at(p) in files || p in files,
  };
}

const installed = { 'package.json': '{"version":"45.4.1"}', 'dist/version': 'v45.4.1', 'path.txt': 'electron', 'dist/electron': '' };

describe('is the Electron binary present (the installer rule)', () => {
  it('yes when version, path.txt and the executable agree', () => {
    expect(electronBinaryPresent({ electronDir: '/e', env: {}, platform: 'linux', fs: fakeFs(installed) })).toBe(true);
  });

  it('no on a fresh install (no path.txt), an old version, another platform or a missing executable', () => {
    const { 'path.txt': _path, ...fresh } = installed;
    expect(electronBinaryPresent({ electronDir: '/e', env: {}, platform: 'linux', fs: fakeFs(fresh) })).toBe(false);
    expect(electronBinaryPresent({ electronDir: '/e', env: {}, platform: 'linux', fs: fakeFs({ ...installed, 'dist/version': 'v44.0.0' }) })).toBe(false);
    expect(electronBinaryPresent({ electronDir: '/e', env: {}, platform: 'win32', fs: fakeFs(installed) })).toBe(false);
    const { 'dist/electron': _exe, ...noExe } = installed;
    expect(electronBinaryPresent({ electronDir: '/e', env: {}, platform: 'linux', fs: fakeFs(noExe) })).toBe(false);
    expect(electronBinaryPresent({ electronDir: '/e', env: {}, platform: 'aix', fs: fakeFs(installed) })).toBe(false);
  });

  it('looks in ELECTRON_OVERRIDE_DIST_PATH when set', () => {
    const { 'dist/electron': _exe, ...noExe } = installed;
    expect(
      electronBinaryPresent({
        electronDir: '/e',
        env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' },
        platform: 'linux',
        fs: fakeFs({ ...noExe, '/opt/electron': '' }),
      }),
    ).toBe(true);
  });
});

describe('what npm start does', () => {
  it('runs Electron when present, installs it when not, and --browser forces the browser edition', () => {
    expect(firstStep({ args: [], binaryPresent: true })).toBe('electron');
    expect(firstStep({ args: [], binaryPresent: false })).toBe('install');
    expect(firstStep({ args: ['--browser'], binaryPresent: true })).toBe('browser');
  });

  it('falls back to the browser when the installer fails, times out or leaves no binary', () => {
    expect(afterInstall({ exitCode: 0, timedOut: false, binaryPresent: true })).toBe('electron');
    expect(afterInstall({ exitCode: 1, timedOut: false, binaryPresent: false })).toBe('browser');
    expect(afterInstall({ exitCode: 0, timedOut: true, binaryPresent: true })).toBe('browser');
    expect(afterInstall({ exitCode: 0, timedOut: false, binaryPresent: false })).toBe('browser');
  });

  it('builds the renderer when it is missing or older than its sources', () => {
    expect(needsBuild({ builtMtime: null, sourcesMtime: 1 })).toBe(true);
    expect(needsBuild({ builtMtime: 5, sourcesMtime: 9 })).toBe(true);
    expect(needsBuild({ builtMtime: 9, sourcesMtime: 5 })).toBe(false);
  });

  it('says what failed and how to fix it in one paragraph', () => {
    const text = downloadFailureMessage({ version: '45.4.1', timedOut: true, timeoutSeconds: 180 });
    expect(text).toContain('within 180 seconds');
    expect(text).toContain('npx install-electron');
    expect(text).toContain('ELECTRON_MIRROR');
    expect(text).not.toContain('\n');
  });
});
