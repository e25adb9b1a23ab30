/** docs/FAULT-MATRIX.md names a test for each audit finding: each one must exist. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const rows = readFileSync(path.join(root, 'docs/FAULT-MATRIX.md'), 'utf8')
  .split('\n')
  .filter((line) => /^\| (\d+(?:\.\d+)?|also) \|/.test(line))
  .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim()))
  .map(([finding, , file, test]) => ({ finding: finding!, file: file!, test: test! }));

describe('fault matrix', () => {
  it('covers every finding of issue 18', () => {
    const findings = new Set(rows.map((r) => r.finding));
    for (let n = 1; n <= 18; n++) expect(findings.has(String(n)), `finding ${n}`).toBe(true);
  });

  it.each(rows.filter((r) => !r.file.startsWith('*')))('finding $finding: "$test" exists in $file', ({ file, test }) => {
    expect(existsSync(path.join(root, file)), file).toBe(true);
    const source = readFileSync(path.join(root, file), 'utf8');
    // A parameterised row names the case as the runner prints it; its parts are in the table.
    const parts = test.includes(' -> ') ? test.split(' -> ') : [test];
    for (const part of parts) expect(source.includes(part) || source.includes(part.replace(/'/g, "\\'")), `${file}: ${part}`).toBe(true);
  });
});
