import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from './save-dialog';

describe('export writing (finding 16)', () => {
  it('a failure part-way (a full disk) leaves no partial file and keeps the previous one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-export-'));
    const file = path.join(dir, 'calls.csv');
    writeFileSync(file, 'previous export\n');
    function* chunks() {
      yield 'id,start\r\n';
      yield 'a,1\r\n';
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    await expect(writeFileAtomically(file, chunks())).rejects.toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual(['calls.csv']);
    expect(readFileSync(file, 'utf8')).toBe('previous export\n');
  });

  it('writes the whole export when all goes well', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-export-'));
    const file = path.join(dir, 'calls.json');
    await writeFileAtomically(file, ['[', '{"id":"a"}', ']\n']);
    expect(readFileSync(file, 'utf8')).toBe('[{"id":"a"}]\n');
    expect(readdirSync(dir)).toEqual(['calls.json']);
  });
});
