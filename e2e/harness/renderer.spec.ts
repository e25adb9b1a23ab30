import { expect, test } from '@playwright/test';
import { serveBuiltRenderer, type StaticServer } from './static-server';

let server: StaticServer;
test.beforeAll(async () => {
  server = await serveBuiltRenderer();
});
test.afterAll(async () => {
  await server.close();
});

test('the built renderer loads under its CSP and shows the app heading', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ringside');
  await page.screenshot({ path: 'test-results/screenshots/welcome-light.png' });
  expect(errors).toEqual([]);
});

test('the renderer follows the dark colour scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(28, 28, 30)');
  await page.screenshot({ path: 'test-results/screenshots/welcome-dark.png' });
});
