import { describe, expect, it } from 'vitest';
import { isActive, isInProgress, type CallPhase } from './calls';

const phases: CallPhase[] = ['placing', 'live', 'ended', 'confirmed', 'unknown', 'failed'];

describe('call phase helpers', () => {
  it('a call is active until its outcome is final', () => {
    expect(phases.filter((phase) => isActive({ phase }))).toEqual(['placing', 'live', 'ended']);
  });

  it('a call is in progress only while RingCentral places or connects it', () => {
    expect(phases.filter((phase) => isInProgress({ phase }))).toEqual(['placing', 'live']);
  });
});
