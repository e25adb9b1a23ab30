/**
 * Issue 26, items 10 and 15: the archive's open edges (locked, read-only folder, newer schema)
 * show what they can, read-only, and every write refused says "read-only" in words.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { reachableByOthers } from '../../../test-support/other-users';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { ARCHIVE_SCHEMA_VERSION, Archive, ArchiveReadOnlyError } from './archive';

const records = generateHistory({ count: 5, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: Date.UTC(2026, 10, 24), seed: 26 }).map(
  (h) => h.record as unknown as CallLogRecord,
);
const root = path.resolve(import.meta.dirname, '../../..');

/** An archive file holding the records, in a fresh folder. */
function archiveWith(count: number): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ringside-edges-'));
  const file = path.join(folder, 'archive.sqlite');
  const { archive } = Archive.open(file);
  archive.upsertRecords(records.slice(0, count));
  archive.annotations.annotate(records[0]!.id, { note: 'kept', disposition: 'Reached' }, Date.now());
  archive.close();
  return file;
}

/** Every kind of write the user can make, each refused in words. */
function expectEveryWriteRefused(archive: Archive, why: RegExp): void {
  const writes = [
    () => archive.annotations.annotate(records[1]!.id, { note: 'new note', disposition: null }, Date.now()),
    () => archive.annotations.setFavourite('+12125550100', true, Date.now()),
    () => archive.annotations.setDispositions(['Reached', 'Sold']),
    () => archive.upsertRecords(records.slice(0, 1)),
  ];
  for (const write of writes) {
    let thrown: unknown = null;
    try {
      write();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ArchiveReadOnlyError);
    expect((thrown as Error).message).toMatch(/read-only/);
    expect((thrown as Error).message).toMatch(why);
  }
}

describe('archive open edges (issue 26, item 10)', () => {
  it('a locked archive opens read-only with its history and a reason, instead of stopping startup', () => {
    const file = archiveWith(3);
    // Another program holds a write transaction on the (WAL) file for as long as it likes.
    const other = new DatabaseSync(file);
    other.exec("BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('lock', 'held');");
    try {
      const opened = Archive.open(file, { busyRetries: 1, busyTimeoutMs: 50 });
      expect(opened.readOnly).toMatch(/in use by another program.*read-only/);
      expect(opened.recovered).toBeNull();
      expect(opened.archive.count()).toBe(3);
      expect(opened.archive.annotations.annotation(records[0]!.id)).toEqual({ note: 'kept', disposition: 'Reached' });
      expectEveryWriteRefused(opened.archive, /in use by another program/);
      opened.archive.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'))).toEqual([]);
    expect(Archive.open(file).readOnly).toBeNull();
  });

  it('a read-only folder shows the history in it, read-only, and says so when a note is saved', (context) => {
    if (process.platform === 'win32') {
      console.log('skipped: Windows has no POSIX folder modes (chmod 0555 does not make a folder read-only there)');
      return context.skip();
    }
    const file = archiveWith(4);
    const folder = path.dirname(file);
    chmodSync(file, 0o644);
    chmodSync(folder, 0o555);
    try {
      let answer: { readOnly: string | null; count: number; write: string };
      if (process.getuid?.() === 0) {
        // Root ignores folder permissions: open it as an unprivileged user, in a child process.
        if (!existsSync('/usr/bin/setpriv')) {
          console.log('skipped: running as root without setpriv, so a read-only folder cannot be had here');
          return context.skip();
        }
        if (!reachableByOthers(process.execPath) || !reachableByOthers(import.meta.filename) || !reachableByOthers(file)) {
          console.log('skipped: the project or its Node sits in a private folder (a clone under mktemp -d), so the unprivileged user cannot run it');
          return context.skip();
        }
        const child = spawnSync(
          '/usr/bin/setpriv',
          [
            '--reuid=65534',
            '--regid=65534',
            '--clear-groups',
            process.execPath,
            '--import',
            'tsx',
            path.join(root, 'test-support/archive-open-probe.ts'),
            file,
          ],
          { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir() } },
        );
        expect(child.stderr).toBe('');
        answer = JSON.parse(child.stdout) as typeof answer;
      } else {
        const opened = Archive.open(file);
        let write = 'saved';
        try {
          opened.archive.annotations.annotate('any-call', { note: 'a note', disposition: null }, Date.now());
        } catch (error) {
          write = (error as Error).message;
        }
        answer = { readOnly: opened.readOnly, count: opened.archive.count(), write };
        opened.archive.close();
      }
      expect(answer.count).toBe(4);
      expect(answer.readOnly).toMatch(/cannot write.*read-only/);
      expect(answer.write).toMatch(/^Not saved: .*read-only/);
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  it('a newer schema refuses notes, favourites and dispositions in words, and the file stays as it was', () => {
    const file = archiveWith(2);
    const raw = new DatabaseSync(file);
    raw.exec(`PRAGMA user_version = ${ARCHIVE_SCHEMA_VERSION + 1}`);
    raw.close();
    const opened = Archive.open(file);
    expect(opened.archive.count()).toBe(2);
    expectEveryWriteRefused(opened.archive, /newer Ringside/);
    expect(opened.readOnly).toMatch(/newer Ringside.*read-only/);
    // Dispositions were not "saved": the list is still the default one.
    expect(opened.archive.annotations.dispositions()).not.toContain('Sold');
    opened.archive.close();
    const check = new DatabaseSync(file, { readOnly: true });
    expect((check.prepare('SELECT count(*) AS n FROM favourites').get() as { n: number }).n).toBe(0);
    expect((check.prepare('SELECT count(*) AS n FROM call_annotations').get() as { n: number }).n).toBe(1);
    check.close();
  });
});
