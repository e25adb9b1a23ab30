import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where the Electron binary is, or why there is none. Reads electron's own path.txt
 * instead of require('electron'), which would try to download the binary.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing: "the Electron binary was never downloaded (node_modules/electron/path.txt is absent; this machine cannot reach Electron's download host)",
    };
  }
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `the Electron binary is missing at ${binary}` };
  return { path: binary };
}
