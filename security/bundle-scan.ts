/**
 * The production bundle must not ship test machinery. This scans the built app (out/) as
 * text for markers that only test code contains. Add a marker here when new test machinery
 * appears; each says why it must not ship.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface BundleMarker {
  /** Text that appears in a built file only if the test machinery got bundled. */
  marker: string;
  why: string;
}

export const FORBIDDEN_BUNDLE_MARKERS: readonly BundleMarker[] = [
  { marker: '__ringsideE2E', why: "the real-Electron specs' test hook (e2e/electron/main-with-test-hook.ts)" },
  { marker: 'RINGSIDE_E2E', why: 'a switch that turned test hooks on in the product' },
  { marker: 'RecordingPorts', why: 'the recording app ports of tests and the Chromium harness (test-support/recording-ports.ts)' },
  { marker: '__ringsideEmit', why: "the Chromium harness's event bridge (e2e/harness)" },
  { marker: '__ringsideInvoke', why: "the Chromium harness's invoke bridge (e2e/harness)" },
  { marker: 'pressDialHotkey', why: "the Chromium harness's stand-in for the dial hotkey with a chosen selection (e2e/harness)" },
  { marker: '/_simulator', why: "the simulator's control routes (faults, reset, seed), which exist only when tests start it (src-simulator/testing.ts)" },
];

export interface BundleFinding {
  file: string;
  marker: string;
  why: string;
}

const TEXT_FILE = /\.(c|m)?js$|\.html$|\.css$|\.json$|\.map$/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (TEXT_FILE.test(entry)) yield full;
  }
}

/** Every forbidden marker found in the built files under `bundleDir` (relative paths). */
export function scanBundle(bundleDir: string, markers: readonly BundleMarker[] = FORBIDDEN_BUNDLE_MARKERS): BundleFinding[] {
  if (!existsSync(bundleDir)) throw new Error(`No build at ${bundleDir}: run \`npm run build\` first.`);
  const findings: BundleFinding[] = [];
  for (const file of files(bundleDir)) {
    const text = readFileSync(file, 'utf8');
    for (const { marker, why } of markers) {
      if (text.includes(marker)) findings.push({ file: path.relative(bundleDir, file), marker, why });
    }
  }
  return findings;
}

/**
 * Code that must not load with the renderer's first page: each marker is kept out of the
 * chunks a window fetches before its first paint (issue 27: the history window's open at 1M
 * calls). Lazy chunks (`import()`) may hold it.
 */
export const STARTUP_FORBIDDEN_MARKERS: readonly BundleMarker[] = [
  {
    marker: 'ZodError',
    why: 'zod (the IPC schemas) is for the lazily loaded windows; in the first chunk it adds ~90 kB to parse before History shows its rows',
  },
];

const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\/[^"']+\.js)["']/g;
const ENTRY_SCRIPT = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+\.js)"/g;

/** The renderer's startup chunks: index.html's module scripts and everything they import statically (not `import()`). */
export function rendererStartupChunks(rendererDir: string): string[] {
  const html = path.join(rendererDir, 'index.html');
  if (!existsSync(html)) throw new Error(`No renderer build at ${html}: run \`npm run build\` first.`);
  const pending = [...readFileSync(html, 'utf8').matchAll(ENTRY_SCRIPT)].map((m) => path.normalize(path.join(rendererDir, m[1]!)));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) pending.push(path.normalize(path.join(path.dirname(file), m[1]!)));
  }
  return [...seen].map((file) => path.relative(rendererDir, file)).sort();
}

/** Every startup-forbidden marker found in the renderer's startup chunks (paths relative to `rendererDir`). */
export function scanRendererStartup(rendererDir: string, markers: readonly BundleMarker[] = STARTUP_FORBIDDEN_MARKERS): BundleFinding[] {
  const findings: BundleFinding[] = [];
  for (const file of rendererStartupChunks(rendererDir)) {
    const text = readFileSync(path.join(rendererDir, file), 'utf8');
    for (const { marker, why } of markers) if (text.includes(marker)) findings.push({ file, marker, why });
  }
  return findings;
}
