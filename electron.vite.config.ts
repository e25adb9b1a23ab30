import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** Windows whose code loads when opened (App.svelte), by route: their screen's module. */
const LAZY_WINDOWS: Record<string, string> = {
  analytics: 'Analytics',
  settings: 'Settings',
  signin: 'SignIn',
  'team-board': 'TeamBoard',
  'team-analytics': 'TeamAnalytics',
};

/**
 * The renderer's `early` entry (src-renderer/src/early.ts, under a kB) runs as the page's first
 * module script, while the main bundle is still being compiled: it sends the history window's
 * first request, so main's answer is waiting when the window mounts, and starts loading a lazily
 * loaded window's own files (named here, in a meta tag: `window file file;…`), so they do not wait
 * for the main bundle either. main.ts imports early.ts too: one URL, one module, run once.
 */
function earlyScriptFirst(): Plugin {
  return {
    name: 'ringside-early-script-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const chunks = Object.values(context.bundle ?? {}).filter((file) => file.type === 'chunk');
        const early = chunks.find((chunk) => chunk.isEntry && chunk.name === 'early');
        const at = html.indexOf('<script type="module"');
        if (!early || at < 0) throw new Error('The renderer build has no early entry or no module script.');
        const entries = new Set(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
        const windows = Object.entries(LAZY_WINDOWS).map(([route, screen]) => {
          const chunk = chunks.find((c) => !c.isEntry && c.facadeModuleId?.endsWith(`/screens/${screen}.svelte`));
          if (!chunk) throw new Error(`The renderer build has no chunk of its own for ${screen}.`);
          const shared = chunk.imports.filter((file) => !entries.has(file));
          const css = [chunk, ...chunks.filter((c) => shared.includes(c.fileName))].flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]);
          return [route, ...[chunk.fileName, ...shared, ...css].map((file) => `./${file}`)].join(' ');
        });
        const tags = `<meta name="ringside-window-chunks" content="${windows.join(';')}" />\n    <script type="module" crossorigin src="./${early.fileName}"></script>\n    `;
        return html.slice(0, at) + tags + html.slice(at);
      },
    },
  };
}

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
        rollupOptions: { input: { index: resolve('src-renderer/index.html'), early: resolve('src-renderer/src/early.ts') } },
      },
      plugins: [svelte({ configFile: resolve('svelte.config.js') }), earlyScriptFirst(), phoneMetadataAsJson()],
    },
  };
});
