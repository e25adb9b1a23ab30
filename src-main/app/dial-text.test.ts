import type { CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { findDialNumber } from './dial-text';

/** [text as people select or copy it, expected E.164 (null: no number), expected extension, country] */
const CASES: Array<[string, string | null, string | null, CountryCode?]> = [
  // plain US formats
  ['(212) 555-0100', '+12125550100', null],
  ['212-555-0100', '+12125550100', null],
  ['212.555.0100', '+12125550100', null],
  ['212 555 0100', '+12125550100', null],
  ['2125550100', '+12125550100', null],
  ['+1 212 555 0100', '+12125550100', null],
  ['+1-212-555-0100', '+12125550100', null],
  ['1 (212) 555-0100', '+12125550100', null],
  ['+1.212.555.0100', '+12125550100', null],
  ['  \n\t(212)555-0100\n', '+12125550100', null],
  // inside sentences, signatures, tables
  ['Call me at (212) 555-0101 tomorrow', '+12125550101', null],
  ['Jordan Rivera | Sales | 212.555.0102 | jordan@example.com', '+12125550102', null],
  ['Tel: +1 (650) 555-0198\nFax: +1 (650) 555-0199', '+16505550198', null],
  ['Order #4471 shipped. Questions? 1-212-555-0103', '+12125550103', null],
  // extensions
  ['(212) 555-0100 ext. 123', '+12125550100', '123'],
  ['212-555-0100 x204', '+12125550100', '204'],
  ['+1 212 555 0100 extension 55', '+12125550100', '55'],
  ['+1 212 555 0100;ext=12', '+12125550100', '12'],
  ['212 555 0100,,123', '+12125550100', '123'],
  ['212 555 0100, 9', '+12125550100', '9'],
  // keypad letters (vanity numbers)
  ['1-800-FLOWERS', '+18003569377', null],
  ['Call 1-800-GOT-JUNK today', '+18004685865', null],
  ['(888) GO-FEDEX', '+18884633339', null],
  ['1-800-FLOWERSS', '+18003569377', null],
  // international, with a + or in the country's own format
  ['+44 20 7183 8750', '+442071838750', null],
  ['+44 (0)20 7183 8750', '+442071838750', null],
  ['020 7183 8750', '+442071838750', null, 'GB'],
  ['+49 30 901820', '+4930901820', null],
  ['+33 1 42 68 53 00', '+33142685300', null],
  ['+81 3-3224-9999', '+81332249999', null],
  ['0033 1 42 68 53 00', '+33142685300', null, 'FR'],
  ['Berlin office: 030 901820', '+4930901820', null, 'DE'],
  // garbage: no number to call
  ['', null, null],
  ['hello world', null, null],
  ['12345', null, null],
  ['Invoice 2024-11-28', null, null],
  ['ZIP 94105', null, null],
  ['call ME at HOME', null, null],
  ['555-0100', null, null],
  ['+1 000 000 0000', null, null],
  ['https://example.com/page?id=1234', null, null],
];

describe('findDialNumber: real-world strings', () => {
  it.each(CASES)('%j', (text, e164, extension, country = 'US') => {
    const found = findDialNumber(text, country);
    if (e164 === null) {
      expect(found).toBeNull();
      return;
    }
    expect(found).toMatchObject({ e164, extension });
    // What it was read from is part of the text, as written.
    expect(text).toContain(found!.matched);
  });

  it('has a table of at least 30 strings', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it('takes the first number of several, and ignores what lies beyond a very long selection', () => {
    expect(findDialNumber('Main 212 555 0100, mobile 650 555 0198')?.e164).toBe('+12125550100');
    expect(findDialNumber(`${'x '.repeat(5000)} 212 555 0100`)).toBeNull();
  });
});
