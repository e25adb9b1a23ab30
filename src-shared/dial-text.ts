import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A number found in free text (a selection, the clipboard, a link), ready to confirm. */
export interface FoundNumber {
  /** E.164, what RingOut dials. */
  e164: string;
  /** Digits to dial after the call connects (`ext. 12`, `x12`, `;ext=12`, `,,12`), or null. */
  extension: string | null;
  /** The part of the text the number was read from, as written. */
  matched: string;
}

/** Longest text worth scanning: a selection can be a whole page. */
export const MAX_DIAL_TEXT = 2000;

const KEYPAD: Record<string, string> = {
  A: '2',
  B: '2',
  C: '2',
  D: '3',
  E: '3',
  F: '3',
  G: '4',
  H: '4',
  I: '4',
  J: '5',
  K: '5',
  L: '5',
  M: '6',
  N: '6',
  O: '6',
  P: '7',
  Q: '7',
  R: '7',
  S: '7',
  T: '8',
  U: '8',
  V: '8',
  W: '9',
  X: '9',
  Y: '9',
  Z: '9',
};

/**
 * Vanity numbers ("1-800-FLOWERS", "(888) GO-FEDEX"): a dialling prefix and area code in
 * digits, then capital letters and digits; the letters become keypad digits. Only capitals,
 * so ordinary words after a number are never read as digits.
 */
const VANITY = /(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?(?=[A-Z0-9-]*[A-Z])[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){6,10}/g;

export function spellOutVanity(text: string): string {
  return text.replace(VANITY, (match) => {
    // "1-800-…" has eleven digits with its leading 1; "800-…" ten.
    const limit = /^\+?1[\s.-]?\(?[2-9]/.test(match) ? 11 : 10;
    let digits = 0;
    let out = '';
    for (const char of match) {
      const key = KEYPAD[char];
      if (key !== undefined || /\d/.test(char)) {
        // Letters beyond a full number are marketing ("1-800-FLOWERSS"): blanked, so offsets still match.
        out += digits < limit ? (key ?? char) : ' ';
        digits++;
      } else out += char;
    }
    return out;
  });
}

/** ",,123" or ";123" right after a number: pauses, then digits for a phone menu or extension. */
const PAUSED_DIGITS = /^\s*[,;p]+\s*(\d{1,8})/i;

/**
 * The first phone number in a text, however it is written: spaces, dots, dashes, brackets,
 * a + and country code, keypad letters, an extension after it. Null when the text has no
 * number libphonenumber-js considers valid for `defaultCountry` (or with its own +code).
 */
export function findDialNumber(text: string, defaultCountry: CountryCode = 'US'): FoundNumber | null {
  const clipped = text.slice(0, MAX_DIAL_TEXT);
  // Spelling out letters keeps each character in place (one letter, one digit), so offsets still match the original.
  const spelled = spellOutVanity(clipped);
  for (const found of findPhoneNumbersInText(spelled, defaultCountry)) {
    if (!found.number.isValid()) continue;
    let extension = found.number.ext ?? null;
    let end = found.endsAt;
    if (!extension) {
      const paused = PAUSED_DIGITS.exec(spelled.slice(end));
      if (paused) {
        extension = paused[1]!;
        end += paused[0].length;
      }
    }
    return { e164: found.number.number, extension, matched: clipped.slice(found.startsAt, end).trim() };
  }
  // A bare number with no separators at all ("2125550100", "+442071838750") inside a word.
  const bare = /\+?\d{7,15}/.exec(spelled);
  if (bare) {
    const parsed = parsePhoneNumberFromString(bare[0], defaultCountry);
    if (parsed?.isValid()) return { e164: parsed.number, extension: null, matched: clipped.slice(bare.index, bare.index + bare[0].length) };
  }
  return null;
}
