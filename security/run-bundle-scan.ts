import path from 'node:path';
import { scanBundle, scanRendererStartup } from './bundle-scan';

// Part of `npm test`, right after the build: the production bundle in out/ holds no test machinery.
const bundleDir = path.resolve(import.meta.dirname, '..', 'out');
try {
  const findings = scanBundle(bundleDir);
  for (const f of findings) console.log(`HIGH   test-machinery-in-bundle  out/${f.file}  contains ${JSON.stringify(f.marker)}: ${f.why}`);
  // The renderer's first page stays lean: what it loads before its first paint.
  const startup = scanRendererStartup(path.join(bundleDir, 'renderer'));
  for (const f of startup) console.log(`HIGH   slow-code-at-startup  out/renderer/${f.file}  contains ${JSON.stringify(f.marker)}: ${f.why}`);
  console.log(findings.length === 0 ? 'Bundle scan: out/ contains no test machinery.' : `Bundle scan: ${findings.length} finding(s).`);
  console.log(
    startup.length === 0 ? "Bundle scan: the renderer's startup chunks are free of lazily loaded code." : `Bundle scan: ${startup.length} startup finding(s).`,
  );
  process.exitCode = findings.length === 0 && startup.length === 0 ? 0 : 1;
} catch (error) {
  console.log(`Bundle scan: ${(error as Error).message}`);
  process.exitCode = 1;
}
