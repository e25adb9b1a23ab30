import path from 'node:path';
import { scanProject } from './electron-security-scan';

const root = path.resolve(import.meta.dirname, '..');
const findings = scanProject(root);
const blocking = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
for (const f of findings) console.log(`${f.severity.padEnd(6)} ${f.id.padEnd(32)} ${f.file}:${f.line}  ${f.message}`);
console.log(blocking.length === 0 ? 'Security scan: no high or medium findings.' : `Security scan: ${blocking.length} high/medium finding(s).`);
process.exitCode = blocking.length === 0 ? 0 : 1;
