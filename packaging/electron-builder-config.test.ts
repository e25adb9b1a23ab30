import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
// electron-builder's own validation, against its published schema.
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
// @ts-expect-error -- a plain .mjs script without types; only its list of sizes is used
import { APP_ICON_SIZES } from '../scripts/render-app-icon.mjs';

const root = path.resolve(import.meta.dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a YAML document, asserted field by field below
const config: Record<string, any> = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, never>;

describe('packaging configuration (electron-builder.yml)', () => {
  it('passes electron-builder validation', async () => {
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined();
    // Loading electron-builder's schema takes seconds on a busy machine.
  }, 30_000);

  it('uses a validator that rejects a broken configuration', async () => {
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNodes: false } } as never, new DebugLogger(false))).rejects.toThrow(
      /configuration\.electronFuses/,
    );
  });

  it('builds an NSIS installer, a universal hardened-runtime DMG (and the zip the updater installs from), an AppImage and a deb', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac).toMatchObject({
      target: [
        { target: 'dmg', arch: 'universal' },
        { target: 'zip', arch: 'universal' },
      ],
      hardenedRuntime: true,
    });
    expect(existsSync(path.join(root, config.mac.entitlements))).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('has the app icon at every size: 1024 px for the .icns and .ico, NxN.png for Linux', () => {
    const pngSize = (file: string) => {
      const bytes = readFileSync(path.join(root, file));
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    };
    expect(pngSize(config.icon)).toEqual([1024, 1024]);
    for (const size of APP_ICON_SIZES) expect(pngSize(path.join(config.linux.icon, `${size}x${size}.png`))).toEqual([size, size]);
  });

  it('publishes installers and update feeds to the forge release that electron-updater reads', () => {
    expect(config.publish).toEqual({ provider: 'github', releaseType: 'draft' });
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toHaveProperty('electron-updater');
  });

  it('registers tel:, callto: and rcmobile: on every platform, including the Linux desktop entry', () => {
    expect(config.protocols.flatMap((p: { schemes: string[] }) => p.schemes)).toEqual(['tel', 'callto', 'rcmobile']);
    expect(config.linux.mimeTypes).toEqual(['x-scheme-handler/tel', 'x-scheme-handler/callto', 'x-scheme-handler/rcmobile']);
    expect(config.linux.desktop.entry.MimeType).toBe('x-scheme-handler/tel;x-scheme-handler/callto;x-scheme-handler/rcmobile;');
  });

  it('flips the Electron fuses: no RunAsNode, encrypted cookies, only our integrity-checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs what the app loads at run time', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'resources/**']));
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
    for (const runtime of ['@ringcentral/sdk', '@ringcentral/subscriptions', 'electron-store', 'zod', 'libphonenumber-js', 'ws'])
      expect(pkg.dependencies).toHaveProperty(runtime);
    expect(pkg.scripts.package).toBe('electron-vite build && electron-builder');
  });
});
