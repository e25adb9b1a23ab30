/** Issue 26, item 8: a page-sized dial link is refused before any parser reads it. */
import { describe, expect, it } from 'vitest';
import { dialRequestFromLink } from './dial-request';
import { MAX_DIAL_LINK, numberFromProtocolUrl, parseDialLink } from './protocol-url';

// Spaces made parseDialLink's pause pattern backtrack for tens of seconds on 131 KB.
const HUGE = ['tel:' + ' '.repeat(131_000) + 'x', 'tel:' + '1'.repeat(131_000), 'callto:' + ',p'.repeat(65_500)];

describe('dial links are bounded before parsing (issue 26, item 8)', () => {
  it.each(HUGE.map((url) => [url.slice(0, 12), url]))('refuses %s… (131 KB) with a clear message, unread', (_label, url) => {
    expect(parseDialLink(url)).toBeNull();
    expect(numberFromProtocolUrl(url)).toBeNull();
    const request = dialRequestFromLink(url, 'US');
    expect(request).toMatchObject({ kind: 'noNumber', source: 'link', text: '' });
    expect(request && 'message' in request ? request.message : '').toMatch(
      /^The (tel|callto): link was too long to hold a phone number \(131 KB\); Ringside did not read it\.$/,
    );
  });

  it('reads a link at the bound as before, and leaves other schemes alone', () => {
    const padded = 'tel:+1-212-555-0100;ext=12;phone-context=' + 'x'.repeat(MAX_DIAL_LINK - 41);
    expect(padded.length).toBe(MAX_DIAL_LINK);
    expect(parseDialLink(padded)).toMatchObject({ number: '+1-212-555-0100', extension: '12' });
    expect(dialRequestFromLink('https://' + 'x'.repeat(5000), 'US')).toBeNull();
  });
});
