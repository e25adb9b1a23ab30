import { describe, expect, it } from 'vitest';
import type { TrackedCall } from '../../src-shared/calls';
import type { LegState } from '../../src-shared/leg-state';
import { newCall } from '../core/ringout/call-machine';
import { numberFromProtocolUrl, protocolUrlFromArgs } from './protocol-url';
import { FAILED_ICON_MS, trayModel } from './tray-model';

const signedIn = { status: 'signedIn' as const, demo: false, server: 'x', userName: 'A', extensionNumber: '1' };
const now = Date.UTC(2026, 10, 24, 12);

function call(caller: LegState, callee: LegState, phase: TrackedCall['phase'] = 'live', endedAt: number | null = null): TrackedCall {
  const base = newCall({ id: 'c', to: '+12125550100', toName: 'Jordan', from: '+16505550198', callerId: null, playPrompt: false }, now - 5000);
  return { ...base, phase, endedAt, caller: { ...base.caller, state: caller }, callee: { ...base.callee, state: callee } };
}

describe('trayModel', () => {
  it.each([
    [call('ringing', 'waiting'), 'ringingYou', 'Ringside: You: ringing · Them: waiting'],
    [call('connected', 'ringing'), 'ringingThem', 'Ringside: You: answered · Them: ringing'],
    [call('connected', 'connected'), 'connected', 'Ringside: You: answered · Them: answered'],
    [call('busy', 'notCalled', 'confirmed', now - 1000), 'failed', 'Ringside: You: busy · Them: not called'],
    [call('busy', 'notCalled', 'confirmed', now - FAILED_ICON_MS - 1), 'idle', 'Ringside: Ready'],
    [call('connected', 'connected', 'confirmed', now - 1000), 'idle', 'Ringside: Ready'],
  ])('shows %#: icon and tooltip', (tracked, icon, tooltip) => {
    const model = trayModel(signedIn, [tracked], [], now);
    expect([model.icon, model.tooltip]).toEqual([icon, tooltip]);
  });

  it('offers Cancel before your phone answers, Hang up after, and Ending… until RingCentral confirms', () => {
    expect(trayModel(signedIn, [call('ringing', 'waiting')], [], now).liveCall).toMatchObject({ cancellable: true, endLabel: 'Cancel call' });
    expect(trayModel(signedIn, [call('connected', 'ringing')], [], now).liveCall).toMatchObject({
      cancellable: true,
      endLabel: 'Hang up',
      label: 'Jordan — You: answered · Them: ringing',
    });
    expect(trayModel(signedIn, [call('connected', 'connected')], [], now).liveCall).toMatchObject({ cancellable: true, endLabel: 'Hang up' });
    const ending = { ...call('connected', 'connected'), ending: { at: now, method: 'hangUp' as const } };
    expect(trayModel(signedIn, [ending], [], now).liveCall).toMatchObject({ cancellable: false, endLabel: 'Ending…' });
  });

  it('shows signed out and demo states', () => {
    expect(trayModel({ status: 'signedOut', demo: false }, [], ['+1'], now)).toMatchObject({
      icon: 'signedOut',
      tooltip: 'Ringside: Signed out',
      recentNumbers: ['+1'],
    });
    const names = (n: string) => (n === '+12125550101' ? 'Marcus Bell' : null);
    expect(
      trayModel({ status: 'signedIn', demo: true, server: 'x', userName: null, extensionNumber: null }, [], ['+12125550100', '+12125550101'], now, names)
        .recentNames,
    ).toEqual({ '+12125550101': 'Marcus Bell' });
    expect(trayModel({ ...signedIn, demo: true }, [], [], now).tooltip).toBe('Ringside (demo): Ready');
    expect(trayModel({ status: 'needsSignIn', demo: false, server: 'x', reason: 'r' }, [], [], now).tooltip).toBe('Ringside: Signed out by RingCentral');
  });
});

describe('protocol URLs', () => {
  it.each([
    ['tel:+1-650-555-0100', '+16505550100'],
    ['tel:(650)%20555-0100', '6505550100'],
    ['callto://+442071838750', '+442071838750'],
    // Finding 17: the extension is kept.
    ['TEL:+12125550100;ext=12', '+12125550100;ext=12'],
    ['tel:+1-212-555-0100;phone-context=example.com;ext=1-23', '+12125550100;ext=123'],
    ['tel:+12125550100;ext=abc', '+12125550100'],
    ['tel:javascript:alert(1)', null],
    ['https://example.com', null],
    ['tel:%E0%A4%A', null],
  ])('%s -> %s', (url, number) => {
    expect(numberFromProtocolUrl(url)).toBe(number);
  });

  it('finds the link among command-line arguments', () => {
    expect(protocolUrlFromArgs(['/opt/Ringside/ringside', '--flag', 'tel:+12125550100'])).toBe('tel:+12125550100');
    expect(protocolUrlFromArgs(['/opt/Ringside/ringside'])).toBeNull();
  });
});
