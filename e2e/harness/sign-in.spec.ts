/**
 * Browser sign-in against the realistic simulator (REALITY 1–2): the consent page, the fixed
 * registered redirect URI, an unregistered one explained in the app, and a session ended by
 * RingCentral (the 5-session cap) shown as "Signed out by RingCentral" with one-click sign-in.
 */
import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { Simulator } from '../../src-simulator';
import { DEFAULT_REDIRECT_URI } from '../../src-shared/settings';
import { MemorySecretStore, silentLogger } from '../../src-main/core/ports';
import { Session } from '../../src-main/core/auth/session';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness | undefined;
let sim: Simulator | undefined;
test.afterEach(async ({ page }) => {
  // The page first: its open connections would keep the renderer's server from closing (as in dial.spec.ts).
  await page.close();
  await harness?.close();
  harness = undefined;
  await sim?.close();
  sim = undefined;
});

/** A port nobody listens on right now (0 = ask the system for one). */
function portFree(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(null));
    probe.listen(port, '127.0.0.1', () => {
      const { port: got } = probe.address() as { port: number };
      probe.close(() => resolve(got));
    });
  });
}

/** Ringside's fixed URI when its port is free here; else an extra URI the simulator also registers. */
async function redirectUriForThisMachine(): Promise<{ uri: string; env: Record<string, string> }> {
  if (await portFree(37219)) return { uri: DEFAULT_REDIRECT_URI, env: {} };
  const uri = `http://127.0.0.1:${(await portFree(0))!}/callback`;
  console.log(`Port 37219 is taken on this machine: signing in with the extra registered URI ${uri} (RC_REDIRECT_URI).`);
  return { uri, env: { RC_REDIRECT_URI: uri } };
}

async function startSignedOut(env: Record<string, string>) {
  harness = await startHarness({ env: { RC_SERVER_URL: sim!.url, RC_CLIENT_ID: sim!.app.clientId, ...env } });
  return harness;
}

async function signInPage(page: Page) {
  await page.setViewportSize({ width: 520, height: 900 });
  await harness!.open(page, 'signin');
  await page.getByLabel('Custom server').check();
  await page.getByLabel('Server address').fill(sim!.url);
  await page.getByLabel('App client ID').fill(sim!.app.clientId);
}

/** The "system browser": RingCentral's consent page, then back to Ringside's loopback listener. */
async function consentInBrowser(page: Page, authorizeUrl: string) {
  const browser = await page.context().newPage();
  await browser.goto(authorizeUrl);
  await expect(browser.getByRole('heading', { name: 'RingCentral simulator' })).toBeVisible();
  await browser.getByRole('link', { name: 'Allow' }).click();
  await expect(browser.getByRole('heading', { name: 'You can close this tab' })).toBeVisible();
  await browser.close();
}

test('signs in through the consent page with the fixed redirect URI; signed out by RingCentral, then one click signs in again', async ({ page }) => {
  const { uri, env } = await redirectUriForThisMachine();
  sim = await Simulator.start({ timeScale: 20, seedHistory: 40, redirectUris: uri === DEFAULT_REDIRECT_URI ? [] : [uri] });
  const h = await startSignedOut(env);
  await signInPage(page);
  await expect(page.getByLabel('Redirect URI to register')).toHaveValue(uri);
  await page.getByRole('button', { name: 'Sign in with RingCentral' }).click();
  await expect.poll(() => h.ports.openedUrls.length).toBe(1);
  expect(new URL(h.ports.openedUrls[0]!).searchParams.get('redirect_uri')).toBe(uri);
  await consentInBrowser(page, h.ports.openedUrls[0]!);
  await expect.poll(() => h.controller.currentSession.status, { timeout: 10_000 }).toBe('signedIn');

  // Five more sign-ins of the same user and app: RingCentral ends the oldest session, the app's.
  await harness!.open(page, 'popover');
  await expect(page.getByLabel('Number to call')).toBeVisible();
  await expect.poll(async () => (await h.controller.requireArchive().history.list({})).total, { timeout: 15_000 }).toBeGreaterThan(0);
  const archived = (await h.controller.requireArchive().history.list({})).total;
  for (let i = 0; i < 5; i++)
    await new Session({ server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret }, new MemorySecretStore(), silentLogger).signInWithJwt(
      Object.keys(sim.app.jwts)[0]!,
    );
  // The next request to RingCentral meets the 401 (own numbers are cached per session, so a history sync).
  await (async () => h.controller.requireCore().history.sync())().catch(() => undefined);
  await expect(page.getByText('Signed out by RingCentral', { exact: true })).toBeVisible({ timeout: 10_000 });
  expect((await h.controller.requireArchive().history.list({})).total).toBeGreaterThanOrEqual(archived);
  // Six sign-ins just now: RingCentral's Auth rate limit (5 a minute, 3 s at this time scale) has to pass first.
  const service = sim;
  await expect
    .poll(() => service.rateLimiter.remaining(`app:${service.app.clientId}`, 'Auth'), { timeout: 15_000, message: "the app's Auth window to clear" })
    .toBe(service.rateLimiter.limits.Auth);
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await expect.poll(() => h.ports.openedUrls.length).toBe(2);
  await consentInBrowser(page, h.ports.openedUrls[1]!);
  await expect(page.getByLabel('Number to call')).toBeVisible({ timeout: 10_000 });
  expect(h.controller.currentSession.status).toBe('signedIn');
});

test('an unregistered redirect URI is explained in the app with the exact URI to register (OAU-109)', async ({ page }) => {
  sim = await Simulator.start({ timeScale: 20, seedHistory: 0 });
  const unregistered = `http://127.0.0.1:${(await portFree(0))!}/callback`;
  const h = await startSignedOut({ RC_REDIRECT_URI: unregistered });
  await signInPage(page);
  await expect(page.getByLabel('Redirect URI to register')).toHaveValue(unregistered);
  await page.getByRole('button', { name: 'Sign in with RingCentral' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("Ringside's redirect URI is not registered for your RingCentral app (OAU-109");
  await expect(alert).toContainText(`add exactly ${unregistered}`);
  expect(h.ports.openedUrls).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`sign-in screen with the redirect URI to register (${scheme})`, async ({ page }) => {
    sim = await Simulator.start({ timeScale: 20, seedHistory: 0 });
    await page.emulateMedia({ colorScheme: scheme });
    await startSignedOut({});
    await page.setViewportSize({ width: 480, height: 900 });
    await harness!.open(page, 'signin');
    await expect(page.getByLabel('Redirect URI to register')).toHaveValue(DEFAULT_REDIRECT_URI);
    await expect(page.getByText(/Signed in as/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Try the demo' })).toHaveCount(1);
    await page.getByText('Set up your RingCentral app').click();
    await page.screenshot({ path: `test-results/screenshots/signin-redirect-${scheme}.png`, fullPage: true });
  });
}
