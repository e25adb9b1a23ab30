/**
 * Phone-number rules every process applies (core, CLI and the renderer's form), written once:
 * reading a typed number, the digits a number is matched by, and "same line however written".
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { spellOutVanity } from './dial-text';

export type NumberCheck = { ok: true; e164: string } | { ok: false; message: string };

/**
 * A number as a person types or pastes it ("(650) 555-0100", "+44 20 7183 8750",
 * "tel:+1-650…", keypad letters as in "1-800-FLOWERS") to E.164, or a sentence saying what is
 * wrong with it.
 */
export function toE164(input: string, defaultCountry: CountryCode = 'US'): NumberCheck {
  const cleaned = input.trim().replace(/^(tel|callto):(\/\/)?/i, '');
  if (cleaned === '') return { ok: false, message: 'Enter a phone number to call.' };
  if (!/\d/.test(cleaned)) return { ok: false, message: `"${input.trim()}" has no digits; enter a phone number.` };
  // Keypad letters the same way as the dial hotkey reads them.
  const parsed = parsePhoneNumberFromString(spellOutVanity(cleaned), defaultCountry);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: `"${input.trim()}" is not a valid phone number. Include the area code, or the country code after a +.` };
  }
  return { ok: true, e164: parsed.number };
}

/** "+1 650 555 0100" from E.164; anything unreadable as it came. */
export function formatForDisplay(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

/** The digits a number is matched by, whatever its format (the archive's parties use the same). */
export function digitsOf(number: string | null | undefined): string {
  return (number ?? '').replace(/\D/g, '');
}

/**
 * Whether two numbers are the same line, however written: call-log numbers may lack the `+`
 * (or, from some carriers, the country code), so a long enough tail match counts too.
 */
export function sameNumber(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = digitsOf(a);
  const y = digitsOf(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  return Math.min(x.length, y.length) >= 10 && (x.endsWith(y) || y.endsWith(x));
}
