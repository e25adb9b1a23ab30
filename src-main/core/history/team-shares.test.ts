/**
 * Team mode (issue 29): which local edits wait to be shared with the team archive. Only with team
 * mode on; only the fields that changed (a note edit never re-signs the disposition); the team's
 * own values arriving are not sent back; a placed call's waiting edits follow it to its record;
 * the wrap-up step's note waits like any other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookRig } from '../../../test-support/webhook-rig';
import { connectedCall } from './team-shares-fixtures';
import { Archive } from './archive';

function archiveWithCall(sharing: boolean) {
  const { archive } = Archive.open(':memory:');
  archive.upsertRecords([connectedCall('RO')]);
  let told = 0;
  archive.teamShares.enabled = () => sharing;
  archive.teamShares.queued = () => void told++;
  return { archive, told: () => told };
}

const pendingOf = (archive: Archive) => archive.teamShares.pending().map((r) => [r.callId, r.field, r.value]);

let rig: WebhookRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('edits waiting for the team archive', () => {
  it('team mode off: nothing waits', () => {
    const { archive } = archiveWithCall(false);
    archive.annotations.annotate('RO', { note: 'mine', disposition: 'Reached' }, 1000);
    expect(archive.teamShares.pendingCount()).toBe(0);
  });

  it('team mode on: each field that changed waits, the latest edit of a field replacing the one before; the sender is told after the save', async () => {
    const { archive, told } = archiveWithCall(true);
    archive.annotations.annotate('RO', { note: 'first', disposition: 'Reached' }, 1000);
    expect(told()).toBe(0);
    await Promise.resolve();
    expect(told()).toBe(2);
    archive.annotations.annotate('RO', { note: 'second', disposition: 'Reached' }, 2000);
    expect(pendingOf(archive)).toEqual([
      ['RO', 'disposition', 'Reached'],
      ['RO', 'note', 'second'],
    ]);
    expect(archive.teamShares.row('RO', 'note')!.editedMs).toBe(2000);
    expect(archive.teamShares.row('RO', 'disposition')!.editedMs).toBe(1000);
    // Cleared: null waits, so the team's copy is cleared too.
    archive.annotations.annotate('RO', { note: '  ', disposition: 'Reached' }, 3000);
    expect(archive.teamShares.row('RO', 'note')).toMatchObject({ value: null, pending: true, editedMs: 3000 });
  });

  it("the team's own value arriving is not sent back", () => {
    const { archive } = archiveWithCall(true);
    archive.annotations.annotate('RO', { note: 'from Sam', disposition: null }, 1000, true);
    expect(archive.teamShares.pendingCount()).toBe(0);
    expect(archive.annotations.annotation('RO').note).toBe('from Sam');
  });

  it('a settled field stays settled unless edited again; an edit made while one was on its way stays pending', () => {
    const { archive } = archiveWithCall(true);
    archive.annotations.annotate('RO', { note: 'sent', disposition: null }, 1000);
    archive.annotations.annotate('RO', { note: 'typed meanwhile', disposition: null }, 2000);
    expect(archive.teamShares.settle('RO', 'note', { value: 'sent', by: 'alex', atMs: 1500 }, null, 1000)).toBe(false);
    expect(archive.teamShares.row('RO', 'note')).toMatchObject({ pending: true, value: 'typed meanwhile' });
    expect(archive.teamShares.settle('RO', 'note', { value: 'typed meanwhile', by: 'alex', atMs: 2500 }, null, 2000)).toBe(true);
    expect(archive.teamShares.row('RO', 'note')).toMatchObject({ pending: false, by: 'alex', atMs: 2500 });
  });

  it("a placed call's waiting edit follows it to its confirmed record", () => {
    const { archive } = archiveWithCall(true);
    archive.annotations.annotate('ringside:abc', { note: 'before the record', disposition: null }, 1000);
    archive.annotations.moveAnnotation('ringside:abc', 'RO');
    expect(pendingOf(archive)).toEqual([['RO', 'note', 'before the record']]);
  });

  it("the wrap-up step's note and disposition wait like any other", async () => {
    rig = await WebhookRig.start();
    rig.wrapUp = { mode: 'ask', seconds: 60 };
    rig.archive.teamShares.enabled = () => true;
    const call = rig.place(1);
    rig.room.wrapUp.finish(call.id, { note: 'Wants a quote', disposition: 'Call back' });
    expect(pendingOf(rig.archive).sort()).toEqual([
      [call.recordId, 'disposition', 'Call back'],
      [call.recordId, 'note', 'Wants a quote'],
    ]);
  });
});
