/** Leg states from RingCentral's drifting words (REALITY 6, 27). */
import { describe, expect, it } from 'vitest';
import { explainOutcome } from '../src-main/core/ringout/explain';
import { legState, ringOutStatusState } from './leg-state';

describe('legState', () => {
  it.each([
    ['Sent to Voicemail', 'voicemail'],
    ['Answered Elsewhere', 'connected'],
    ['Callback requested', 'noAnswer'],
    ['Not Allowed', 'blocked'],
    ['Call connected', 'connected'],
    ['Busy', 'busy'],
  ] as const)('maps the call-log result %s to %s', (result, state) => {
    expect(legState(result)).toBe(state);
  });

  it('compares case-insensitively: a new spelling of a known word is that word', () => {
    expect(legState('CALL CONNECTED')).toBe('connected');
    expect(legState('call Connected')).toBe('connected');
    expect(legState('sent TO voicemail ')).toBe('voicemail');
    expect(ringOutStatusState('NoSuchUser')).toBe('wrongNumber');
    expect(ringOutStatusState('nosuchuser')).toBe('wrongNumber');
    expect(ringOutStatusState('UNKNOWN')).toBe('unknown');
  });

  it('maps an unknown word to the generic unknown (a status to a generic failure), never throws', () => {
    for (const word of ['Teleported', '', '  ', '\u0000', 'constructor', '__proto__', 'toString']) {
      expect(legState(word), word).toBe('unknown');
      expect(ringOutStatusState(word), word).toBe('failed');
    }
    expect(legState(null)).toBe('unknown');
    expect(legState(undefined)).toBe('unknown');
  });

  it('the explanation shows an unknown word as it came', () => {
    expect(explainOutcome('Call connected', 'Teleported')).toContain('Teleported');
    expect(explainOutcome('Teleported', 'Call connected')).toContain('Teleported');
    expect(explainOutcome('Teleported', 'Not called')).toContain('Teleported');
    expect(explainOutcome('answered not accepted', 'Not called')).toMatch(/nobody pressed 1/);
  });
});
