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
  {
    // The core and the shared contract run without Electron (tests, CLI, benchmarks).
    files: ['src-main/core/**', 'src-main/app/**', 'src-shared/**', 'src-main/cli/**', 'src-simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Core code must not import electron: reach Electron through a port in src-main/core/ports.ts.' }],
          patterns: [{ group: ['electron/*', '**/shell/**'], message: 'Core code must not depend on the Electron shell.' }],
        },
      ],
    },
  },
  {
    // The renderer is a sandboxed web page: no Node built-ins, no Electron.
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches main only through the preload bridge.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs sandboxed: Node built-ins are not available.' })),
          ],
        },
      ],
    },
  },
);
