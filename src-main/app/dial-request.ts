import type { CountryCode } from 'libphonenumber-js';
import type { DialRequest } from '../../src-shared/dial-request';
import { findDialNumber, MAX_DIAL_TEXT } from './dial-text';
import { MAX_DIAL_LINK, parseDialLink } from './protocol-url';

/** Longest text prefilled into the number field when no number was found in it. */
const PREFILL_LIMIT = 60;

const shorten = (text: string) => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > PREFILL_LIMIT ? `${oneLine.slice(0, PREFILL_LIMIT - 1)}…` : oneLine;
};

/**
 * What the dial hotkey does with the selected text (or the clipboard): a number to confirm,
 * or the text prefilled with a sentence saying no number was found. Never a call by itself.
 */
export function dialRequestFromText(text: string, defaultCountry: CountryCode): DialRequest {
  const found = findDialNumber(text.slice(0, MAX_DIAL_TEXT), defaultCountry);
  if (found) return { kind: 'number', source: 'hotkey', number: found.e164, extension: found.extension, text: found.matched };
  const shown = shorten(text);
  const message =
    shown === ''
      ? 'Nothing is selected or copied. Select a phone number anywhere, then press the dial shortcut again.'
      : `No phone number found in "${shown}". Correct it below, or select a number and press the shortcut again.`;
  return { kind: 'noNumber', source: 'hotkey', text: shown, message };
}

/** What a tel:/callto:/rcmobile: link asks; null when it is not a dial link at all. */
export function dialRequestFromLink(url: string, defaultCountry: CountryCode): DialRequest | null {
  if (url.length > MAX_DIAL_LINK) {
    const scheme = /^["']?(tel|callto|rcmobile):/i.exec(url)?.[1]?.toLowerCase();
    if (!scheme) return null;
    const size = url.length >= 10_000 ? `${Math.round(url.length / 1000)} KB` : `${url.length} characters`;
    return {
      kind: 'noNumber',
      source: 'link',
      text: '',
      message: `The ${scheme}: link was too long to hold a phone number (${size}); Ringside did not read it.`,
    };
  }
  const link = parseDialLink(url);
  if (!link) return null;
  const found = findDialNumber(link.number, defaultCountry);
  if (!found) {
    return {
      kind: 'noNumber',
      source: 'link',
      text: shorten(link.number),
      message: `The ${link.scheme}: link did not hold a phone number Ringside can call ("${shorten(link.number)}").`,
    };
  }
  return { kind: 'number', source: 'link', number: found.e164, extension: link.extension ?? found.extension, text: link.number };
}
