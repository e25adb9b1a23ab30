import { describe, expect, it } from 'vitest';
import { dialLinkFromArgs, parseDialLink } from './protocol-url';
import { dialRequestFromLink, dialRequestFromText } from './dial-request';

describe('parseDialLink', () => {
  it.each([
    ['tel:+1-212-555-0100', { scheme: 'tel', number: '+1-212-555-0100', extension: null }],
    ['tel:+1-212-555-0100;ext=123', { scheme: 'tel', number: '+1-212-555-0100', extension: '123' }],
    ['tel:+12125550100;phone-context=example.com;ext=7', { scheme: 'tel', number: '+12125550100', extension: '7' }],
    ['tel:+12125550100;postd=pp22', { scheme: 'tel', number: '+12125550100', extension: '22' }],
    ['tel:2125550100,,123', { scheme: 'tel', number: '2125550100', extension: '123' }],
    ['tel:2125550100p123', { scheme: 'tel', number: '2125550100', extension: '123' }],
    ['tel:2125550100w4%23', { scheme: 'tel', number: '2125550100', extension: '4#' }],
    ['TEL:(212)%20555-0100', { scheme: 'tel', number: '(212) 555-0100', extension: null }],
    ['tel:%2B1%20212%20555%200100', { scheme: 'tel', number: '+1 212 555 0100', extension: null }],
    ['tel://+12125550100', { scheme: 'tel', number: '+12125550100', extension: null }],
    ['callto:+442071838750', { scheme: 'callto', number: '+442071838750', extension: null }],
    ['callto://+44 20 7183 8750/', { scheme: 'callto', number: '+44 20 7183 8750', extension: null }],
    ['callto:+1.212.555.0100', { scheme: 'callto', number: '+1.212.555.0100', extension: null }],
    ['rcmobile://call?number=%2B12125550100', { scheme: 'rcmobile', number: '+12125550100', extension: null }],
    ['rcmobile://call?number=+12125550100', { scheme: 'rcmobile', number: '+12125550100', extension: null }],
    ['rcmobile://call?number=2125550100&ext=45', { scheme: 'rcmobile', number: '2125550100', extension: '45' }],
    ['rcmobile://call?number=2125550100%2C%2C45', { scheme: 'rcmobile', number: '2125550100', extension: '45' }],
  ])('%s', (url, expected) => {
    expect(parseDialLink(url)).toEqual(expected);
  });

  it.each(['https://example.com', 'mailto:a@b.c', 'tel:', 'tel:%E0%A4%A', 'rcmobile://sms?number=2125550100', 'rcmobile://call', 'sip:alice@example.com'])(
    'refuses %s',
    (url) => {
      expect(parseDialLink(url)).toBeNull();
    },
  );
});

describe('dial links per platform', () => {
  it('Windows: the link is an argument, sometimes quoted, after the executable and switches', () => {
    const argv = ['C:\\Program Files\\Ringside\\Ringside.exe', '--allow-file-access-from-files', '"tel:+1-212-555-0100;ext=9"'];
    const link = dialLinkFromArgs(argv);
    expect(link).toBe('"tel:+1-212-555-0100;ext=9"');
    expect(parseDialLink(link!)).toEqual({ scheme: 'tel', number: '+1-212-555-0100', extension: '9' });
  });

  it('Linux: the desktop entry hands %u over as the last argument (second instance too)', () => {
    const argv = ['/opt/Ringside/ringside', '--no-sandbox', 'rcmobile://call?number=%2B442071838750'];
    expect(dialLinkFromArgs(argv)).toBe('rcmobile://call?number=%2B442071838750');
    expect(dialLinkFromArgs(['/opt/Ringside/ringside'])).toBeNull();
  });

  it('macOS: open-url hands over the URL itself, as Safari and Chrome encode it', () => {
    expect(parseDialLink('tel:+1%20(212)%20555-0100,,55')).toEqual({ scheme: 'tel', number: '+1 (212) 555-0100', extension: '55' });
  });
});

describe('dial requests (never a call by themselves)', () => {
  it('a link becomes a number to confirm, with its extension', () => {
    expect(dialRequestFromLink('tel:+1-212-555-0100;ext=123', 'US')).toEqual({
      kind: 'number',
      source: 'link',
      number: '+12125550100',
      extension: '123',
      text: '+1-212-555-0100',
    });
    expect(dialRequestFromLink('callto:020 7183 8750', 'GB')).toMatchObject({ kind: 'number', number: '+442071838750' });
  });

  it('a link without a usable number says so; another scheme is not a dial link', () => {
    expect(dialRequestFromLink('tel:not-a-number', 'US')).toMatchObject({ kind: 'noNumber', source: 'link', message: expect.stringContaining('tel: link') });
    expect(dialRequestFromLink('https://example.com', 'US')).toBeNull();
  });

  it('selected text: the number in it, or the text prefilled with a clear message', () => {
    expect(dialRequestFromText('Call Jordan at 212.555.0104 x9', 'US')).toEqual({
      kind: 'number',
      source: 'hotkey',
      number: '+12125550104',
      extension: '9',
      text: '212.555.0104 x9',
    });
    const none = dialRequestFromText('Meeting notes\nroom 4B', 'US');
    expect(none).toEqual({
      kind: 'noNumber',
      source: 'hotkey',
      text: 'Meeting notes room 4B',
      message: expect.stringContaining('No phone number found in "Meeting notes room 4B"'),
    });
    expect(dialRequestFromText('   ', 'US')).toMatchObject({ kind: 'noNumber', text: '', message: expect.stringContaining('Nothing is selected') });
    expect((dialRequestFromText('x'.repeat(500), 'US') as { text: string }).text).toHaveLength(60);
  });
});
