/**
 * Issue 30's screens in Chromium with the built renderer, the real IPC handlers, core (webhook
 * outbox, delivery worker, wrap-up hold) and demo simulator, against a real local receiver:
 * Settings → Wrap-up and Integrations (add an endpoint with a generated secret, send a test),
 * a call's wrap-up in the popover (require mode: the dial form is blocked; Enter in the note
 * never dials), its `call.completed` answered 500 until parked, then Retry once the receiver is
 * fixed; the wrap-up's notification, whose click shows the step again. Light and dark, at the
 * windows' real sizes (Settings 560×680, popover 380×560); screenshots in docs/screenshots.
 *
 * The fast-forward: the worker parks a delivery after MAX_ATTEMPTS tries AND MAX_AGE_MS of
 * trying (days offline park nothing), with a backoff that grows to an hour, and the engine
 * offers the app no clock to move. The spec sets the waiting deliveries' attempt count to the
 * last one and their creation that long ago in the archive (as if three days of tries had
 * passed), so the next real try against the real receiver parks it.
 */
import type { DatabaseSync } from 'node:sqlite';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MAX_AGE_MS, MAX_ATTEMPTS } from '../../src-main/core/webhooks/backoff';
import { WebhookReceiver } from '../../test-support/webhook-receiver';
import { startHarness, type Harness } from './ringside-harness';

