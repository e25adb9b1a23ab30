import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { spellOutVanity } from '../../../src-shared/dial-text';

export type NumberCheck = { ok: true; e164: string } | { ok: false; message: string };

/** The same rules main applies, so the form can say what is wrong before sending. */
export function checkNumber(input: string, country: CountryCode): NumberCheck {
  const cleaned = input.trim().replace(/^(tel|callto):(\/\/)?/i, '');
  if (cleaned === '') return { ok: false, message: 'Enter a phone number to call.' };
  if (!/\d/.test(cleaned)) return { ok: false, message: 'A phone number needs digits.' };
  // Keypad letters ("1-800-FLOWERS") the same way as the dial hotkey reads them.
  const parsed = parsePhoneNumberFromString(spellOutVanity(cleaned), country);
  if (!parsed || !parsed.isValid()) return { ok: false, message: 'This is not a valid phone number. Include the area code, or + and the country code.' };
  return { ok: true, e164: parsed.number };
}
