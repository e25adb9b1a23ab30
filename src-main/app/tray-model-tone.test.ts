/** Issue 25, items 5 and 13: the tray (and the browser edition's strip) by the one colour rule per leg, and never "Ready" while out of touch. */
import { describe, expect, it } from 'vitest';
import type { TrackedCall } from '../../src-shared/calls';
import type { LegState } from '../../src-shared/leg-state';
import { newCall } from '../core/ringout/call-machine';
import { trayModel } from './tray-model';
import { IDLE_SYNC } from '../../src-shared/history';

const signedIn = { status: 'signedIn' as const, demo: false, server: 'x', userName: 'A', extensionNumber: '1' };
const now = Date.UTC(2026, 10, 24, 12);

function call(caller: LegState, callee: LegState, phase: TrackedCall['phase'] = 'live', endedAt: number | null = null): TrackedCall {
  const base = newCall({ id: 'c', to: '+12125550100', toName: 'Jordan', from: '+16505550198', callerId: null, playPrompt: false }, now - 5000);
  return { ...base, phase, endedAt, caller: { ...base.caller, state: caller }, callee: { ...base.callee, state: callee } };
}

describe('tray colours by the per-leg rule', () => {
  it('your own voicemail answering is red (a failure of your leg), not green', () => {
    expect(trayModel(signedIn, [call('voicemail', 'waiting')], [], now).icon).toBe('failed');
    expect(trayModel(signedIn, [call('voicemail', 'notCalled', 'ended', now - 1000)], [], now).icon).toBe('failed');
  });

  it('their voicemail is a connection, not a failure', () => {
    expect(trayModel(signedIn, [call('connected', 'voicemail')], [], now).icon).toBe('connected');
    expect(trayModel(signedIn, [call('connected', 'voicemail', 'confirmed', now - 1000)], [], now).icon).toBe('idle');
  });

  it('a cancel you chose is not red', () => {
    expect(trayModel(signedIn, [call('hungUp', 'notCalled', 'confirmed', now - 1000)], [], now).icon).toBe('idle');
    expect(trayModel(signedIn, [call('connected', 'hungUp', 'confirmed', now - 1000)], [], now).icon).toBe('idle');
  });

  it('says it is out of touch with RingCentral instead of "Ready"', () => {
    const model = trayModel(signedIn, [], [], now, undefined, { ...IDLE_SYNC, phase: 'error', message: 'RingCentral could not be reached' });
    expect(model.tooltip).toBe('Ringside: Not in touch with RingCentral (RingCentral could not be reached)');
    expect(model.trouble).toBe('RingCentral could not be reached');
    expect(trayModel(signedIn, [], [], now).tooltip).toBe('Ringside: Ready');
  });
});
