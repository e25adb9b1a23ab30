import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['out/**', 'out-e2e/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  ...boundaries(),
);

/**
 * Which folder may import which, as Signal-Desktop keeps its per-process folders apart:
 *   src-main/core  → src-shared and libraries (no electron, simulator, shell, app or cli)
 *   src-main/app, cli, browser, shell → the core only through its front door (src-main/core/index)
 *                  and its ports, src-shared, libraries (app: the simulator for demo mode)
 *   src-renderer   → src-shared only (no Node built-ins, no electron)
 *   src-preload    → src-shared and electron
 *   src-shared     → libraries only
 *   src-simulator  → never src-main
 * Product code never imports test machinery (test-support/, e2e/, src-simulator/testing). Tests may reach across
 * folders (a simulator test checks the core's leg derivation), but not into electron
 * where the code under test runs without it. test-support/lint-boundaries.test.ts proves
 * each rule fires.
 */
function boundaries() {
  const TESTS = ['**/*.test.ts', '**/*.spec.ts'];
  const electron = {
    name: 'electron',
    message: 'This folder runs without Electron: reach Electron through a port (src-main/core/ports.ts, src-main/app/app-ports.ts).',
  };
  const noElectron = { group: ['electron/*'], message: 'This folder runs without Electron.' };
  const folder = (name, message) => ({ group: [`**/${name}`, `**/${name}/**`], message });
  const shell = folder('shell', 'Only the Electron shell may depend on the Electron shell.');
  const testMachinery = [folder('test-support', 'Test machinery stays out of the product.'), folder('e2e', 'Test machinery stays out of the product.')];
  /** Outside the core, only its front door (core/index) and its ports: its parts stay inside. */
  const coreInternals = {
    group: ['**/core/*', '**/core/**', '!**/core/index', '!**/core/ports'],
    message: 'Outside the core, import it only through src-main/core/index (or src-main/core/ports): add what you need to its front door.',
  };
  /** The simulator's control routes (faults, reset, seed) exist only when tests start it. */
  const simulatorTesting = {
    group: ['**/src-simulator/testing', '**/src-simulator/testing.ts'],
    message: 'Product code never imports src-simulator/testing: its control routes are for tests only.',
  };
  const builtins = nodeBuiltins.map((name) => ({ name, message: 'The renderer runs sandboxed: Node built-ins are not available.' }));
  const rule = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
  /** Production files get every restriction; their tests only the runtime ones (electron, built-ins). */
  const area = (files, { paths = [], patterns = [], testPaths = paths, testPatterns = [] }) => [
    { files, ignores: TESTS, rules: rule(paths, [...patterns, ...testMachinery]) },
    { files: files.map((f) => f.replace(/\*\*$/, '**/*.test.ts')), rules: rule(testPaths, testPatterns) },
  ];
  return [
    ...area(['src-main/core/**'], {
      paths: [electron],
      patterns: [
        noElectron,
        shell,
        folder('src-simulator', 'The core does not know the simulator: the app or the CLI starts it and hands the core a server URL and credentials.'),
        {
          group: ['../app', '../app/**', '../../app', '../../app/**', '**/src-main/app', '**/src-main/app/**'],
          message: 'The core does not depend on the application layer (src-main/app).',
        },
        {
          group: ['../cli', '../cli/**', '../../cli', '../../cli/**', '**/src-main/cli', '**/src-main/cli/**'],
          message: 'The core does not depend on the CLI.',
        },
      ],
      testPatterns: [noElectron, shell],
    }),
    ...area(['src-main/app/**', 'src-main/cli/**', 'src-main/browser/**'], {
      paths: [electron],
      patterns: [noElectron, shell, coreInternals, simulatorTesting],
      testPatterns: [noElectron, shell],
    }),
    ...area(['src-main/shell/**'], { patterns: [coreInternals, simulatorTesting] }),
    ...area(['src-shared/**'], {
      paths: [electron],
      patterns: [
        noElectron,
        ...['src-main', 'src-renderer', 'src-preload', 'src-simulator'].map((name) =>
          folder(name, 'src-shared is imported by every process: it imports only libraries.'),
        ),
      ],
      testPatterns: [noElectron],
    }),
    ...area(['src-renderer/**'], {
      paths: [{ name: 'electron', message: 'The renderer reaches main only through the preload bridge.' }, ...builtins],
      patterns: ['src-main', 'src-preload', 'src-simulator'].map((name) =>
        folder(name, 'The renderer imports only src-shared: it reaches main through the preload bridge.'),
      ),
    }),
    ...area(['src-preload/**'], {
      patterns: ['src-main', 'src-renderer', 'src-simulator'].map((name) => folder(name, 'The preload imports only src-shared and electron.')),
    }),
    ...area(['src-simulator/**'], {
      paths: [electron],
      patterns: [noElectron, folder('src-main', 'The simulator stands in for RingCentral: it never imports Ringside (src-main).')],
      testPatterns: [noElectron],
    }),
    { files: ['src-renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  ];
}
