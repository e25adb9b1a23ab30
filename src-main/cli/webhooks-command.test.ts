/** `ringside webhooks …` (issue 30): endpoints kept in the CLI's archive, the secret never from argv. */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature, WebhookReceiver } from '../../test-support/webhook-receiver';
import { runCli } from './main';
import { WEBHOOK_SECRET_ENV } from './webhooks-command';

const SECRET = 'cli-secret-0123456789abcdef';
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function run(argv: string[], { stdin = '', env = {} as NodeJS.ProcessEnv } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), readStdin: async () => stdin, env });
  return { code, out, err };
}

describe('ringside webhooks', () => {
  it('adds (secret from standard input), lists, pings with a valid signature and removes an endpoint', async () => {
    receiver = await WebhookReceiver.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-cli-webhooks-'));
    const added = await run(['webhooks', 'add', receiver.url, '--events', 'call.completed,call.updated', '--label', 'CRM', '--data-dir', dataDir, '--json'], {
      stdin: `${SECRET}\n`,
    });
    expect(added.err).toEqual([]);
    expect(added.code).toBe(0);
    const endpoint = JSON.parse(added.out[0]!) as { id: string; url: string };
    expect(endpoint.url).toBe(receiver.url);
    // The secret sits in a file only this user may read, never in the archive or the output.
    const secrets = path.join(dataDir, 'webhook-secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dataDir, 'archive.sqlite')).includes(SECRET)).toBe(false);
    expect(added.out.join('\n')).not.toContain(SECRET);

    const listed = await run(['webhooks', 'list', '--data-dir', dataDir]);
    expect(listed.out[0]).toContain(`${endpoint.id}  ${receiver.url} (CRM)  call.completed,call.updated  waiting 0  last: no answer yet`);

    const pinged = await run(['webhooks', 'test', endpoint.id, '--data-dir', dataDir]);
    expect(pinged).toMatchObject({ code: 0, out: ['Ping: HTTP 200: ok'] });
    const [ping] = receiver.requests;
    expect(await verifySignature(SECRET, ping!.headers['ringside-signature'], ping!.body, Date.now())).toBe(true);

    expect(await run(['webhooks', 'remove', endpoint.id, '--data-dir', dataDir])).toMatchObject({ code: 0, out: [`Removed ${endpoint.id}.`] });
    expect((await run(['webhooks', 'list', '--data-dir', dataDir])).out).toEqual(['No webhook endpoints.']);
    expect(JSON.parse(readFileSync(secrets, 'utf8'))).toEqual({});
  });

  it('takes the secret from the environment too, and explains bad input without saving anything', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-cli-webhooks-'));
    const fromEnv = await run(['webhooks', 'add', 'https://hooks.example.com/x', '--events', 'call.completed', '--data-dir', dataDir], {
      env: { [WEBHOOK_SECRET_ENV]: SECRET },
    });
    expect(fromEnv.code).toBe(0);
    const noSecret = await run(['webhooks', 'add', 'https://hooks.example.com/y', '--events', 'call.completed', '--data-dir', dataDir]);
    expect(noSecret).toMatchObject({
      code: 2,
      err: [`ringside: The secret needs at least 16 characters. Give it in ${WEBHOOK_SECRET_ENV} or on standard input.`],
    });
    // A secret on the command line is not an option at all.
    const inArgv = await run(['webhooks', 'add', 'https://hooks.example.com/z', '--events', 'call.completed', '--secret', SECRET, '--data-dir', dataDir]);
    expect(inArgv.code).toBe(2);
    expect(inArgv.err[0]).toMatch(/Unknown option '--secret'/);
    const badEvent = await run(['webhooks', 'add', 'https://hooks.example.com/z', '--events', 'call.done', '--data-dir', dataDir], { stdin: SECRET });
    expect(badEvent.err).toEqual(['ringside: --events must list some of: call.completed, call.updated, leg.changed.']);
    const plainHttp = await run(['webhooks', 'add', 'http://hooks.example.com/z', '--events', 'call.completed', '--data-dir', dataDir], { stdin: SECRET });
    expect(plainHttp.err[0]).toMatch(/must start with https:\/\//);
    expect((await run(['webhooks', 'list', '--data-dir', dataDir])).out).toHaveLength(1);
    expect(await run(['webhooks', 'retry', 'dlv_nope', '--data-dir', dataDir])).toMatchObject({ code: 1, err: ['ringside: No failed delivery dlv_nope.'] });
    expect((await run(['help'])).out[0]).toContain(
      `read from\n                                 ${WEBHOOK_SECRET_ENV} or standard input, never from the command line`,
    );
  });
});
