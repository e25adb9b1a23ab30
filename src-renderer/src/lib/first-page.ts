import type { InvokeChannel, InvokeRequest, InvokeResponses, Result, RingsideBridge } from '../../../src-shared/ipc-contract';
import { currentRoute } from './route';

/** Rows in one page of the history list (one `history.query`). */
export const PAGE_SIZE = 100;

/** What the history window asks for first: the newest page and the count, no filter. */
export const FIRST_PAGE: InvokeRequest<'history.query'> = { limit: PAGE_SIZE, offset: 0 };

let early: Promise<Result<InvokeResponses['history.query']>> | null = null;

/**
 * Sends the history window's first request as the page starts (`early.ts`, the first module to
 * run), before the rest of the renderer's code is evaluated and the window mounted: main answers
 * while the page is still busy, and the window shows the rows as soon as it asks for them.
 * Only in the history window; nothing else is asked early.
 */
export function askFirstPageEarly(bridge: RingsideBridge, route = currentRoute()): void {
  if (route !== 'history' || early) return;
  early = bridge.invoke('history.query', FIRST_PAGE);
  // A failure is the window's to show when it asks (RingsideClient maps it), not an unhandled rejection now.
  early.catch(() => undefined);
}

const sameRequest = (a: object, b: object) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => (b as Record<string, unknown>)[key] === value);

/**
 * The bridge, with the early request's answer handed to the window's first `history.query` if
 * that is the same request (it is: HistoryState asks for FIRST_PAGE when it is created). The
 * answer is used once; any other first query drops it, so a later one is never answered from it.
 */
export function withFirstPage(bridge: RingsideBridge): RingsideBridge {
  return {
    invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<Result<InvokeResponses[C]>> {
      if (channel === 'history.query' && early) {
        const answer = early;
        early = null;
        if (sameRequest(request, FIRST_PAGE)) return answer as Promise<Result<InvokeResponses[C]>>;
      }
      return bridge.invoke(channel, request);
    },
    on: (channel, listener) => bridge.on(channel, listener),
  };
}
