import { parseArgs } from 'node:util';
import { WEBHOOK_EVENTS, webhookEndpointInputSchema, type ReceiverAnswer, type WebhookEvent } from '../../src-shared/webhooks';
import { openLocal } from './cli-context';
import { UserError } from './user-error';

/** The environment variable a secret may come from instead of standard input (never from the command line). */
export const WEBHOOK_SECRET_ENV = 'RINGSIDE_WEBHOOK_SECRET';

export const WEBHOOKS_USAGE = `  webhooks list [--json]         Webhook endpoints, their queues and failed deliveries
  webhooks add <url> --events <e,…> [--label <text>]
                                 Post call outcomes to <url> (https, or http on this computer); events:
                                 ${WEBHOOK_EVENTS.join(', ')}. The signing secret is read from
                                 ${WEBHOOK_SECRET_ENV} or standard input, never from the command line
                                 (printf '%s' "$SECRET" | ringside webhooks add …)
  webhooks remove <id>           Stop posting to an endpoint (what still waits for it is dropped)
  webhooks retry <deliveryId>    Send a failed delivery again (same idempotency key)
  webhooks test <id>             Send a signed ping now and show the receiver's answer`;

export interface WebhooksIo {
  stdout: (line: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
}

/** What a receiver answered, in words for the terminal (the app words the same facts its own way). */
export function answerWords(answer: ReceiverAnswer | null): string {
  if (!answer) return 'no answer yet';
  if (answer.status === null)
    return { timeout: 'no answer in time', network: 'could not be reached', refused: 'refused the connection', tls: 'TLS failed' }[answer.failure!];
  const excerpt = answer.bodyExcerpt.replace(/\s+/g, ' ').trim().slice(0, 80);
  return `HTTP ${answer.status}${excerpt ? `: ${excerpt}` : ''}`;
}

function parse(args: readonly string[], options: Record<string, { type: 'string' | 'boolean' }>, positionals: number) {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.positionals.length !== positionals) throw new Error(positionals ? 'It needs one argument' : `Unexpected argument "${parsed.positionals[0]}"`);
    return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  } catch (error) {
    throw new UserError(`${(error as Error).message}. Run "ringside help" for the options.`);
  }
}

export async function webhooksCommand(args: readonly string[], io: WebhooksIo): Promise<number> {
  const [sub, ...rest] = args;
  const spec = { list: [{}, 0], add: [{ events: { type: 'string' }, label: { type: 'string' } }, 1], remove: [{}, 1], retry: [{}, 1], test: [{}, 1] } as const;
  if (!sub || !(sub in spec)) throw new UserError('webhooks needs one of: list, add, remove, retry, test. Run "ringside help" for the options.');
  const [options, count] = spec[sub as keyof typeof spec];
  const { values, positionals } = parse(rest, options, count);
  const argument = positionals[0]!;
  // Read before opening the archive, so a bad secret changes nothing.
  const input = sub === 'add' ? await addInput(argument, values, io) : null;
  const connection = await openLocal({ dataDir: values['data-dir'] as string | undefined, env: io.env });
  try {
    const webhooks = connection.core.webhooks;
    switch (sub) {
      case 'list': {
        const view = webhooks.list();
        if (values['json'] === true) io.stdout(JSON.stringify(view, null, 2));
        else {
          for (const e of view.endpoints)
            io.stdout(`${e.id}  ${e.url}${e.label ? ` (${e.label})` : ''}  ${e.events.join(',')}  waiting ${e.pending}  last: ${answerWords(e.lastAnswer)}`);
          if (view.endpoints.length === 0) io.stdout('No webhook endpoints.');
          for (const f of view.failed)
            io.stdout(`failed ${f.id}  ${f.event}  ${f.party ?? f.callId ?? ''}  to ${f.endpointUrl}  after ${f.attempts} tries: ${answerWords(f.lastAnswer)}`);
        }
        return 0;
      }
      case 'add': {
        const view = await webhooks.add(input!);
        io.stdout(values['json'] === true ? JSON.stringify(view) : `Added ${view.id}: ${view.url} (${view.events.join(', ')})`);
        return 0;
      }
      case 'remove': {
        const { removed } = await webhooks.remove(argument);
        if (!removed) throw new UserError(`No webhook endpoint ${argument}.`, 1);
        io.stdout(`Removed ${argument}.`);
        return 0;
      }
      case 'retry': {
        const { queued } = webhooks.retry(argument);
        if (!queued) throw new UserError(`No failed delivery ${argument}.`, 1);
        io.stdout(`Queued ${argument} again; it goes while Ringside runs.`);
        return 0;
      }
      default: {
        const { answer } = await webhooks.test(argument);
        io.stdout(values['json'] === true ? JSON.stringify(answer) : `Ping: ${answerWords(answer)}`);
        return answer.status !== null && answer.status >= 200 && answer.status < 300 ? 0 : 1;
      }
    }
  } finally {
    await connection.close();
  }
}

async function addInput(url: string, values: Record<string, string | boolean | undefined>, io: WebhooksIo) {
  const events = typeof values['events'] === 'string' ? values['events'].split(',').map((e) => e.trim()) : [];
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (events.length === 0 || unknown.length > 0) throw new UserError(`--events must list some of: ${WEBHOOK_EVENTS.join(', ')}.`);
  const secret = (io.env[WEBHOOK_SECRET_ENV] ?? (await io.readStdin())).trim();
  const parsed = webhookEndpointInputSchema.safeParse({
    url,
    secret,
    events: events as WebhookEvent[],
    label: (values['label'] as string | undefined) ?? null,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const hint = issue.path[0] === 'secret' ? ` Give it in ${WEBHOOK_SECRET_ENV} or on standard input.` : '';
    throw new UserError(`${issue.message}${hint}`);
  }
  return parsed.data;
}
