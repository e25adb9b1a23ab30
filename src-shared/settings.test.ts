import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsPatchSchema, settingsSchema } from './settings';
import { RING_ME_AT_RULE, effectiveNotificationMode, ringMeAtProblem } from './outbound-rules';

describe('settings for dialling from anywhere and outbound notifications', () => {
  it('defaults: the dial hotkey, every leg change, no persistent alert, no remembered choice', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      dialHotkey: 'CommandOrControl+Alt+R',
      notificationMode: 'every',
      persistentFailureAlert: false,
      lastRingMeAt: null,
      lastCallerId: null,
    });
  });

  it('a settings file from before these keys gets the defaults, and keeps what it had', () => {
    const old = settingsSchema.parse({ defaultCountry: 'GB', notifications: { muted: true, legChanges: true, failures: true } });
    expect(old).toMatchObject({ defaultCountry: 'GB', dialHotkey: 'CommandOrControl+Alt+R', notificationMode: 'every' });
    // The older "mute all" switch still silences everything.
    expect(effectiveNotificationMode(old)).toBe('none');
    expect(effectiveNotificationMode({ ...old, notifications: { ...old.notifications, muted: false }, notificationMode: 'outcomes' })).toBe('outcomes');
  });

  it('the renderer may set the hotkey, mode and alert; not the remembered choice', () => {
    expect(settingsPatchSchema.parse({ dialHotkey: null, notificationMode: 'outcomes', persistentFailureAlert: true })).toEqual({
      dialHotkey: null,
      notificationMode: 'outcomes',
      persistentFailureAlert: true,
    });
    expect(settingsPatchSchema.safeParse({ notificationMode: 'loud' }).success).toBe(false);
    // Leaving a field out leaves it as it is (no default slipped in that would reset it).
    expect(settingsPatchSchema.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(settingsPatchSchema.parse({ notifications: { muted: true } })).toEqual({ notifications: { muted: true } });
    expect(settingsPatchSchema.safeParse({ lastRingMeAt: '+16505550198' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ dialHotkey: 'A'.repeat(101) }).success).toBe(false);
  });
});

describe('ringMeAtProblem', () => {
  it.each([
    ['PhoneLine', null],
    ['Mobile', null],
    ['BusinessMobilePhone', null],
    [undefined, null],
  ])('a %s number may ring first', (type, expected) => {
    expect(ringMeAtProblem({ phoneNumber: '+16505550198', type })).toBe(expected);
  });

  it.each(['Home', 'Work', 'Other', 'Outage'])('a %s number may not, and says the rule', (type) => {
    expect(ringMeAtProblem({ phoneNumber: '+16505550197', type })).toBe(`${RING_ME_AT_RULE} This number is set up as "${type}".`);
  });

  it('the main number with an extension may, whatever its type', () => {
    expect(ringMeAtProblem({ phoneNumber: '+1 (650) 555-0100*101', type: 'Other' })).toBeNull();
  });
});
