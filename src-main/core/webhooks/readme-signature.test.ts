/** The signature check README "Integrations" gives receivers works on what Ringside sends, and refuses what it should. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { SECRET, WebhookRig } from '../../../test-support/webhook-rig';

let rig: WebhookRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('the README’s isFromRingside accepts a real delivery, and refuses a changed body, another secret and an old signature', async () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  const sample = /```js\n(import \{ createHmac, timingSafeEqual \} from 'node:crypto';[\s\S]*?)```/.exec(readme)?.[1];
  expect(sample, 'the sample in README "Integrations"').toBeDefined();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-readme-')), 'verify.mjs');
  writeFileSync(file, sample!);
  const { isFromRingside } = (await import(pathToFileURL(file).href)) as {
    isFromRingside: (secret: string, header: string, body: string, now?: number) => boolean;
  };

  rig = await WebhookRig.start();
  rig.place(1);
  await rig.runUntil(() => rig!.receiver.accepted.length === 1, { limitMs: 5000 });
  const { headers, body, at } = rig.receiver.accepted[0]!;
  const signature = headers['ringside-signature']!;
  expect(isFromRingside(SECRET, signature, body, at)).toBe(true);
  expect(isFromRingside(SECRET, signature, body.replace('"call.completed"', '"call.updated"'), at)).toBe(false);
  expect(isFromRingside('someone-else-entirely', signature, body, at)).toBe(false);
  expect(isFromRingside(SECRET, signature, body, at + 301_000)).toBe(false);
  expect(isFromRingside(SECRET, 't=1,v1=00', body, at)).toBe(false);
});
