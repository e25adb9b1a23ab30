import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The renderer's `early` entry (src-renderer/src/early.ts, a few hundred bytes) runs as the page's
 * first module script: it sends the history window's first request while the main bundle is still
 * being compiled, so main's answer is waiting when the window mounts. main.ts imports it too, so
 * it runs once (one URL, one module) and first whatever the order the files arrive in.
 */
function earlyScriptFirst(): Plugin {
  return {
    name: 'ringside-early-script-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const early = Object.values(context.bundle ?? {}).find((file) => file.type === 'chunk' && file.isEntry && file.name === 'early');
        const at = html.indexOf('<script type="module"');
        if (!early || at < 0) throw new Error('The renderer build has no early entry or no module script.');
        return `${html.slice(0, at)}<script type="module" crossorigin src="./${early.fileName}"></script>\n    ${html.slice(at)}`;
      },
    },
  };
}

// `electron-vite build --mode e2e` (npm run build:e2e) is the test build for the real-Electron
// specs: main's entry adds their test hook, and everything goes to out-e2e/. The production
// build in out/ never contains test machinery (security/bundle-scan.ts checks).
/**
 * libphonenumber's metadata (82 kB) as `JSON.parse('…')` instead of the package's object literal
 * (`metadata.min.json.js`): V8 parses and compiles the literal's every property with the bundle,
 * a string it only scans, and JSON.parse reads it quickly when the module runs. The data is the
 * package's own `metadata.min.json`, the file that module wraps.
 */
function phoneMetadataAsJson(): Plugin {
  return {
    name: 'ringside-phone-metadata-as-json',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer?.includes('/libphonenumber-js/') || !source.endsWith('/metadata.min.json.js')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved ? `${resolved.id.slice(0, -'.js'.length)}?as-json-parse` : null;
    },
    load(id) {
      if (!id.endsWith('/metadata.min.json?as-json-parse')) return null;
      const json = JSON.stringify(JSON.parse(readFileSync(id.slice(0, -'?as-json-parse'.length), 'utf8')));
      return `export default JSON.parse(${JSON.stringify(json)});`;
    },
  };
}

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
        rollupOptions: { input: { index: resolve('src-renderer/index.html'), early: resolve('src-renderer/src/early.ts') } },
      },
      plugins: [svelte({ configFile: resolve('svelte.config.js') }), earlyScriptFirst(), phoneMetadataAsJson()],
    },
  };
});
