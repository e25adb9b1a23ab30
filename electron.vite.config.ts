import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `electron-vite build --mode e2e` (npm run build:e2e) is the test build for the real-Electron
// specs: main's entry adds their test hook, and everything goes to out-e2e/. The production
// build in out/ never contains test machinery (security/bundle-scan.ts checks).
export default defineConfig(({ mode }) => {
  const testBuild = mode === 'e2e';
  const outDir = (part: string) => (testBuild ? resolve('out-e2e', part) : undefined);
  return {
    main: {
      build: {
        outDir: outDir('main'),
        rollupOptions: { input: { index: resolve(testBuild ? 'e2e/electron/main-with-test-hook.ts' : 'src-main/shell/index.ts') } },
      },
    },
    preload: {
      build: {
        outDir: outDir('preload'),
        // A sandboxed preload cannot require() other files: bundle everything into one CJS file.
        externalizeDeps: false,
        isolatedEntries: true,
        rollupOptions: {
          input: { index: resolve('src-preload/index.ts') },
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
    renderer: {
      root: 'src-renderer',
      // Relative asset URLs so the built renderer loads from file:// (Electron) and from any
      // static server (the Chromium harness).
      base: './',
      build: {
        outDir: outDir('renderer'),
        minify: true,
        rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
      },
      plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    },
  };
});
