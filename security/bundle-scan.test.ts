import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORBIDDEN_BUNDLE_MARKERS, rendererStartupChunks, scanBundle, scanRendererStartup } from './bundle-scan';

let dir: string | null = null;

function fakeBundle(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-bundle-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('bundle scan', () => {
  it('passes a bundle with no test machinery', () => {
    const bundle = fakeBundle({ 'main/index.js': 'export function startShell() { return 1; }\n', 'renderer/index.html': '<p>Ringside</p>' });
    expect(scanBundle(bundle)).toEqual([]);
  });

  it.each(FORBIDDEN_BUNDLE_MARKERS.map((m) => [m.marker]))('fails a bundle that contains %s', (marker) => {
    const bundle = fakeBundle({ 'main/index.js': 'const ok = 1;\n', 'main/chunks/extra.js': `globalThis.x = ${JSON.stringify(marker)};\n` });
    expect(scanBundle(bundle)).toEqual([expect.objectContaining({ file: path.join('main', 'chunks', 'extra.js'), marker })]);
  });

  it('takes an extended marker list', () => {
    const bundle = fakeBundle({ 'preload/index.cjs': 'module.exports = "/_simulator/reset";' });
    expect(scanBundle(bundle, [{ marker: '/_simulator/', why: 'control routes' }])).toHaveLength(1);
  });

  it('refuses to pass when there is no build to scan', () => {
    expect(() => scanBundle(path.join(tmpdir(), 'ringside-no-such-build'))).toThrow(/npm run build/);
  });
});

describe("the renderer's startup chunks", () => {
  const page = '<script type="module" crossorigin src="./assets/early-a.js"></script><script type="module" crossorigin src="./assets/index-b.js"></script>';

  it('follow static imports from the page and leave import() chunks out', () => {
    const bundle = fakeBundle({
      'renderer/index.html': page,
      'renderer/assets/early-a.js': 'export const e = 1;',
      'renderer/assets/index-b.js': 'import{n as e}from"./early-a.js";import "./side-c.js";const l=()=>import("./Settings-d.js");',
      'renderer/assets/side-c.js': 'import{x}from"./deep-e.js";',
      'renderer/assets/deep-e.js': 'export const x = 1;',
      'renderer/assets/Settings-d.js': 'class ZodError extends Error {}',
    });
    const renderer = path.join(bundle, 'renderer');
    expect(rendererStartupChunks(renderer)).toEqual(['assets/deep-e.js', 'assets/early-a.js', 'assets/index-b.js', 'assets/side-c.js']);
    expect(scanRendererStartup(renderer)).toEqual([]);
  });

  it('find zod once a startup chunk imports it statically', () => {
    const bundle = fakeBundle({
      'renderer/index.html': page,
      'renderer/assets/early-a.js': 'export const e = 1;',
      'renderer/assets/index-b.js': 'import{z}from"./schemas-f.js";',
      'renderer/assets/schemas-f.js': 'class ZodError extends Error {}',
    });
    expect(scanRendererStartup(path.join(bundle, 'renderer'))).toEqual([expect.objectContaining({ file: 'assets/schemas-f.js', marker: 'ZodError' })]);
  });

  it('refuse to pass without a renderer build', () => {
    expect(() => rendererStartupChunks(path.join(tmpdir(), 'ringside-no-such-build', 'renderer'))).toThrow(/npm run build/);
  });
});
