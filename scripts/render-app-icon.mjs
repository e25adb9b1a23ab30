// Renders the app icon (installers, taskbar, dock, the Linux desktop entry) to PNG with
// Chromium: build/icon.png (1024 px, from which electron-builder makes the .icns and .ico)
// and build/icons/NxN.png for Linux. Run after changing the art: `node scripts/render-app-icon.mjs`;
// the PNGs are committed.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

// A handset on a blue rounded square (the tray's handset), with the two legs' dots: your
// phone answered (green), theirs ringing (amber).
const HANDSET =
  'M10.2 7.2c.6-.2 1.3.1 1.6.7l1.6 3.2c.3.5.1 1.2-.3 1.6l-1.5 1.3c.9 2.1 2.6 3.7 4.6 4.6l1.3-1.5c.4-.4 1.1-.6 1.6-.3l3.2 1.6c.6.3.9 1 .7 1.6l-.6 2.1c-.3.8-1 1.3-1.8 1.2C13.5 22.7 7.6 16.8 6.9 9.6c-.1-.8.4-1.5 1.2-1.8z';

export function appIconSvg(size) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2f7cf6"/><stop offset="1" stop-color="#1857c4"/></linearGradient></defs>
  <rect x="1" y="1" width="30" height="30" rx="7" fill="url(#bg)"/>
  <g transform="translate(1.2 -1.2) scale(0.95)"><path d="${HANDSET}" fill="#fff"/></g>
  <circle cx="21" cy="9.5" r="2.9" fill="#34c759" stroke="#fff" stroke-width="1.1"/>
  <circle cx="26" cy="14.5" r="2.9" fill="#ffb020" stroke="#fff" stroke-width="1.1"/>
</svg>`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const out = path.resolve('build');
  mkdirSync(path.join(out, 'icons'), { recursive: true });
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
  const page = await browser.newPage();
  for (const size of APP_ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${appIconSvg(size)}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(out, 'icons', `${size}x${size}.png`), omitBackground: true });
    if (size === 1024) await page.locator('svg').screenshot({ path: path.join(out, 'icon.png'), omitBackground: true });
  }
  await browser.close();
  console.log(`Rendered the app icon at ${APP_ICON_SIZES.join(', ')} px into ${out}`);
}
