/**
 * No words stored in the archive (schema 7): a call not (yet) confirmed by the call log keeps
 * facts (its legs, and why it is not confirmed as a ProblemFact); its explanation is chosen
 * when shown, so a wording fix reaches calls archived before it.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import * as machine from '../ringout/call-machine';
import { PROBLEM_WORDS } from '../ringout/explain';
import { ringOutRefusal } from '../ringcentral/ringout-refusals';
import { ARCHIVE_SCHEMA_VERSION, Archive } from './archive';

/** Written by the schema-6 Archive (commit 923815d): pending calls with and without a partial record, a refusal, an older wording. */
const FIXTURE_V6 = path.resolve(import.meta.dirname, '../../../test-support/fixtures/archive-v6.sqlite');
const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'ringside-words-')), 'archive.sqlite');
const NOT_YET_LOGGED = PROBLEM_WORDS.notYetLogged;

type StoredRow = { id: string; explanation: string | null; problem?: string | null };

function openFixture(): { archive: Archive; before: StoredRow[] } {
  const file = tempFile();
  copyFileSync(FIXTURE_V6, file);
  const db = new DatabaseSync(file);
  expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(6);
  const before = db.prepare('SELECT id, explanation FROM calls ORDER BY id').all() as StoredRow[];
  db.close();
  return { archive: Archive.open(file).archive, before };
}

const shownExplanations = (archive: Archive) => new Map(archive.query({ limit: 100 }).rows.map((r) => [r.id, r.explanation]));

afterEach(() => {
  PROBLEM_WORDS.notYetLogged = NOT_YET_LOGGED;
});

describe('schema 7 from 6', () => {
  it('turns stored explanations into facts, every call showing the same words as before, its note and token kept', () => {
    const { archive, before } = openFixture();
    expect(before.filter((r) => r.explanation !== null).length).toBe(5);
    expect((archive.database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(ARCHIVE_SCHEMA_VERSION);
    expect(ARCHIVE_SCHEMA_VERSION).toBeGreaterThanOrEqual(7);
    // Same words on screen for every call (the ordinary RingOut's were derived already).
    const shown = shownExplanations(archive);
    for (const row of before) if (row.explanation !== null) expect(shown.get(row.id)).toBe(row.explanation);
    expect(shown.get('RO-5')).toBe('You answered, but the other party did not pick up.');
    // Stored: facts, and only words no fact reproduces (an older Ringside's).
    const after = new Map(
      (archive.database.prepare('SELECT id, explanation, problem FROM calls').all() as StoredRow[]).map((r) => [
        r.id,
        { explanation: r.explanation, problem: r.problem ? JSON.parse(r.problem) : null },
      ]),
    );
    expect(Object.fromEntries(after)).toEqual({
      'RO-1': { explanation: null, problem: { code: 'notYetLogged' } },
      'RO-5': { explanation: null, problem: null },
      'ringside:call-2': { explanation: null, problem: { code: 'notYetLogged' } },
      'ringside:call-3': { explanation: null, problem: { code: 'callLogSilent', attempts: 4, minutes: 3 } },
      'ringside:call-4': { explanation: null, problem: { code: 'said', words: 'Calls to that number are not allowed from this account.' } },
      'ringside:call-6': { explanation: 'Words an older Ringside stored for this call.', problem: null },
    });
    expect(archive.query({ search: 'pending call note' }).rows.map((r) => [r.id, r.note])).toEqual([['RO-1', 'pending call note']]);
    expect(archive.getMeta('sync.token')).toBe('fixture-token-v6');
    archive.close();
  });

  it('a wording change applies to a pending call archived before it', () => {
    const { archive } = openFixture();
    expect(archive.detail('RO-1')!.row.explanation).toBe(`You answered, but the other party's line was busy. ${NOT_YET_LOGGED}`);
    PROBLEM_WORDS.notYetLogged = 'Waiting for RingCentral to log this call.';
    expect(archive.detail('RO-1')!.row.explanation).toBe("You answered, but the other party's line was busy. Waiting for RingCentral to log this call.");
    expect(shownExplanations(archive).get('ringside:call-2')).toBe(
      'The call log has no per-leg details for this call. Waiting for RingCentral to log this call.',
    );
    archive.close();
  });
});

describe('writing a call not yet in the call log', () => {
  it("keeps a refusal Ringside has a sentence for as its code, and RingCentral's own words as they were", () => {
    const { archive } = Archive.open(':memory:');
    const at = Date.UTC(2026, 10, 20, 9, 0, 0);
    const newCall = (id: string) => machine.newCall({ id, to: '+12125550101', toName: null, from: '+16505550110', callerId: null, playPrompt: false }, at);
    const blocked = ringOutRefusal('TEL-101')!;
    archive.saveTracked(machine.placementFailed(newCall('a'), blocked, at + 1000).call, null);
    archive.saveTracked(machine.placementFailed(newCall('b'), 'Something RingCentral said.', at + 2000).call, null);
    const stored = archive.database.prepare('SELECT id, explanation, problem FROM calls ORDER BY id').all() as StoredRow[];
    expect(stored.map((r) => [r.id, r.explanation, JSON.parse(r.problem!)])).toEqual([
      ['ringside:a', null, { code: 'refused', errorCode: 'TEL-101' }],
      ['ringside:b', null, { code: 'said', words: 'Something RingCentral said.' }],
    ]);
    expect(shownExplanations(archive)).toEqual(
      new Map([
        ['ringside:b', 'Something RingCentral said.'],
        ['ringside:a', blocked],
      ]),
    );
    archive.close();
  });

  it('stores no words: the same sentence as the live call showed, derived when shown', () => {
    const { archive } = Archive.open(':memory:');
    const at = Date.UTC(2026, 10, 20, 9, 0, 0);
    let call = machine.newCall({ id: 'c', to: '+12125550101', toName: null, from: '+16505550110', callerId: null, playPrompt: false }, at);
    call = machine.applyStatus(call, { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'NoAnswer' }, at + 10_000).call;
    call = machine.notYetLogged(call, null as CallLogRecord | null, at + 600_000).call;
    archive.saveTracked(call, null);
    const stored = archive.database.prepare('SELECT explanation, problem FROM calls').get() as StoredRow;
    expect(stored).toEqual({ explanation: null, problem: JSON.stringify({ code: 'notYetLogged' }) });
    expect(archive.query().rows[0]!.explanation).toBe(`${call.explanation} ${call.problem}`);
    PROBLEM_WORDS.notYetLogged = 'Reworded.';
    expect(archive.query().rows[0]!.explanation).toBe(`${call.explanation} Reworded.`);
    archive.close();
  });
});
