import type { SimExtension } from '../account/demo-account';
import type { Route, RouteContext } from '../http/router';
import type { SimResponse } from '../http/types';
import type { SimContext } from '../context';

/**
 * A handler for `/account/{accountId}/extension/{extensionId}/…`: resolves the path's
 * extension first (`~` = the signed-in one) and answers its 404/403 when it does not fit.
 */
export function withExtension(sim: SimContext, handle: (ctx: RouteContext, extension: SimExtension) => SimResponse): Route['handle'] {
  return (ctx) => {
    const resolved = sim.resolvePath(ctx.params, ctx.session!);
    return 'error' in resolved ? resolved.error : handle(ctx, resolved.extension);
  };
}
