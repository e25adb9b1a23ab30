import type { SimContact } from '../account/contacts-seed';
import type { SimExtension } from '../account/demo-account';
import type { SimContext } from '../context';
import type { Route } from '../http/router';
import { accountRoutes } from './account-routes';
import { activeCallsRoutes } from './active-calls-routes';
import { callLogRoutes } from './call-log-routes';
import { contactsRoutes } from './contacts-routes';
import { oauthRoutes } from './oauth-routes';
import { ringOutRoutes } from './ringout-routes';
import { subscriptionRoutes } from './subscription-routes';

/** Every API route the simulator answers (the control routes and the login page are served apart). */
export function apiRoutes(sim: SimContext & { addressBook(extension: SimExtension): readonly SimContact[] }): Route[] {
  return [
    ...oauthRoutes(sim),
    ...accountRoutes(sim),
    ...ringOutRoutes(sim),
    ...callLogRoutes(sim),
    ...subscriptionRoutes(sim),
    ...activeCallsRoutes(sim),
    ...contactsRoutes({
      baseUrl: () => sim.url,
      account: sim.account,
      resolvePath: (params, session) => sim.resolvePath(params, session),
      contactsFor: (extension) => sim.addressBook(extension),
      paging: () => sim.realism.addressBookPaging,
      now: () => sim.clock.now(),
    }),
  ];
}
