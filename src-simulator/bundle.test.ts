/**
 * Demo mode imports `src-simulator`; the test controls must not come along. Bundles the
 * package entry as a production build would and looks for the control routes in it.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    packages: 'external',
    logLevel: 'silent',
  });
  return result.outputFiles.map((f) => f.text).join('\n');
}

describe('what demo mode bundles', () => {
  it('src-simulator carries no control routes', async () => {
    const demo = await bundle('src-simulator/index.ts');
    expect(demo).toMatch(/class Simulator\b|Simulator = class/);
    expect(demo).not.toContain('/_simulator');
    expect(demo).not.toContain('createControlRoutes');
  });

  it('the test entry does carry them (so the check above can fail)', async () => {
    expect(await bundle('src-simulator/testing.ts')).toContain('/_simulator');
  });
});
