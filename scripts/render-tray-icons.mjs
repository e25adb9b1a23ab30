// Renders the tray icons (scripts/tray-icon-art.mjs) to PNG with Chromium, into resources/tray.
// Run after changing the art: `node scripts/render-tray-icons.mjs`; the PNGs are committed.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ICONS, iconSvg } from './tray-icon-art.mjs';

const out = path.resolve('resources/tray');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
const page = await browser.newPage();
const sizes = [
  ['', 16],
  ['@2x', 32],
];
for (const name of ICONS) {
  for (const template of [false, true]) {
    for (const [suffix, size] of sizes) {
      const svg = iconSvg(name, template).replace('width="32" height="32"', `width="${size}" height="${size}"`);
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
      const file = path.join(out, `${name}${template ? 'Template' : ''}${suffix}.png`);
      await page.locator('svg').screenshot({ path: file, omitBackground: true });
    }
  }
}
await browser.close();
console.log(`Rendered ${ICONS.length * 4} tray icons into ${out}`);
