import { describe, expect, it } from 'vitest';
import { isActive, isOver, isSettled, type CallPhase } from './calls';
import { LEG_SHORT } from './leg-labels';
import { LEG_STATES } from './leg-state';
import { chooseRingMeAt } from './outbound-rules';
import { digitsOf, sameNumber, toE164 } from './phone-numbers';
import { DEFAULT_REDIRECT_URI, effectiveRedirectUri } from './settings';

describe('phone numbers: one set of rules and words for core, CLI and the form', () => {
  it('reads typed numbers, links and keypad letters to E.164', () => {
    expect(toE164('(650) 555-0100')).toEqual({ ok: true, e164: '+16505550100' });
    expect(toE164('tel:+44 20 7183 8750')).toEqual({ ok: true, e164: '+442071838750' });
    expect(toE164('1-800-FLOWERS')).toEqual({ ok: true, e164: '+18003569377' });
    expect(toE164('020 7183 8750', 'GB')).toEqual({ ok: true, e164: '+442071838750' });
  });

  it('says what is wrong, quoting what was typed', () => {
    expect(toE164('  ')).toEqual({ ok: false, message: 'Enter a phone number to call.' });
    expect(toE164('alice')).toEqual({ ok: false, message: '"alice" has no digits; enter a phone number.' });
    expect(toE164('555')).toEqual({ ok: false, message: '"555" is not a valid phone number. Include the area code, or the country code after a +.' });
  });

  it('matches numbers however written', () => {
    expect(digitsOf('+1 (650) 555-0100')).toBe('16505550100');
    expect(digitsOf(null)).toBe('');
    expect(sameNumber('+16505550100', '(650) 555-0100')).toBe(true);
    expect(sameNumber('+16505550100', '+16505550101')).toBe(false);
    expect(sameNumber('', '')).toBe(false);
  });
});

describe('the "ring me at" choice (app, call form and CLI)', () => {
  const numbers = [
    { phoneNumber: '+16505550111', type: 'VoiceFax' },
    { phoneNumber: '+16505550122', type: 'Mobile' },
  ];

  it('takes the phone wanted, else the first one allowed', () => {
    expect(chooseRingMeAt(numbers, '+16505550122')).toMatchObject({ number: '+16505550122', problem: null, firstAllowed: '+16505550122' });
    expect(chooseRingMeAt(numbers, null)).toMatchObject({ number: '+16505550122', problem: null });
    expect(chooseRingMeAt([], undefined)).toEqual({ number: null, listed: null, problem: null, firstAllowed: null });
  });

  it('finds a listed phone that is not allowed however it is written (the app once compared with ===)', () => {
    const choice = chooseRingMeAt(numbers, '(650) 555-0111');
    expect(choice.listed).toEqual(numbers[0]);
    expect(choice.problem).toMatch(/This number is set up as "VoiceFax"/);
    expect(choice.firstAllowed).toBe('+16505550122');
  });

  it('gives a number the account does not list the benefit of the doubt', () => {
    expect(chooseRingMeAt(numbers, '+14155550100')).toMatchObject({ number: '+14155550100', listed: null, problem: null });
  });
});

describe('when a call is over', () => {
  const phases: CallPhase[] = ['placing', 'live', 'ended', 'confirmed', 'unknown', 'failed'];

  it('an ended call is over at once, while Ringside still follows it for the call log', () => {
    expect(phases.filter((phase) => isOver({ phase }))).toEqual(['ended', 'confirmed', 'unknown', 'failed']);
    expect(phases.filter((phase) => isOver({ phase }) && isActive({ phase }))).toEqual(['ended']);
  });

  it('every final outcome is settled into the history, a refused call too (the history window once left it out)', () => {
    expect(phases.filter((phase) => isSettled({ phase }))).toEqual(['confirmed', 'unknown', 'failed']);
  });
});

describe('leg words', () => {
  it('every leg state has short words', () => {
    for (const state of LEG_STATES) expect(LEG_SHORT[state]).toMatch(/^[a-z][a-z ]+$/);
  });
});

describe('the redirect URI sign-in uses', () => {
  it('RC_REDIRECT_URI wins, then the setting, then the default', () => {
    expect(effectiveRedirectUri('http://127.0.0.1:5000/env', { redirectUri: 'http://127.0.0.1:6000/set' })).toBe('http://127.0.0.1:5000/env');
    expect(effectiveRedirectUri(null, { redirectUri: 'http://127.0.0.1:6000/set' })).toBe('http://127.0.0.1:6000/set');
    expect(effectiveRedirectUri(null, { redirectUri: null })).toBe(DEFAULT_REDIRECT_URI);
    expect(effectiveRedirectUri(undefined, null)).toBe(DEFAULT_REDIRECT_URI);
  });
});
