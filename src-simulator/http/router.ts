import type { OAuthSession } from '../oauth/token-store';
import type { SimRequest, SimResponse, ThrottlingGroup } from './types';

export interface RouteContext {
  req: SimRequest;
  params: Record<string, string>;
  /** The signed-in session for bearer routes (absent on OAuth routes). */
  session: OAuthSession | null;
}

export interface Route {
  method: string;
  /** Path template from the spec, e.g. /restapi/v1.0/account/{accountId}/extension/{extensionId}. */
  path: string;
  operationId: string;
  group: ThrottlingGroup;
  /** `bearer`: needs an access token; `client`: OAuth endpoints (client auth in the handler). */
  auth: 'bearer' | 'client' | 'none';
  handle(ctx: RouteContext): SimResponse | Promise<SimResponse>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(routes: Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      this.compiled.push({ route, pattern: new RegExp(`^${source}/?$`), names });
    }
  }

  /** The route for a request, or whether the path exists with another method. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | { pathExists: boolean } {
    let pathExists = false;
    for (const { route, pattern, names } of this.compiled) {
      const m = pattern.exec(path);
      if (!m) continue;
      pathExists = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return { pathExists };
  }

  routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }
}
