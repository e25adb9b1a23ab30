import { describe, expect, it } from 'vitest';
import { readExample } from '../../../test-support/spec-files';
import type { CallLogRecord } from '../../../src-shared/call-log';
import * as machine from './call-machine';

const T0 = Date.UTC(2026, 10, 24, 12);
const fresh = () =>
  machine.placed(
    machine.newCall({ id: 'c1', to: '+12125550111', from: '+16505550101', callerId: null, playPrompt: false }, T0),
    'ro1',
    { callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' },
    T0 + 1,
  ).call;
const party = (role: 'caller' | 'callee', sequence: number, code: string, reason?: string) => ({
  partyId: role === 'caller' ? 'p1' : 'p2',
  sequence,
  role,
  code,
  reason,
});

describe('call machine', () => {
  it('shows your phone ringing and the other party waiting once placed', () => {
    const call = fresh();
    expect(call.phase).toBe('live');
    expect([call.caller.state, call.callee.state]).toEqual(['ringing', 'waiting']);
  });

  it('reports a change only when a leg really changes', () => {
    const call = fresh();
    const same = machine.applyStatus(call, { callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' }, T0 + 2);
    expect(same.changes).toEqual([]);
    expect(same.updated).toBe(false);
    const answered = machine.applyStatus(call, { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' }, T0 + 3);
    expect(answered.changes.map((c) => `${c.leg}:${c.from}>${c.to}`)).toEqual(['caller:ringing>connected', 'callee:waiting>ringing']);
  });

  it('ignores repeated and older push events (by sequence per party)', () => {
    let call = fresh();
    const steps = [party('caller', 3, 'Answered'), party('caller', 2, 'Proceeding'), party('caller', 3, 'Answered'), party('callee', 4, 'Proceeding')];
    const changes = [];
    for (const input of steps) {
      const step = machine.applyParty(call, input, T0 + 5);
      call = step.call;
      changes.push(...step.changes);
    }
    expect(changes.map((c) => `${c.leg}:${c.to}`)).toEqual(['caller:connected', 'callee:ringing']);
  });

  it('never moves a leg backwards on a stale poll', () => {
    let call = machine.applyParty(fresh(), party('caller', 1, 'Answered'), T0 + 2).call;
    const stale = machine.applyStatus(call, { callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' }, T0 + 3);
    expect(stale.call.caller.state).toBe('connected');
    call = stale.call;
    expect(machine.applyParty(call, party('callee', 2, 'VoiceMail'), T0 + 4).call.callee.state).toBe('voicemail');
  });

  it('infers that the other party was never called when your phone fails, and ends the call', () => {
    const step = machine.applyStatus(fresh(), { callStatus: 'Busy', callerStatus: 'Busy', calleeStatus: 'InProgress' }, T0 + 2);
    expect([step.call.caller.state, step.call.callee.state, step.call.phase]).toEqual(['busy', 'notCalled', 'ended']);
  });

  it('maps hang-up reasons of push events to leg outcomes', () => {
    const connected = machine.applyParty(fresh(), party('caller', 1, 'Answered'), T0 + 2).call;
    const busy = machine.applyParty(connected, party('callee', 2, 'Disconnected', 'TargetBusy'), T0 + 3);
    expect(busy.call.callee.state).toBe('busy');
    const finished = machine.applyParty(busy.call, party('caller', 3, 'Disconnected', 'CallFinished'), T0 + 4);
    expect(finished.call.caller.state).toBe('connected');
    expect(finished.call.phase).toBe('ended');
  });

  it('confirms both legs from the call log, which wins over what was seen live', () => {
    const live = machine.applyStatus(fresh(), { callStatus: 'Success', callerStatus: 'Success', calleeStatus: 'Success' }, T0 + 2).call;
    const record = readExample<CallLogRecord>('call-log-ringout-two-legs.json');
    const step = machine.confirmed(machine.ended(live, T0 + 30).call, {
      ...record,
      legs: record.legs!.map((l) => (l.legType.endsWith('ToSubscriber') ? { ...l, result: 'Voicemail' } : l)),
    });
    expect(step.call.phase).toBe('confirmed');
    expect(step.call.callee).toMatchObject({ state: 'voicemail', confirmed: true, raw: 'Voicemail' });
    expect(step.call.caller).toMatchObject({ state: 'connected', confirmed: true });
    expect(step.changes.map((c) => `${c.leg}:${c.to}:${c.source}`)).toEqual(['callee:voicemail:callLog']);
    expect(step.call.explanation).toBe("You answered, and the call went to the other party's voicemail.");
  });

  it('marks a cancelled call: ringing legs hung up, a waiting one never called', () => {
    const step = machine.ended(fresh(), T0 + 2, true);
    expect([step.call.caller.state, step.call.callee.state, step.call.phase]).toEqual(['hungUp', 'notCalled', 'ended']);
  });

  it('keeps what was seen live when the outcome stays unknown, with the reason', () => {
    const busy = machine.applyStatus(fresh(), { callStatus: 'Busy', callerStatus: 'Busy', calleeStatus: 'InProgress' }, T0 + 2).call;
    const step = machine.outcomeUnknown(busy, 'no record', T0 + 100);
    expect(step.call).toMatchObject({ phase: 'unknown', problem: 'no record', explanation: 'Your phone was busy, so the other party was never called.' });
  });
});

describe('call machine: evidence, ranked', () => {
  const answered = () => machine.applyParty(fresh(), party('caller', 1, 'Answered'), T0 + 2).call;
  const ringingThem = () => machine.applyParty(answered(), party('callee', 2, 'Proceeding'), T0 + 3).call;
  const record = (callee: string): CallLogRecord => {
    const base = readExample<CallLogRecord>('call-log-ringout-two-legs.json');
    return { ...base, legs: base.legs!.map((l) => (l.legType.endsWith('ToSubscriber') ? { ...l, result: callee } : l)) };
  };

  it('turns a reason-less Disconnected into "ended", never a final "hung up"', () => {
    const ringing = machine.applyParty(answered(), party('callee', 2, 'Proceeding'), T0 + 3).call;
    const step = machine.applyParty(ringing, party('callee', 3, 'Disconnected'), T0 + 4);
    expect(step.call.callee).toMatchObject({ state: 'ended', evidence: 'push', raw: 'Disconnected' });
    expect(step.call.phase).toBe('ended');
  });

  it('lets a status poll refine a reason-less push after the call ended, marked as an update', () => {
    const ringing = machine.applyParty(answered(), party('callee', 2, 'Proceeding'), T0 + 3).call;
    const over = machine.applyParty(ringing, party('callee', 3, 'Disconnected'), T0 + 4).call;
    const step = machine.applyStatus(over, { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'Busy' }, T0 + 5);
    expect(step.call.callee).toMatchObject({ state: 'busy', evidence: 'status', raw: 'Busy' });
    expect(step.changes).toEqual([{ callId: 'c1', leg: 'callee', from: 'ended', to: 'busy', at: T0 + 5, source: 'status', update: true }]);
  });

  it('never lets weaker evidence override stronger', () => {
    const busy = machine.applyStatus(answered(), { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'Busy' }, T0 + 3).call;
    expect(machine.applyParty(busy, party('callee', 4, 'Disconnected'), T0 + 4).changes).toEqual([]);
    expect(machine.applyParty(busy, party('callee', 5, 'Disconnected', 'NoAnswer'), T0 + 4).call.callee.state).toBe('busy');
    const confirmedCall = machine.confirmed(busy, record('Busy')).call;
    const late = machine.applyStatus(confirmedCall, { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'NoAnswer' }, T0 + 9);
    expect(late.call.callee).toMatchObject({ state: 'busy', confirmed: true, evidence: 'callLog' });
    expect(late.changes).toEqual([]);
  });

  it('lets a push with a reason refine one without, but not the other way round', () => {
    const ringing = machine.applyParty(answered(), party('callee', 2, 'Proceeding'), T0 + 3).call;
    const ended = machine.applyParty(ringing, party('callee', 3, 'Disconnected'), T0 + 4).call;
    const refined = machine.applyParty(ended, party('callee', 4, 'Disconnected', 'TargetBusy'), T0 + 5).call;
    expect(refined.callee).toMatchObject({ state: 'busy', evidence: 'pushReason' });
  });

  it('lets the call log refine an outcome after the end, and marks it as an update', () => {
    const ringing = machine.applyParty(answered(), party('callee', 2, 'Proceeding'), T0 + 3).call;
    const over = machine.applyParty(ringing, party('callee', 3, 'Disconnected'), T0 + 4).call;
    const step = machine.confirmed(over, record('Busy'));
    expect(step.call.callee).toMatchObject({ state: 'busy', confirmed: true, evidence: 'callLog' });
    expect(step.changes.map((c) => `${c.leg}:${c.from}>${c.to}:${String(c.update)}`)).toEqual(['callee:ended>busy:true']);
    expect(step.call.explanation).toBe("You answered, but the other party's line was busy.");
  });

  it('keeps a stale "still ringing" from undoing an outcome, whatever its source', () => {
    const busy = machine.applyParty(
      machine.applyParty(answered(), party('callee', 2, 'Proceeding'), T0 + 3).call,
      party('callee', 3, 'Disconnected', 'TargetBusy'),
      T0 + 4,
    ).call;
    const stale = machine.applyStatus(busy, { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' }, T0 + 5);
    expect(stale.call.callee.state).toBe('busy');
  });

  it('treats evidence saved by older versions as inference (or the call log once confirmed)', () => {
    const old = answered();
    const legacy = { ...old, caller: { ...old.caller, evidence: undefined }, callee: { ...old.callee, state: 'noAnswer' as const, evidence: undefined } };
    const step = machine.applyStatus(legacy, { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'NoAnswer' }, T0 + 6);
    expect(step.call.callee).toMatchObject({ state: 'noAnswer', evidence: 'status' });
    expect(step.changes).toEqual([]);
  });

  it('maps status values leniently: both spellings of NoSuchUser, unknown values as a generic failure with the raw value kept', () => {
    for (const raw of ['NosuchUser', 'NoSuchUser']) {
      expect(machine.applyStatus(answered(), { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: raw }, T0 + 3).call.callee).toMatchObject({
        state: 'wrongNumber',
        raw,
      });
    }
    const odd = machine.applyStatus(answered(), { callStatus: 'SomethingNew', callerStatus: 'Success', calleeStatus: 'SomethingNew' }, T0 + 3).call;
    expect(odd.callee).toMatchObject({ state: 'failed', raw: 'SomethingNew' });
    expect(odd.phase).toBe('ended');
    expect(machine.applyStatus(ringingThem(), { calleeStatus: 'CannotReach' }, T0 + 4).call.callee).toMatchObject({ state: 'failed', raw: 'CannotReach' });
    expect(machine.applyStatus(fresh(), { callerStatus: 'NoAnsweringMachine' }, T0 + 3).call.caller).toMatchObject({
      state: 'noAnswer',
      raw: 'NoAnsweringMachine',
    });
  });

  it('reads a leg whose session is gone as stopped (hung up when the user asked to end the call), never failed', () => {
    const gone = { callStatus: 'NoSessionFound', callerStatus: 'Success', calleeStatus: 'NoSessionFound' };
    const asked = machine.endRequested(ringingThem(), 'hangUp', T0 + 5).call;
    expect(machine.applyStatus(asked, gone, T0 + 6).call.callee).toMatchObject({ state: 'hungUp', raw: 'NoSessionFound' });
    expect(machine.applyStatus(ringingThem(), gone, T0 + 6).call.callee).toMatchObject({ state: 'ended', raw: 'NoSessionFound' });
    // A leg not dialled yet learns nothing from it: the call log says whether it was dialled.
    expect(machine.applyStatus(answered(), gone, T0 + 6).call.callee.state).toBe('waiting');
  });

  it('reads "finished" as a stop only for a ringing leg: one that already stopped keeps what it showed', () => {
    expect(machine.applyParty(ringingThem(), party('callee', 3, 'Disconnected', 'CallFinished'), T0 + 4).call.callee.state).toBe('hungUp');
    const stopped = machine.applyParty(ringingThem(), party('callee', 3, 'Disconnected'), T0 + 4).call;
    const finished = machine.applyParty(stopped, party('callee', 4, 'Disconnected', 'CallFinished'), T0 + 5);
    expect(finished.call.callee.state).toBe('ended');
    expect(finished.changes).toEqual([]);
  });

  it('never lets a gone session undo what push said after the end (hang-up while their phone rings)', () => {
    // Cancelled by push, the call ends; the one status read after the end says NoSessionFound.
    const hungUp = machine.applyParty(ringingThem(), party('callee', 3, 'Disconnected', 'CallFinished'), T0 + 5);
    expect(hungUp.call.callee.state).toBe('hungUp');
    const after = machine.applyStatus(machine.ended(hungUp.call, T0 + 6).call, { callStatus: 'NoSessionFound', calleeStatus: 'NoSessionFound' }, T0 + 7);
    expect(after.call.callee.state).toBe('hungUp');
    expect(after.changes).toEqual([]);
  });

  it('never lets the status undo the voicemail push said (your voicemail answered: RingOut reads NoAnsweringMachine)', () => {
    const voicemail = machine.applyParty(fresh(), party('caller', 2, 'VoiceMail', 'Voicemail'), T0 + 3).call;
    const step = machine.applyStatus(voicemail, { callStatus: 'NoAnsweringMachine', callerStatus: 'NoAnsweringMachine', calleeStatus: 'InProgress' }, T0 + 4);
    expect(step.call.caller.state).toBe('voicemail');
    expect(step.changes.filter((c) => c.leg === 'caller')).toEqual([]);
    // Without push, the status says "no answer" first, and the call log refines it to voicemail.
    const noAnswer = machine.applyStatus(fresh(), { callStatus: 'NoAnsweringMachine', callerStatus: 'NoAnsweringMachine' }, T0 + 4).call;
    const refined = machine.confirmed(noAnswer, {
      ...record('Busy'),
      legs: record('Busy')
        .legs!.filter((l) => l.legType.endsWith('ToCaller'))
        .map((l) => ({ ...l, result: 'Voicemail' })),
    });
    expect(refined.changes.map((c) => `${c.leg}:${c.from}>${c.to}:${String(c.update)}`)).toEqual(['caller:noAnswer>voicemail:true']);
  });

  it('lets the call log correct a contradicted outcome once, never to a vaguer state or back to one already shown', () => {
    const busy = machine.applyStatus(ringingThem(), { callStatus: 'CannotReach', callerStatus: 'Success', calleeStatus: 'Busy' }, T0 + 4).call;
    expect(machine.confirmed(busy, record('No Answer')).call.callee).toMatchObject({ state: 'noAnswer', confirmed: true });
    expect(machine.confirmed(busy, record('Unknown')).call.callee.state).toBe('busy');
    expect(machine.confirmed(busy, record('In Progress')).call.callee.state).toBe('busy');
    // Answered, then voicemail by push: a record saying "connected" would be going back.
    const voicemail = machine.applyParty(
      machine.applyStatus(ringingThem(), { callStatus: 'Success', callerStatus: 'Success', calleeStatus: 'Success' }, T0 + 4).call,
      party('callee', 4, 'VoiceMail', 'Voicemail'),
      T0 + 5,
    ).call;
    expect(machine.confirmed(voicemail, record('Call connected')).call.callee.state).toBe('voicemail');
  });

  it('keeps an end request until RingCentral confirms the end, and clears it with the reason when it cannot', () => {
    const asked = machine.endRequested(answered(), 'hangUp', T0 + 5).call;
    expect(asked).toMatchObject({ phase: 'live', ending: { at: T0 + 5, method: 'hangUp' } });
    expect(machine.applyStatus(asked, { callStatus: 'InProgress', callerStatus: 'Success', calleeStatus: 'InProgress' }, T0 + 6).call.ending).not.toBeNull();
    expect(machine.ended(asked, T0 + 7, true).call).toMatchObject({ phase: 'ended', ending: null });
    expect(machine.endFailed(asked, 'RingCentral could not end the call; hang up your phone').call).toMatchObject({
      phase: 'live',
      ending: null,
      problem: 'RingCentral could not end the call; hang up your phone',
    });
  });
});
