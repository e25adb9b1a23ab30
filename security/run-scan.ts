import path from 'node:path';
import { scanProject, type Finding } from './electron-security-scan';
import { probeFindings } from './regression-probes';
import { isAllowedServerUrl } from '../src-shared/settings';
import { assertExternalUrl } from '../src-main/app/external-url';
import { localRequestProblem } from '../src-main/app/local-request-guard';
import { listenForRedirect } from '../src-main/app/loopback-redirect';
import { isOwnPage, rendererUrlFromEnv } from '../src-main/shell/windows/own-page';

const root = path.resolve(import.meta.dirname, '..');
const findings: Finding[] = [
  ...scanProject(root),
  ...(await probeFindings({
    assertExternalUrl,
    isAllowedServerUrl,
    isOwnPage,
    rendererUrlFromEnv,
    localRequestProblem,
    listenForRedirect: () => listenForRedirect('http://127.0.0.1:0/callback', 10_000),
  })),
];
const blocking = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
for (const f of findings) console.log(`${f.severity.padEnd(6)} ${f.id.padEnd(32)} ${f.file}:${f.line}  ${f.message}`);
console.log(blocking.length === 0 ? 'Security scan: no high or medium findings.' : `Security scan: ${blocking.length} high/medium finding(s).`);
process.exitCode = blocking.length === 0 ? 0 : 1;
