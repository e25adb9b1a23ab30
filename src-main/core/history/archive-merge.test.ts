/**
 * The archive and the live service's call log (REALITY 12, 14): a two-record RingOut is one
 * call, records modified later update their row, calls "not yet in the call log" are refined
 * by the sync that brings their record, and archives of schema 4 are migrated losing nothing.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { TrackedCall } from '../../../src-shared/calls';
import * as machine from '../ringout/call-machine';
import { ARCHIVE_SCHEMA_VERSION, Archive } from './archive';

const t = (s: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, s)).toISOString();
const USER = { phoneNumber: '+16505550110', name: 'Alex Demo' };
const OTHER = { phoneNumber: '+12125550101', name: 'Casey Morgan' };
const callerLeg = (result: string) => ({
  startTime: t(0),
  legType: 'RingOutClientToCaller',
  direction: 'Outbound',
  result,
  master: true,
  from: OTHER,
  to: USER,
});
const calleeLeg = (result: string) => ({ startTime: t(5), legType: 'RingOutClientToSubscriber', direction: 'Outbound', result, from: USER, to: OTHER });

function ringOut(overrides: Partial<CallLogRecord> = {}): CallLogRecord {
  // Logged in two halves, the RingOut record has from and to swapped.
  return {
    id: 'RO',
    sessionId: '400000001000',
    telephonySessionId: 's-1',
    startTime: t(0),
    lastModifiedTime: t(90),
    type: 'Voice',
    direction: 'Outbound',
    action: 'RingOut PC',
    result: 'Call connected',
    from: OTHER,
    to: USER,
    legs: [callerLeg('Call connected'), calleeLeg('Busy')],
    ...overrides,
  } as CallLogRecord;
}
const half = (overrides: Partial<CallLogRecord> = {}): CallLogRecord =>
  ({
    id: 'HALF',
    sessionId: '400000002500',
    startTime: t(0),
    lastModifiedTime: t(90),
    type: 'Voice',
    direction: 'Inbound',
    action: 'Phone Call',
    result: 'Accepted',
    from: OTHER,
    to: USER,
    ...overrides,
  }) as CallLogRecord;

function trackedCall(overrides: Partial<TrackedCall> = {}): TrackedCall {
  const call = machine.newCall(
    { id: 'call-1', to: OTHER.phoneNumber, toName: 'Casey Morgan', from: USER.phoneNumber, callerId: null, playPrompt: false },
    Date.parse(t(0)) - 2000,
  );
  return { ...call, ringOutId: '77', telephonySessionId: 's-1', ...overrides };
}

describe('Archive: two-record RingOuts', () => {
  it.each([
    ['the RingOut record first', [ringOut(), half()]],
    ['the caller half first', [half(), ringOut()]],
  ])('stores one call with both legs, %s, in one batch or two', (_, records) => {
    for (const batches of [[records], records.map((r) => [r])]) {
      const { archive } = Archive.open(':memory:');
      for (const batch of batches) archive.upsertRecords(batch);
      expect(archive.count()).toBe(1);
      const { row, record } = archive.detail('RO')!;
      expect(row).toMatchObject({
        ringOut: true,
        fromNumber: USER.phoneNumber,
        toNumber: OTHER.phoneNumber,
        toName: 'Casey Morgan',
        callerState: 'connected',
        calleeState: 'busy',
      });
      expect(record?.from?.phoneNumber).toBe(USER.phoneNumber);
      // Nothing lost: the half's id still leads to its call.
      expect(archive.detail('HALF')?.row.id).toBe('RO');
      expect(archive.query({ search: 'Casey' }).rows.map((r) => r.id)).toEqual(['RO']);
    }
  });

  it('leaves an Inbound call alone when no RingOut owns it', () => {
    const { archive } = Archive.open(':memory:');
    archive.upsertRecords([half({ sessionId: '400000009000' }), ringOut()]);
    expect(archive.count()).toBe(2);
  });

  it('updates an archived record when RingCentral modifies it later (lastModifiedTime moves), never back', () => {
    const { archive } = Archive.open(':memory:');
    const first = ringOut({ legs: [callerLeg('Call connected')], lastModifiedTime: t(60) });
    archive.upsertRecords([first]);
    expect(archive.detail('RO')?.row.calleeState).toBe('notCalled');
    archive.upsertRecords([ringOut({ lastModifiedTime: t(120) })]);
    expect(archive.detail('RO')?.row).toMatchObject({ calleeState: 'busy' });
    archive.upsertRecords([first]);
    expect(archive.detail('RO')?.row).toMatchObject({ calleeState: 'busy' });
  });
});

describe('Archive: calls not yet in the call log', () => {
  it('a call saved without its record is replaced by the record a later sync brings, its timeline kept', () => {
    const { archive } = Archive.open(':memory:');
    const pending = machine.outcomeUnknown(trackedCall({ phase: 'ended' }), 'not shown', Date.parse(t(60))).call;
    expect(pending.callLogPending).toBe(true);
    archive.saveTracked(pending, null);
    expect(archive.query().rows.map((r) => r.id)).toEqual(['ringside:call-1']);
    archive.upsertRecords([ringOut(), half()]);
    expect(archive.count()).toBe(1);
    const detail = archive.detail('RO')!;
    expect(detail.row).toMatchObject({ tracked: true, calleeState: 'busy' });
    expect(detail.tracked).toMatchObject({ id: 'call-1', phase: 'confirmed', callLogPending: false, recordId: 'RO' });
  });

  it('a record still without the callee leg keeps the leg seen live until the record is filled in', () => {
    const { archive } = Archive.open(':memory:');
    let call = trackedCall({ phase: 'live' });
    call = machine.applyStatus(call, { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'Busy' }, Date.parse(t(10))).call;
    const partial = ringOut({ legs: [callerLeg('Call connected')], lastModifiedTime: t(60) });
    call = machine.notYetLogged(call, partial, Date.parse(t(600))).call;
    archive.saveTracked(call, partial);
    expect(archive.detail('RO')?.row).toMatchObject({ callerState: 'connected', calleeState: 'busy' });
    archive.upsertRecords([partial]);
    expect(archive.detail('RO')?.row.calleeState).toBe('busy');
    archive.upsertRecords([ringOut({ legs: [callerLeg('Call connected'), calleeLeg('Rejected')], lastModifiedTime: t(120) })]);
    expect(archive.detail('RO')?.row.calleeState).toBe('rejected');
    expect(archive.detail('RO')?.tracked).toMatchObject({ phase: 'confirmed', callLogPending: false });
  });
});

describe('Archive migration from schema 4', () => {
  it('merges the phantom rows of an archive written by schema 4, losing nothing', () => {
    // test-support/fixtures/archive-v4.sqlite was written by the schema-4 Archive (commit 5039e32):
    // a two-record RingOut stored as two rows, an ordinary call, and a tracked RingOut whose
    // caller half came in a later sync; plus a sync token.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-migrate-')), 'archive.sqlite');
    copyFileSync(path.join(import.meta.dirname, '../../../test-support/fixtures/archive-v4.sqlite'), file);
    const before = new DatabaseSync(file, { readOnly: true });
    expect((before.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(4);
    const oldIds = (before.prepare('SELECT id FROM calls').all() as Array<{ id: string }>).map((r) => r.id).sort();
    before.close();
    expect(oldIds).toEqual(['IN-half', 'IN-ordinary', 'IN-tracked-half', 'RO-pair', 'RO-tracked']);

    const { archive, recovered } = Archive.open(file);
    expect(recovered).toBeNull();
    expect(archive.count()).toBe(3);
    for (const id of oldIds) expect(archive.detail(id), id).not.toBeNull();
    expect(archive.detail('RO-pair')?.row).toMatchObject({
      fromNumber: USER.phoneNumber,
      toNumber: OTHER.phoneNumber,
      callerState: 'connected',
      calleeState: 'busy',
    });
    expect(archive.detail('IN-half')?.row.id).toBe('RO-pair');
    const tracked = archive.detail('RO-tracked')!;
    expect(tracked.row.tracked).toBe(true);
    expect(tracked.tracked?.caller.history.map((h) => h.state)).toEqual(['waiting', 'connected']);
    expect(archive.detail('IN-tracked-half')?.row.id).toBe('RO-tracked');
    expect(archive.detail('IN-ordinary')?.row).toMatchObject({ direction: 'Inbound', ringOut: false });
    expect(archive.getMeta('sync.token')).toBe('token-v4');
    archive.close();
    const after = new DatabaseSync(file, { readOnly: true });
    expect((after.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(ARCHIVE_SCHEMA_VERSION);
    after.close();
  });
});
