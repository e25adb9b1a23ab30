import type { z } from 'zod';
import { invokeSchemas, type ErrorCode, type InvokeChannel, type InvokeRequest, type InvokeResponses, type Result } from '../../src-shared/ipc-contract';
import { failureOf } from '../core/index';
import type { Logger } from '../core/ports';
import type { AppController } from './app-controller';

/** One handler per invoke channel: a missing one is a compile error. */
export type HandlerTable = { [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponses[C]> | InvokeResponses[C] };

/**
 * Each request goes to the part that answers it: the core's areas directly (calls, history,
 * annotations, analytics) once the app says who is signed in; the app for what it adds
 * (settings, windows, the last call's choices, saving files).
 */
export function handlerTable(app: AppController): HandlerTable {
  const signedIn = () => app.requireCore();
  const readable = () => app.requireArchive();
  return {
    'app.snapshot': () => app.snapshot(),
    'session.signInBrowser': (r) => app.signInWithBrowser(r),
    'session.signInJwt': (r) => app.signInWithJwt({ kind: r.kind, customUrl: r.customUrl, clientId: r.clientId }, r.jwt, r.clientSecret),
    'session.useDemo': () => app.useDemo(),
    'session.signOut': () => app.signOut(),
    'session.signInAgain': () => app.signInAgain(),
    'numbers.list': () => app.ownNumbers(),
    'call.start': (r) => app.placeCall(r),
    'call.cancel': (r) => signedIn().calls.cancel(r.id),
    'history.query': (r) => readable().history.list(r),
    'history.detail': (r) => readable().history.detail(r.id),
    'history.export': (r) => app.exportHistory(r.filter, r.format),
    'history.sync': () => signedIn().history.sync(),
    'settings.update': (r) => app.updateSettings(r),
    'window.open': (r) => app.openWindow(r.window, r.callId),
    'dial.dismiss': () => app.dismissDial(),
    'dial.ask': (r) => app.askToCall(r.number),
    'call.annotation': (r) => signedIn().annotations.get(r),
    'call.annotate': (r) => signedIn().annotations.annotate(r.ref, r.annotation),
    'dispositions.list': () => signedIn().annotations.dispositions(),
    'dispositions.update': (r) => signedIn().annotations.setDispositions(r.dispositions),
    'favourites.set': (r) => signedIn().annotations.setFavourite(r.number, r.favourite, r.id),
    'call.teamNote': (r) => app.team.noteView(signedIn().annotations, r),
    'numbers.quick': () => signedIn().annotations.quickNumbers(),
    'analytics.query': (r) => signedIn().analytics.report(r),
    'analytics.export': (r) => app.exportAnalytics(r),
    'names.refresh': () => app.refreshNames(),
    // Webhooks and the wrap-up (issue 30): the outbox lives in the archive, readable while RingCentral asks for a new sign-in.
    'webhooks.list': () => readable().webhooks.list(),
    'webhooks.add': (r) => readable().webhooks.add(r),
    'webhooks.remove': (r) => readable().webhooks.remove(r.id),
    'webhooks.test': (r) => readable().webhooks.test(r.id),
    'webhooks.retry': (r) => readable().webhooks.retry(r.id),
    'wrapUp.finish': (r) => readable().wrapUp.finish(r.callId, r.annotation),
    'wrapUp.skip': (r) => readable().wrapUp.skip(r.callId),
    'teamBoard.open': async () => {
      const board = signedIn().teamBoard;
      await board.open();
      return board.snapshot();
    },
    // Team analytics (issue 29): the team archive, whoever is signed in to RingCentral.
    'team.analytics': (r) => app.team.analytics(r),
    'team.analyticsExport': (r) => app.team.exportAnalytics(r.request, r.table),
    'teamArchive.get': () => app.team.view(),
    'teamArchive.set': (r) => app.team.set(r),
  };
}

function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not understood.';
  const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
  return `${issue.message}${where}`;
}

/** Turns any failure into an answer the renderer can explain (core/errors.ts has the words); unexpected ones are logged. */
function toFailure(error: unknown, logger: Logger, channel: string): { code: ErrorCode; message: string } {
  const known = failureOf(error);
  if (known) return known;
  logger.error('IPC handler failed', { channel, error: (error as Error)?.message });
  return { code: 'INTERNAL', message: 'Something went wrong inside Ringside. Please try again.' };
}

/**
 * Validates a request against the contract and runs its handler. Never throws: whatever
 * comes in (unknown channel, wrong shape, a failing handler) becomes `{ ok: false }`.
 */
export async function dispatchInvoke(table: HandlerTable, channel: unknown, request: unknown, logger: Logger): Promise<Result<unknown>> {
  if (typeof channel !== 'string' || !Object.hasOwn(invokeSchemas, channel)) {
    return { ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown request.' } };
  }
  const name = channel as InvokeChannel;
  const parsed = invokeSchemas[name].safeParse(request ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_REQUEST', message: describeInvalid(parsed.error) } };
  try {
    const handler = table[name] as (r: unknown) => Promise<unknown> | unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toFailure(error, logger, name) };
  }
}