let harness: Harness | null = null;
let receiver: WebhookReceiver | null = null;
test.afterEach(async () => {
  await harness?.close();
  await receiver?.close();
  harness = receiver = null;
});

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png` });

/** The archive of the demo's core (tests may reach into the core's parts; see docs/ARCHITECTURE.md). */
function archiveOf(h: Harness): DatabaseSync {
  return (h.controller.requireCore() as unknown as { archive: { database: DatabaseSync } }).archive.database;
}

/** As if three days of tries had passed: every waiting delivery is at its last attempt and as old as a parked one must be. */
function lastAttempt(h: Harness): void {
  archiveOf(h)
    .prepare("UPDATE webhook_deliveries SET attempts = ?, created_ms = min(created_ms, ?) WHERE state = 'pending'")
    .run(MAX_ATTEMPTS - 1, Date.now() - MAX_AGE_MS);
}

function parkedEvents(h: Harness): string[] {
  return (archiveOf(h).prepare("SELECT event FROM webhook_deliveries WHERE state = 'parked'").all() as Array<{ event: string }>).map((r) => r.event);
}

const event = (r: { headers: Record<string, string> }) => r.headers['ringside-event'];
const keyOf = (r: { headers: Record<string, string> }) => r.headers['ringside-idempotency-key'];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('an endpoint added in Settings, a required wrap-up after a call, its delivery parked at 500 and retried', async ({ page, context }) => {
      test.setTimeout(90_000);
      receiver = await WebhookReceiver.start();
      const hook = receiver;
      hook.behave = () => ({ status: 500, body: 'database is down' });
      harness = await startHarness({ timeScale: 20, seedHistory: 30 });
      const h = harness;

      // Settings → Wrap-up: required, 90 seconds.
      await page.setViewportSize({ width: 560, height: 680 });
      await h.open(page, 'settings');
      await page.getByLabel('Require a wrap-up before the next call').check();
      await page.getByLabel('Wrap-up time (seconds)').fill('90');
      await page.getByLabel('Wrap-up time (seconds)').press('Enter');
      await expect.poll(() => h.controller.snapshot().settings.wrapUpSeconds).toBe(90);
      expect(h.controller.snapshot().settings.wrapUp).toBe('require');
      await page.getByRole('heading', { name: 'Wrap-up' }).scrollIntoViewIfNeeded();
      await shot(page, `settings-wrap-up-${scheme}`);

      // Settings → Integrations: the form refuses in words, then an endpoint with a generated secret.
      const integrations = page.getByRole('region', { name: 'Integrations' });
      await integrations.getByRole('button', { name: 'Add endpoint' }).click();
      await expect(integrations.getByText('The secret needs at least 16 characters.')).toBeVisible();
      await integrations.getByLabel('Address (URL)').fill(hook.url);
      await integrations.getByRole('button', { name: 'Generate' }).click();
      const secret = await integrations.getByLabel('Signing secret').inputValue();
      expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
      await integrations.getByLabel('Name (optional)').fill('CRM logging');
      await integrations.getByRole('heading', { name: 'Add an endpoint' }).scrollIntoViewIfNeeded();
      await accessible(page);
      await shot(page, `settings-integrations-add-${scheme}`);
      await integrations.getByRole('button', { name: 'Add endpoint' }).click();
      const endpoint = integrations.getByRole('listitem', { name: 'CRM logging' });
      await expect(endpoint).toBeVisible();
      await expect(integrations.getByLabel('Signing secret')).toHaveValue('');
      await expect(page.getByText(secret)).toHaveCount(0);
      await endpoint.getByRole('button', { name: 'Send test' }).click();
      await expect(endpoint.getByText('Test: answered 500 Internal Server Error: database is down')).toBeVisible();
      expect(hook.requests.map(event)).toEqual(['ping']);

      // The popover: a call that ends opens its wrap-up; the dial form waits for it.
      const popover = await context.newPage();
      await popover.setViewportSize({ width: 380, height: 560 });
      await h.open(popover, 'popover');
      await expect(popover.getByLabel('Ring me at')).toHaveValue('+16505550198');
      await popover.getByLabel('Number to call').fill('+1 212 555 0100');
      await popover.getByLabel('Number to call').press('Enter');
      const wrapUp = popover.getByRole('form', { name: 'Wrap-up' });
      await expect(wrapUp).toBeVisible({ timeout: 15_000 });
      await expect(popover.getByRole('timer')).toHaveText(/^1:(2\d|30) left$/);
      await expect(wrapUp.getByLabel('Disposition')).toBeFocused();
      const placed = h.controller.snapshot().calls.length;

      // Enter in the note is a new line: no call, no Done.
      await wrapUp.getByLabel('Note').fill('Wants the annual plan');
      await wrapUp.getByLabel('Note').press('Enter');
      await wrapUp.getByLabel('Note').pressSequentially('Send the quote Monday');
      await expect(wrapUp.getByLabel('Note')).toHaveValue('Wants the annual plan\nSend the quote Monday');
      await wrapUp.getByRole('button', { name: 'Done' }).click();
      await expect(wrapUp.getByText('Choose a disposition first: a wrap-up is required after each call.')).toBeVisible();
      await wrapUp.getByLabel('Disposition').selectOption('Reached');
      await accessible(popover);
      await shot(popover, `popover-wrap-up-${scheme}`);

      await popover.getByRole('button', { name: 'New call' }).click();
      await expect(popover.getByText(/^Finish the wrap-up of your call with .+ first \(1:\d\d left\)\.$/)).toBeVisible();
      await popover.getByLabel('Number to call').fill('+1 212 555 0101');
      await popover.getByLabel('Number to call').press('Enter');
      await expect(popover.getByRole('button', { name: 'Call', exact: true })).toBeDisabled();
      await accessible(popover);
      await shot(popover, `popover-wrap-up-blocked-${scheme}`);
      expect(h.controller.snapshot().calls).toHaveLength(placed);

      await popover.getByRole('button', { name: 'Back to the wrap-up' }).click();
      await expect(wrapUp.getByLabel('Disposition')).toHaveValue('Reached');
      await wrapUp.getByRole('button', { name: 'Done' }).click();
      await expect(wrapUp).toBeHidden();
      expect(h.controller.snapshot().calls).toHaveLength(placed);

      // The call is reported once the wrap-up is done; the receiver answers 500 until the delivery is parked.
      await expect.poll(() => hook.requests.filter((r) => event(r) === 'call.completed').length, { timeout: 20_000 }).toBeGreaterThan(0);
      const completed = hook.requests.find((r) => event(r) === 'call.completed')!;
      expect(JSON.parse(completed.body)).toMatchObject({ call: { disposition: 'Reached', note: 'Wants the annual plan\nSend the quote Monday' } });
      // The engine parks it at its next try; then the window shows it (from main's event).
      await expect
        .poll(
          () => {
            lastAttempt(h);
            return parkedEvents(h);
          },
          { timeout: 30_000 },
        )
        .toContain('call.completed');
      const failed = integrations.getByRole('listitem', { name: /^call\.completed, Call with / });
      await expect(failed).toHaveCount(1);
      await expect(failed).toContainText(`${MAX_ATTEMPTS} attempts`);
      await expect(failed).toContainText('answered 500 Internal Server Error: database is down');
      await expect(failed).toContainText('to CRM logging');
      await integrations.getByRole('heading', { name: /^Failed deliveries/ }).scrollIntoViewIfNeeded();
      await accessible(page);
      await shot(page, `integrations-failed-delivery-${scheme}`);

      // Fixed receiver, Retry: delivered with the same idempotency key it carried on every try.
      hook.behave = () => ({ status: 200, body: 'ok' });
      await failed.getByRole('button', { name: /^Retry/ }).click();
      await expect(failed).toHaveCount(0);
      await expect.poll(() => hook.accepted.filter((r) => event(r) === 'call.completed').length, { timeout: 15_000 }).toBe(1);
      const keys = new Set(hook.requests.filter((r) => event(r) === 'call.completed').map(keyOf));
      expect(keys.size).toBe(1);
      // Anything else parked meanwhile (the note's call.updated behind it) goes the same way.
      for (const other of await integrations.getByRole('button', { name: /^Retry/ }).all()) await other.click();
      await expect(integrations.getByText('No failed deliveries: every event reached its receiver or is still being tried.')).toBeVisible({ timeout: 15_000 });
      await expect(endpoint).toContainText(/Last delivered just now: answered 200 OK/);
      await expect(endpoint).toContainText('Nothing waiting');
      await integrations.getByRole('heading', { name: 'Webhook endpoints' }).scrollIntoViewIfNeeded();
      await accessible(page);
      await shot(page, `settings-integrations-${scheme}`);

      // Ask mode: the step may be skipped, and the next call is not held back.
      await page.getByLabel('Offer a wrap-up (can be skipped)').check();
      await expect.poll(() => h.controller.snapshot().settings.wrapUp).toBe('ask');
      await popover.getByRole('button', { name: 'New call' }).click();
      await expect(popover.getByText(/Finish the wrap-up/)).toHaveCount(0);
      await popover.getByLabel('Number to call').fill('+1 212 555 0104');
      await popover.getByLabel('Number to call').press('Enter');
      await expect(wrapUp).toBeVisible({ timeout: 15_000 });
      await expect(wrapUp.getByText('Optional: Skip if there is nothing to add.')).toBeVisible();
      await accessible(popover);
      await shot(popover, `popover-wrap-up-ask-${scheme}`);
      // The shell's notification (recorded here) names the call; its click brings the step back to a popover showing the form.
      const notice = h.ports.notifications.filter((n) => n.title.startsWith('Wrap up your call with ')).at(-1);
      expect(notice).toMatchObject({ callId: h.controller.snapshot().wrapUps[0]?.callId, body: 'Choose a disposition and write a note, or skip it.' });
      await popover.getByRole('button', { name: 'New call' }).click();
      await expect(wrapUp).toBeHidden();
      await expect(popover.getByRole('button', { name: /^Wrap-up of your last call: 1:\d\d left$/ })).toBeVisible();
      h.controller.notificationClicked(notice!.callId);
      await expect(wrapUp).toBeVisible();
      expect(h.ports.openedWindows.at(-1)).toBe('popover');
      await wrapUp.getByRole('button', { name: 'Skip' }).click();
      await expect(wrapUp).toBeHidden();
      await expect(popover.getByRole('button', { name: 'New call' })).toBeFocused();
      // The skipped wrap-up's reminder is taken back from the screen.
      await expect.poll(() => h.ports.withdrawnNotifications).toContain(notice!.tag);
    });
  });
}
