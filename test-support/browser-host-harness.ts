/**
 * A browser edition host for tests: a minimal built renderer (the app's CSP and a module
 * script) in a temporary folder, the demo simulator with a small history, and a logger that
 * keeps what it was told.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from '../src-main/browser/browser-host';
import type { Logger } from '../src-main/core/ports';

export interface HostUnderTest {
  host: BrowserHost;
  dataDir: string;
  origin: string;
  warnings: string[];
}

export async function startTestHost(options: Partial<BrowserHostOptions> = {}): Promise<HostUnderTest> {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'ringside-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'self'" /></head><body><script type="module" src="./assets/index.js"></script></body></html>`,
  );
  writeFileSync(path.join(rendererDir, 'assets', 'index.js'), 'export {};\n');
  const dataDir = options.dataDir ?? path.join(mkdtempSync(path.join(tmpdir(), 'ringside-browser-data-')), 'data');
  const warnings: string[] = [];
  const logger: Logger = { info: () => undefined, warn: (message) => void warnings.push(message), error: (message) => void warnings.push(message) };
  const host = await startBrowserHost({ rendererDir, dataDir, env: {}, logger, demo: { timeScale: 50, seedHistory: 20 }, ...options });
  return { host, dataDir, origin: `http://127.0.0.1:${host.port}`, warnings };
}
