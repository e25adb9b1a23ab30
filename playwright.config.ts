import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where it is installed (CI installs it); else Playwright's own browser,
// which needs `npx playwright install chromium` on a machine that can download it.
const debianChromium = '/usr/bin/chromium';
const executablePath = existsSync(debianChromium) ? debianChromium : undefined;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright-artifacts',
  fullyParallel: false,
  workers: 1,
  // One retry on CI, where the machine is shared: a spec that passes only on its retry is
  // still named in the summary (scripts/summarize-results.mjs) as flaky.
  retries: process.env.CI ? 1 : 0,
  // The harness runs the real core and simulator beside Chromium: on a shared 2-core machine a
  // scenario's own steps can take most of Playwright's default 30 s before its teardown runs.
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    launchOptions: {
      executablePath,
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'harness', testDir: 'e2e/harness' },
    { name: 'electron', testDir: 'e2e/electron' },
    { name: 'browser', testDir: 'e2e/browser' },
  ],
});
