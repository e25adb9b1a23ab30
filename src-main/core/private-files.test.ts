/** Issue 26, item 6: other users of the machine cannot read the history (folders 0700, files 0600, WAL and SHM too). */
import { chmodSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackedCall } from '../../src-shared/calls';
import { Archive } from './history/archive';
import { JsonFileInFlightStore } from './ringout/in-flight-store';

const modeOf = (file: string) => statSync(file).mode & 0o777;
let previousUmask: number;
// The usual desktop umask: without explicit modes, everything would be 0755 / 0644.
beforeEach(() => void (previousUmask = process.umask(0o022)));
afterEach(() => void process.umask(previousUmask));

if (process.platform === 'win32') console.log('[file modes] skipped on Windows: it has no POSIX file modes.');
describe.runIf(process.platform !== 'win32')('file modes (issue 26, item 6)', () => {
  it('a new archive, its WAL and SHM are 0600 in a 0700 folder', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-modes-')), 'data');
    const file = path.join(dir, 'archive.sqlite');
    const { archive } = Archive.open(file);
    try {
      archive.setMeta('probe', 'written');
      expect(modeOf(dir)).toBe(0o700);
      for (const suffix of ['', '-wal', '-shm']) {
        expect(existsSync(file + suffix), suffix || 'archive').toBe(true);
        expect(modeOf(file + suffix), suffix || 'archive').toBe(0o600);
      }
    } finally {
      archive.close();
    }
  });

  it('an archive an older Ringside left readable is made private when opened; a read-only folder stays read-only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-modes-'));
    const file = path.join(dir, 'archive.sqlite');
    Archive.open(file).archive.close();
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    writeFileSync(file + '-wal', '');
    chmodSync(file + '-wal', 0o644);
    const { archive } = Archive.open(file);
    archive.close();
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    chmodSync(dir, 0o555);
    try {
      Archive.open(file).archive.close();
      expect(modeOf(dir)).toBe(0o500);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('calls in flight are kept in a 0600 file in a 0700 folder', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-modes-')), 'data');
    const file = path.join(dir, 'in-flight-calls.json');
    await new JsonFileInFlightStore(file).save({ id: 'call-1' } as TrackedCall);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
  });
});
