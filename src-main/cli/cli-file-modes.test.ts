/** Issue 26, item 6, as a user runs it: the CLI's data folder and archive are for this user only, whatever the shell's umask. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src-simulator';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const modeOf = (file: string) => statSync(file).mode & 0o777;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

if (process.platform === 'win32') console.log('[CLI file modes] skipped on Windows: it has no POSIX file modes.');
describe.runIf(process.platform !== 'win32')('the CLI data folder (issue 26, item 6)', () => {
  it('sync creates the folder 0700 and the archive (and its WAL/SHM while they exist) 0600 under umask 022', async () => {
    sim = await Simulator.start({ timeScale: 50, seedHistory: 50, autoApprove: true });
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-cli-modes-')), 'data');
    const previous = process.umask(0o022);
    try {
      await promisify(execFile)(tsx, ['src-main/cli/main.ts', 'sync'], {
        cwd: root,
        env: {
          ...process.env,
          RC_SERVER_URL: sim.url,
          RC_CLIENT_ID: sim.app.clientId,
          RC_CLIENT_SECRET: sim.app.clientSecret,
          RC_JWT: Object.keys(sim.app.jwts)[0]!,
          RINGSIDE_DATA_DIR: dataDir,
        },
      });
    } finally {
      process.umask(previous);
    }
    expect(modeOf(dataDir)).toBe(0o700);
    const archive = path.join(dataDir, 'archive.sqlite');
    expect(modeOf(archive)).toBe(0o600);
    for (const suffix of ['-wal', '-shm']) if (existsSync(archive + suffix)) expect(modeOf(archive + suffix)).toBe(0o600);
  }, 60_000);
});
