import { describe, expect, it } from 'vitest';
import { readExample } from '../../../test-support/spec-files';
import type { CallLogRecord } from '../../../src-shared/call-log';
import * as machine from './call-machine';

const T0 = Date.UTC(2026, 10, 24, 12);
const fresh = () => machine.placed(machine.newCall({ id: 'c1', to: '+12125550111', from: '+16505550101', callerId: null, playPrompt: false }, T0), 'ro1', { callStatus: 'InProgress', callerStatus: 'InProgress', calleeStatus: 'InProgress' }, T0 + 1).call;
const party = (role: 'caller' | 'callee', sequence: number, code: string, reason?: string) => ({ partyId: role === 'caller' ? 'p1' : 'p2', sequence, role, code, reason });

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
    const step = machine.confirmed(machine.ended(live, T0 + 30).call, { ...record, legs: record.legs!.map((l) => (l.legType.endsWith('ToSubscriber') ? { ...l, result: 'Voicemail' } : l)) });
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
