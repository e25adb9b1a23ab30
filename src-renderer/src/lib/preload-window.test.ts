/** A lazily loaded window's files start loading as the page starts (the build lists them in a meta tag). */
import { afterEach, describe, expect, it } from 'vitest';
import { preloadWindowCode } from './preload-window';

const LIST = 'analytics ./assets/Analytics-a.js ./assets/shared-b.js ./assets/Analytics-c.css;settings ./assets/Settings-d.js ./assets/shared-b.js';

function pageWith(list: string | null): Document {
  const doc = document.implementation.createHTMLDocument('page');
  if (list !== null) {
    const meta = doc.createElement('meta');
    meta.name = 'ringside-window-chunks';
    meta.content = list;
    doc.head.appendChild(meta);
  }
  return doc;
}

const links = (doc: Document) => [...doc.head.querySelectorAll('link')].map((l) => [l.rel, l.getAttribute('href'), l.getAttribute('as'), l.crossOrigin]);

afterEach(() => document.head.querySelectorAll('link').forEach((l) => l.remove()));

describe('preloadWindowCode', () => {
  it('preloads the opened window’s modules and style, the same requests its import makes', () => {
    const doc = pageWith(LIST);
    preloadWindowCode('analytics', doc);
    expect(links(doc)).toEqual([
      ['modulepreload', './assets/Analytics-a.js', null, ''],
      ['modulepreload', './assets/shared-b.js', null, ''],
      ['preload', './assets/Analytics-c.css', 'style', ''],
    ]);
  });

  it('adds nothing for a window in the first chunk, or when the build listed nothing', () => {
    for (const route of ['history', 'popover', 'analytic']) {
      const doc = pageWith(LIST);
      preloadWindowCode(route, doc);
      expect(links(doc)).toEqual([]);
    }
    const bare = pageWith(null);
    preloadWindowCode('settings', bare);
    expect(links(bare)).toEqual([]);
  });
});
