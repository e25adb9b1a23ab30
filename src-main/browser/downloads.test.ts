/** Issue 25, item 14: the browser edition's exports are downloads, never files on the host. */
import { describe, expect, it } from 'vitest';
import { downloadHeaders, Downloads, DOWNLOAD_PATH } from './downloads';

describe('browser edition downloads', () => {
  it('offers each export under its own one-time path; a second export the same day never replaces the first', async () => {
    const offers: Array<{ url: string; name: string }> = [];
    const downloads = new Downloads((offer) => offers.push(offer));
    const first = await downloads.saveTarget.save('ringside-history-2026-12-03.csv', ['id\r\n', 'a\r\n'.repeat(3)]);
    const second = await downloads.saveTarget.save('ringside-history-2026-12-03.csv', ['id\r\n', 'b\r\n']);
    expect(first).toEqual({ saved: true, path: "ringside-history-2026-12-03.csv (your browser's downloads)" });
    expect(second.saved).toBe(true);
    expect(offers).toHaveLength(2);
    expect(offers[0]!.url).not.toBe(offers[1]!.url);
    expect(offers.every((o) => o.url.startsWith(DOWNLOAD_PATH) && o.name === 'ringside-history-2026-12-03.csv')).toBe(true);
    expect(downloads.take(offers[0]!.url)).toEqual({ name: 'ringside-history-2026-12-03.csv', body: 'id\r\na\r\na\r\na\r\n' });
    expect(downloads.take(offers[1]!.url)?.body).toBe('id\r\nb\r\n');
    // Once only, and nothing for a guessed or other path.
    expect(downloads.take(offers[0]!.url)).toBeNull();
    expect(downloads.take(`${DOWNLOAD_PATH}guess`)).toBeNull();
    expect(downloads.take('/index.html')).toBeNull();
  });

  it('forgets an export nobody fetched after a few minutes; a path in the name is dropped', async () => {
    let now = 0;
    const offers: Array<{ url: string; name: string }> = [];
    const downloads = new Downloads(
      (offer) => offers.push(offer),
      () => now,
    );
    await downloads.saveTarget.save('../../etc/ringside.json', ['[]']);
    expect(offers[0]!.name).toBe('ringside.json');
    now += 6 * 60_000;
    expect(downloads.take(offers[0]!.url)).toBeNull();
  });

  it('downloads as an attachment of the right type', () => {
    expect(downloadHeaders('calls.json')['content-type']).toMatch(/^application\/json/);
    expect(downloadHeaders('calls.csv')).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': expect.stringMatching(/^attachment; filename="calls.csv"/),
    });
  });
});
