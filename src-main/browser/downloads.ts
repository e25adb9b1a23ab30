/**
 * Exports in the browser edition: handed to the browser as a download (its Downloads folder,
 * its own "where to save" and overwrite rules), never written to the host's disk. Each export
 * is held in memory under a random one-time path for a few minutes.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SaveTarget } from '../app/app-ports';

export const DOWNLOAD_PATH = '/ringside-download/';
const KEEP_MS = 5 * 60_000;
const MAX_WAITING = 5;

export interface Download {
  name: string;
  body: string;
}

export class Downloads {
  private readonly waiting = new Map<string, Download & { until: number }>();

  constructor(
    /** Tells the page to fetch it (the page that asked for the export). */
    private readonly offer: (download: { url: string; name: string }) => void,
    private readonly now: () => number = Date.now,
  ) {}

  readonly saveTarget: SaveTarget = {
    save: async (defaultName, chunks) => {
      this.forgetOld();
      const name = path.basename(defaultName);
      const token = randomBytes(24).toString('base64url');
      this.waiting.set(token, { name, body: [...chunks].join(''), until: this.now() + KEEP_MS });
      while (this.waiting.size > MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
      this.offer({ url: `${DOWNLOAD_PATH}${token}`, name });
      return { saved: true, path: `${name} (your browser's downloads)` };
    },
  };

  /** The export behind a download path, once; null for any other path. */
  take(pathname: string): Download | null {
    if (!pathname.startsWith(DOWNLOAD_PATH)) return null;
    this.forgetOld();
    const token = pathname.slice(DOWNLOAD_PATH.length);
    const found = this.waiting.get(token);
    if (!found) return null;
    this.waiting.delete(token);
    return { name: found.name, body: found.body };
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [token, item] of this.waiting) if (item.until < now) this.waiting.delete(token);
  }
}

/** The response headers of a download: an attachment with its name, of its type. */
export function downloadHeaders(name: string): Record<string, string> {
  const type = name.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8';
  const ascii = name.replace(/[^\w.-]/g, '_');
  return { 'content-type': type, 'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}` };
}
